// Signed statements and the credentials that sign them. The checklist for a signed request
// event: a signature is present (unless the policy in force lets it be absent); it names a
// credential of the acting person, enrolled and not revoked at the event's time; its statement is
// exactly the one buildStatement gives for the event, at a statement time within
// STATEMENT_WINDOW_MS of the event's; and the signature verifies. Replay runs the same checks,
// so a history the operator wrote with the log key alone fails here.
import { refuse } from '../errors.ts';
import type { EventOf, RequestEvent } from '../event-types.ts';
import type { PersonId } from '../ids.ts';
import type { ApprovalState } from '../state-types.ts';
import { instantMs, isIsoInstant } from '../time.ts';
import type { IsoInstant } from '../time.ts';
import { credentialFingerprint, ed25519CredentialId, fromBase64url, isCredentialActiveAt } from '../signing/credential.ts';
import type { CredentialKey, EnrolledCredential } from '../signing/credential.ts';
import type { Proof } from '../signing/proof.ts';
import { STATEMENT_WINDOW_MS, buildStatement, canonicalStatement, isSignedRequestAction } from '../signing/statement.ts';
import type { SignedAction } from '../signing/statement.ts';
import { verifyProof } from '../signing/verify.ts';
import type { RelyingParty } from '../webauthn/assertion.ts';
import { requireActorRole, requirePerson } from './actor.ts';

/** What signature checks need beyond the state: the log's origin, and how strict to be. */
export interface CheckContext {
  /** The log origin statements must name. Without it no signature can be accepted. */
  readonly origin?: string;
  /**
   * `policy` (the default): an absent signature is refused unless the policy in force says
   * `optional`. `required`: always refused (replay: an unsigned decision proves nothing).
   */
  readonly signatures?: 'policy' | 'required' | 'skip';
  /** WebAuthn: the server's relying party (KEYGATE_PUBLIC_URL); replay leaves it out. */
  readonly relyingParty?: RelyingParty;
}

/** The person roles: who holds credentials and signs. */
const PERSON_ROLES = ['dcc', 'pma_chair', 'ssc_chair', 'pma_member'] as const;

type Signed = Extract<RequestEvent, { readonly data: { readonly signature: Proof | null } }>;

export function isSignedEvent(event: RequestEvent): event is Signed {
  return isSignedRequestAction(event.action);
}

/** The signature checklist for a signed request event. */
export function checkSignedEvent(state: ApprovalState, event: Signed, context: CheckContext): void {
  const proof = event.data.signature;
  if (context.signatures === 'skip') return;
  if (proof === null) {
    if (signaturesRequired(state, context)) refuse('signature-missing', `${event.action} by ${event.actor.id} carries no signed statement`);
    return;
  }
  const credential = requireCredentialOf(state, proof, event.actor.id, instantMs(event.time));
  checkProof(credential.key, proof, { action: event.action, person: event.actor.id, data: event.data, time: event.time }, context);
}

function signaturesRequired(state: ApprovalState, context: CheckContext): boolean {
  return context.signatures === 'required' || (state.policy?.terms.signatures ?? 'required') === 'required';
}

/** The credential a proof names: known, the person's own, and active at `ms`. */
function requireCredentialOf(state: ApprovalState, proof: Proof, person: string, ms: number): EnrolledCredential {
  const credential = state.credentials.get(proof.credentialId);
  if (credential === undefined) refuse('credential-unknown', `credential ${proof.credentialId} was never enrolled`, { credentialId: proof.credentialId });
  if (credential.personId !== person) {
    refuse('signature-foreign', `the statement is signed with a credential of ${credential.personId}, not of ${person}`, { credentialId: credential.id, fingerprint: credential.fingerprint });
  }
  if (!isCredentialActiveAt(credential, ms)) refuse('credential-revoked', `credential ${credential.fingerprint} of ${person} was not enrolled and active then`, { fingerprint: credential.fingerprint });
  return credential;
}

interface Signing {
  readonly action: SignedAction;
  readonly person: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** The event's time. */
  readonly time: IsoInstant;
}

/** The statement is the one expected for the event, from a time close to it, and signed by `key`. */
function checkProof(key: CredentialKey, proof: Proof, signing: Signing, context: CheckContext): void {
  if (context.origin === undefined) refuse('signature-mismatch', 'no log origin is known to check the statement against');
  const time = statementTime(proof.statement);
  const skew = Math.abs(instantMs(time) - instantMs(signing.time));
  if (skew > STATEMENT_WINDOW_MS) refuse('signature-stale', `the statement was signed at ${time}, ${Math.round(skew / 1000)} s from ${signing.time}`, { statementTime: time });
  const expected = canonicalStatement(buildStatement({ origin: context.origin, action: signing.action, person: signing.person, time, data: signing.data }));
  if (expected !== proof.statement) refuse('signature-mismatch', `the signed statement does not say what the entry records (${firstDifference(expected, proof.statement)})`);
  verifyProof(key, proof, { origin: context.origin, ...(context.relyingParty === undefined ? {} : { relyingParty: context.relyingParty }) });
}

/** The `time` member of a statement, checked to be an instant; anything else is a mismatch. */
function statementTime(statement: string): IsoInstant {
  let parsed: unknown;
  try {
    parsed = JSON.parse(statement);
  } catch {
    refuse('signature-mismatch', 'the signed statement is not JSON');
  }
  const time = (parsed as { time?: unknown } | null)?.time;
  if (typeof time !== 'string' || !isIsoInstant(time)) refuse('signature-mismatch', 'the signed statement has no valid time');
  return time;
}

/** The first top-level or data member in which two statements differ, for the message. */
function firstDifference(expected: string, given: string): string {
  const a = JSON.parse(expected) as Record<string, unknown>;
  let b: Record<string, unknown>;
  try {
    b = JSON.parse(given) as Record<string, unknown>;
  } catch {
    return 'not JSON';
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b ?? {})])];
  for (const k of keys) {
    if (k === 'data') {
      const da = (a.data ?? {}) as Record<string, unknown>;
      const db = (b?.data ?? {}) as Record<string, unknown>;
      const dk = [...new Set([...Object.keys(da), ...Object.keys(db)])].find((m) => JSON.stringify(da[m]) !== JSON.stringify(db[m]));
      if (dk !== undefined) return `data.${dk}: statement ${JSON.stringify(db[dk])}, entry ${JSON.stringify(da[dk])}`;
    } else if (JSON.stringify(a[k]) !== JSON.stringify(b?.[k])) return `${k}: statement ${JSON.stringify(b?.[k])}, entry ${JSON.stringify(a[k])}`;
  }
  return 'not in canonical form';
}

/**
 * Enrolment: by the person themself (never an admin for somebody else), a well-formed new
 * credential, proof of possession by it, and for a later credential the same statement signed
 * by a credential the person already holds.
 */
export function checkCredentialEnrolled(state: ApprovalState, event: EventOf<'credential.enrolled'>, context: CheckContext): void {
  const { personId, credential, fingerprint, signature, approval } = event.data;
  requireOwnAction(event.actor, personId, event.action);
  requirePerson(state, personId);
  checkCredentialKey(credential, fingerprint);
  if (state.credentials.has(credential.credentialId)) refuse('credential-exists', `credential ${fingerprint} is already enrolled`, { fingerprint });
  if (signature.credentialId !== credential.credentialId) refuse('signature-mismatch', 'the enrolment statement must be signed by the credential it enrols');
  if (context.signatures === 'skip') return;
  const signing: Signing = { action: event.action, person: personId, data: event.data, time: event.time };
  checkProof(credential, signature, signing, context);
  const ms = instantMs(event.time);
  const held = [...state.credentials.values()].some((c) => c.personId === personId && isCredentialActiveAt(c, ms));
  if (!held) {
    if (approval !== null) refuse('credential-unknown', `${personId} holds no credential that could approve this one`);
    return;
  }
  if (approval === null) refuse('credential-approval-missing', `${personId} already holds a credential: a new one must be approved with it`);
  if (approval.statement !== signature.statement) refuse('signature-mismatch', 'the approval must sign the same enrolment statement');
  const approver = requireCredentialOf(state, approval, personId, ms);
  verifyProof(approver.key, approval, { origin: context.origin ?? '', ...(context.relyingParty === undefined ? {} : { relyingParty: context.relyingParty }) });
}

/** Revocation: by the person, or by the secretariat; only an enrolled, active credential of that person. */
export function checkCredentialRevoked(state: ApprovalState, event: EventOf<'credential.revoked'>): void {
  const { personId, credentialId } = event.data;
  if (event.actor.role === 'secretariat') requireActorRole(event.actor, ['secretariat'], event.action);
  else requireOwnAction(event.actor, personId, event.action);
  requirePerson(state, personId);
  const credential = state.credentials.get(credentialId);
  if (credential === undefined || credential.personId !== personId) refuse('credential-unknown', `${personId} has no credential ${credentialId}`, { credentialId });
  if (credential.revokedAt !== null) refuse('credential-revoked', `credential ${credential.fingerprint} was revoked at ${credential.revokedAt}`, { fingerprint: credential.fingerprint });
}

function requireOwnAction(actor: { readonly id: string; readonly role: string }, personId: PersonId, action: string): void {
  if (!(PERSON_ROLES as readonly string[]).includes(actor.role) || actor.id !== personId) {
    refuse('credential-not-own', `${action} for ${personId} by ${actor.role} ${actor.id}: only the person may do this`, { actor: actor.id });
  }
}

/** The credential's id and fingerprint are the ones its key gives. */
function checkCredentialKey(key: CredentialKey, fingerprint: string): void {
  if (credentialFingerprint(key) !== fingerprint) refuse('credential-invalid', `the fingerprint ${fingerprint} is not the key's`);
  if (key.kind === 'ed25519') {
    const raw = fromBase64url(key.publicKey);
    if (raw.length !== 32) refuse('credential-invalid', 'an Ed25519 public key is 32 bytes');
    if (ed25519CredentialId(raw) !== key.credentialId) refuse('credential-invalid', 'an Ed25519 credential id is the base64url SHA-256 of its public key');
  }
}
