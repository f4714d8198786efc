// The request page's view model: everything a committee member needs to judge the request, read
// from the request, the world (people, providers, keys, policy) and the log. The live tally is
// the rules' own tally over the rules' own member list, so what the page shows is what closing
// the vote would record.
import { NO_CASTING_VOTES, TRANSITIONS, VOTE_SUBJECTS, currentRevision, latestAdvice, latestWaiver, recusalOf, tally, tallyMembers, toPersonId } from '../../../approvals/index.ts';
import type { ApprovalState, CredentialId, RequestAction, Revision, Tally, TransferRequest, VoteRecord, VoteSubject } from '../../../approvals/index.ts';
import type { Principal } from '../../auth/principal.ts';
import type { Keygate } from '../../compose.ts';
import { can } from '../access.ts';
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

function allowed(r: TransferRequest, action: RequestAction): boolean {
  return TRANSITIONS[r.state][action].allowed;
}

function myPosition(world: ApprovalState, r: TransferRequest, p: Principal, hash: string) {
  if (p.personId === null) return { recusal: null, votes: {} as Partial<Record<VoteSubject, VoteRecord>> };
  const person = world.people.get(toPersonId(p.personId));
  const votes: Partial<Record<VoteSubject, VoteRecord>> = {};
  for (const v of latestVotes(r, hash).values()) if (v.voterId === p.personId) votes[v.subject] = v;
  return { recusal: person === undefined ? 'not_on_roster' : recusalOf(r, person), votes };
}

/** Which forms to show: the role may call the operation and the state machine allows it now. */
function formsFor(r: TransferRequest, p: Principal, recusal: string | null) {
  const hasDecisionConditions = r.decision !== null && r.decision.conditions.length > 0;
  return {
    submit: can(p, 'submitRequest') && allowed(r, 'submit'),
    withdraw: can(p, 'withdrawRequest') && allowed(r, 'withdraw'),
    amend: can(p, 'amendRequest') && allowed(r, 'amend'),
    consultation: can(p, 'openConsultation') && allowed(r, 'open_consultation'),
    voting: can(p, 'openVoting') && allowed(r, 'open_voting'),
    waive: can(p, 'waiveAdvice') && allowed(r, 'waive_advice'),
    information: can(p, 'requestInformation') && allowed(r, 'request_information'),
    advice: can(p, 'recordAdvice') && allowed(r, 'record_advice'),
    vote: can(p, 'castVote') && allowed(r, 'cast_vote') && recusal === null,
    conflict: can(p, 'declareConflict') && allowed(r, 'declare_conflict') && recusal === null,
    decide: can(p, 'decideRequest') && allowed(r, 'approve'),
    conditionMet: can(p, 'markConditionMet') && allowed(r, 'mark_condition_met') && hasDecisionConditions,
    execute: can(p, 'recordExecution') && allowed(r, 'execute'),
  };
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
  const key = world.keys.get(c.keyId) ?? null;
  const t = r.state === 'voting' || r.decision === null ? liveTally(world, r) : r.decision.tally;
  const me = myPosition(world, r, p, current.hash);
  const entries = await searchEntries(kg, { subjectType: 'request', subjectId: r.id }, { from: 0, limit: MAX_TIMELINE, order: 'asc' });
  return {
    request: r,
    current,
    key: key === null ? null : { ...key, holderName: providerView(world, key.holderId).name, verdict: verdictOf(key.certificate) },
    source: providerView(world, c.sourceProviderId),
    target: providerView(world, c.targetProviderId),
    advice: latestAdvice(r, current.hash),
    waiver: latestWaiver(r, current.hash),
    policyTerms: world.policy?.terms ?? null,
    tally: t,
    subjects: subjectViews(world, r, t, t?.revisionHash ?? current.hash),
    recusals: (t?.recused ?? []).map((x) => ({ ...x, name: nameOf(world, x.personId) })),
    conflicts: r.conflicts.map((x) => ({ ...x, name: nameOf(world, x.personId) })),
    conditions: (r.decision?.conditions ?? []).map((x) => ({ ...x, met: r.conditionsMet.find((m) => m.conditionId === x.conditionId) ?? null })),
    timeline: timelineOf(world, entries),
    signing: { person: p.personId !== null, credentials: p.personId === null ? 0 : activeCredentialsOf(world, p.personId).length },
    passkeys: true,
    me,
    forms: formsFor(r, p, me.recusal),
    subjectsList: VOTE_SUBJECTS,
  };
}
