// The request page's view model: everything a committee member needs to judge the request, read
// from the request, the world (people, providers, keys, policy) and the log. The live tally is
// the rules' own tally over the rules' own member list, so what the page shows is what closing
// the vote would record.
import { NO_CASTING_VOTES, VOTE_SUBJECTS, conditionDueAt, isTerminal, parseEvent, currentRevision, latestAdvice, latestWaiver, recusalOf, tally, tallyMembers, toPersonId } from '../../../approvals/index.ts';
import type { ApprovalState, CertificateRecordJson, CredentialId, RequestStep, Revision, Tally, TransferRequest, VoteRecord, VoteSubject } from '../../../approvals/index.ts';
import type { Principal } from '../../auth/principal.ts';
import type { Keygate } from '../../compose.ts';
import type { OperationId } from '../../http/permissions.ts';
import { can } from '../access.ts';
import { isOpen, nextSteps } from './next-steps.ts';
import type { NextSteps } from './next-steps.ts';
import { MAX_TIMELINE, searchEntries } from './log-reader.ts';
import type { IndexedEntry } from './log-reader.ts';
import { activeCredentialsOf } from '../signing.ts';

type Verdict = 'pass' | 'warning' | 'fail';

interface Finding {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
}

/** The certificate's verdict at a glance: fail when invalid or any error, warning when only warnings. */
export function verdictOf(cert: { valid?: unknown; findings?: unknown } | null): Verdict {
  if (cert === null) return 'fail';
  const findings = Array.isArray(cert.findings) ? (cert.findings as Finding[]) : [];
  if (cert.valid !== true || findings.some((f) => f.severity === 'error')) return 'fail';
  return findings.length > 0 ? 'warning' : 'pass';
}

function providerView(world: ApprovalState, id: string) {
  const p = [...world.providers.values()].find((x) => x.id === id);
  return { id, name: p?.name ?? id, kind: p?.kind ?? 'unknown', status: p?.status ?? 'unknown', prospective: p?.status === 'prospective' };
}

const nameOf = (world: ApprovalState, id: string): string => world.people.get(toPersonId(id))?.name ?? id;

function liveTally(world: ApprovalState, r: TransferRequest): Tally | null {
  if (world.policy === null) return null;
  const hash = currentRevision(r).hash;
  return tally({ revisionHash: hash, members: tallyMembers(world, r), votes: r.votes, rules: world.policy.terms, castingVotes: NO_CASTING_VOTES });
}

function latestVotes(r: TransferRequest, hash: string): Map<string, VoteRecord> {
  const latest = new Map<string, VoteRecord>();
  for (const v of r.votes) if (v.revisionHash === hash) latest.set(`${v.voterId}|${v.subject}`, v);
  return latest;
}

function subjectViews(world: ApprovalState, r: TransferRequest, t: Tally | null, hash: string) {
  const latest = [...latestVotes(r, hash).values()];
  return VOTE_SUBJECTS.map((subject) => {
    const s = t?.subjects.find((x) => x.subject === subject);
    const required = t?.quorumRequired ?? 0;
    return {
      subject,
      tally: s ?? null,
      required,
      progress: required === 0 ? 0 : Math.min(100, Math.round(((s?.cast ?? 0) / required) * 100)),
      votes: latest.filter((v) => v.subject === subject).map((v) => ({ ...v, voterName: nameOf(world, v.voterId) })),
    };
  });
}

function myPosition(world: ApprovalState, r: TransferRequest, p: Principal, hash: string) {
  if (p.personId === null) return { recusal: null, votes: {} as Partial<Record<VoteSubject, VoteRecord>> };
  const person = world.people.get(toPersonId(p.personId));
  const votes: Partial<Record<VoteSubject, VoteRecord>> = {};
  for (const v of latestVotes(r, hash).values()) if (v.voterId === p.personId) votes[v.subject] = v;
  return { recusal: person === undefined ? 'not_on_roster' : recusalOf(r, person), votes };
}

/**
 * Which forms to show: the role may call the operation (PERMISSIONS) and the rules would accept the
 * step now (nextSteps): no form the operation or the rules would refuse for a reason known already.
 */
function formsFor(p: Principal, steps: NextSteps) {
  const open = (operationId: OperationId, step: RequestStep) => can(p, operationId) && isOpen(steps, step);
  return {
    submit: open('submitRequest', 'submit'),
    withdraw: open('withdrawRequest', 'withdraw'),
    amend: open('amendRequest', 'amend'),
    consultation: open('openConsultation', 'open_consultation'),
    voting: open('openVoting', 'open_voting'),
    waive: open('waiveAdvice', 'waive_advice'),
    information: open('requestInformation', 'request_information'),
    advice: open('recordAdvice', 'record_advice'),
    vote: open('castVote', 'cast_vote'),
    conflict: open('declareConflict', 'declare_conflict'),
    decide: open('decideRequest', 'decide'),
    conditionMet: open('markConditionMet', 'mark_condition_met'),
    execute: open('recordExecution', 'execute'),
    confirmObligation: open('confirmObligation', 'confirm_obligation'),
  };
}

/**
 * The certificate the key was known by while the request was decided. Execution replaces the
 * key's certificate with the recipient's, so after it the world holds the new one: the one voted
 * on is the recipient's certificate of the key's previous transfer, or the one it was registered
 * with (read back from its log entry).
 */
async function votedCertificate(kg: Keygate, r: TransferRequest): Promise<CertificateRecordJson | null> {
  const executedAt = r.execution?.at;
  if (executedAt === undefined) return null;
  const keyId = currentRevision(r).content.keyId;
  const earlier = (await kg.approvals.listRequests({ status: ['executed', 'completed'] }))
    .filter((o) => o.id !== r.id && currentRevision(o).content.keyId === keyId && o.execution !== null && o.execution.at < executedAt)
    .sort((a, b) => (a.execution!.at < b.execution!.at ? -1 : 1));
  const previous = earlier.at(-1)?.execution?.recipientCertificate;
  if (previous !== undefined) return previous;
  const [registered] = await searchEntries(kg, { subjectType: 'key', subjectId: keyId, action: 'key.registered' }, { from: 0, limit: 1, order: 'asc' });
  const event = registered === undefined ? null : parseEvent(registered.entry);
  return event?.action === 'key.registered' ? event.data.certificate : null;
}

/** "signed by <person> with <credential fingerprint>" for an entry that carries a signed statement. */
function signedByOf(world: ApprovalState, entry: IndexedEntry['entry']) {
  const proof = (entry.data as { signature?: { credentialId?: unknown } | null } | null)?.signature;
  if (typeof proof?.credentialId !== 'string') return null;
  const credential = world.credentials.get(proof.credentialId as CredentialId);
  return { person: nameOf(world, entry.actor.id), fingerprint: credential?.fingerprint ?? null, kind: credential?.key.kind ?? null };
}

function timelineOf(world: ApprovalState, entries: readonly IndexedEntry[]) {
  return entries.map(({ index, entry }) => ({ index, time: entry.time, action: entry.action, actor: entry.actor, signedBy: signedByOf(world, entry) }));
}

export async function requestView(kg: Keygate, r: TransferRequest, p: Principal) {
  const world = await kg.approvals.world();
  const current: Revision = currentRevision(r);
  const c = current.content;
  const known = world.keys.get(c.keyId) ?? null;
  const voted = await votedCertificate(kg, r);
  const key = known === null ? null : voted === null ? known : { ...known, holderId: c.sourceProviderId, certificate: voted };
  const recipient = r.execution === null ? null : { certificate: r.execution.recipientCertificate, verdict: verdictOf(r.execution.recipientCertificate) };
  const t = r.state === 'voting' || r.decision === null ? liveTally(world, r) : r.decision.tally;
  const me = myPosition(world, r, p, current.hash);
  const steps = nextSteps(world, r, p, kg.clock());
  const entries = await searchEntries(kg, { subjectType: 'request', subjectId: r.id }, { from: 0, limit: MAX_TIMELINE, order: 'asc' });
  return {
    request: r,
    current,
    key: key === null ? null : { ...key, holderName: providerView(world, key.holderId).name, verdict: verdictOf(key.certificate) },
    recipient,
    source: providerView(world, c.sourceProviderId),
    target: providerView(world, c.targetProviderId),
    advice: latestAdvice(r, current.hash),
    waiver: latestWaiver(r, current.hash),
    policyTerms: world.policy?.terms ?? null,
    tally: t,
    subjects: subjectViews(world, r, t, t?.revisionHash ?? current.hash),
    recusals: (t?.recused ?? []).map((x) => ({ ...x, name: nameOf(world, x.personId) })),
    conflicts: r.conflicts.map((x) => ({ ...x, name: nameOf(world, x.personId) })),
    conditions: (r.decision?.conditions ?? []).map((x) => ({
      ...x,
      phase: x.phase ?? 'before_execution',
      dueAt: conditionDueAt(r, x),
      overdue: (r.overdue ?? []).some((o) => o.conditionId === x.conditionId),
      met: r.conditionsMet.find((m) => m.conditionId === x.conditionId) ?? null,
    })),
    timeline: timelineOf(world, entries),
    signing: { person: p.personId !== null, credentials: p.personId === null ? 0 : activeCredentialsOf(world, p.personId).length },
    passkeys: true,
    me,
    forms: formsFor(p, steps),
    hints: steps.hints,
    terminal: isTerminal(r.state),
    subjectsList: VOTE_SUBJECTS,
  };
}
