// A person's signing credentials for their page and dashboard: each with its fingerprint (for the
// PMA to confirm with its owner out of band), its kind, when it was enrolled and revoked, and the
// log entries that record both, found through the log's subject index (subject: the person).
import type { ApprovalState, EnrolledCredential } from '../../../approvals/index.ts';
import type { Keygate } from '../../compose.ts';
import { searchEntries } from './log-reader.ts';
import type { IndexedEntry } from './log-reader.ts';

/** The credential entries of one person shown at most (a person enrols a handful). */
const MAX_CREDENTIAL_ENTRIES = 200;

export interface CredentialView {
  readonly credentialId: string;
  readonly kind: string;
  readonly fingerprint: string;
  readonly aaguid: string | null;
  readonly enrolledAt: string;
  readonly revokedAt: string | null;
  readonly enrolledEntry: number | null;
  readonly revokedEntry: number | null;
}

export interface CredentialEvent {
  readonly index: number;
  readonly time: string;
  readonly action: string;
  readonly fingerprint: string | null;
  readonly by: string;
}

const credentialIdOf = (e: IndexedEntry): string | null => {
  const data = e.entry.data as { credential?: { credentialId?: unknown }; credentialId?: unknown } | null;
  const id = data?.credential?.credentialId ?? data?.credentialId;
  return typeof id === 'string' ? id : null;
};

/** The person's credential entries in the published log, oldest first. */
export async function credentialEntriesOf(kg: Keygate, personId: string): Promise<IndexedEntry[]> {
  return searchEntries(kg, { action: 'credential', subjectType: 'person', subjectId: personId }, { from: 0, limit: MAX_CREDENTIAL_ENTRIES, order: 'asc' });
}

export function credentialViews(world: ApprovalState, personId: string, entries: readonly IndexedEntry[]): CredentialView[] {
  const own = [...world.credentials.values()].filter((c: EnrolledCredential) => c.personId === personId);
  const entryOf = (id: string, action: string) => entries.find((e) => e.entry.action === action && credentialIdOf(e) === id)?.index ?? null;
  return own.map((c) => ({
    credentialId: c.id,
    kind: c.key.kind,
    fingerprint: c.fingerprint,
    aaguid: c.key.kind === 'webauthn' ? c.key.aaguid : null,
    enrolledAt: c.enrolledAt,
    revokedAt: c.revokedAt,
    enrolledEntry: entryOf(c.id, 'credential.enrolled'),
    revokedEntry: entryOf(c.id, 'credential.revoked'),
  }));
}

/** The enrolments and revocations for a person, newest first: the dashboard tells them. */
export function credentialEvents(world: ApprovalState, entries: readonly IndexedEntry[]): CredentialEvent[] {
  return [...entries].reverse().map((e) => {
    const id = credentialIdOf(e);
    return { index: e.index, time: e.entry.time, action: e.entry.action, fingerprint: id === null ? null : (world.credentials.get(id as never)?.fingerprint ?? null), by: e.entry.actor.id };
  });
}
