// Closing the vote. The chair supplies only the conditions, any casting votes and, when deciding
// against the SSC's advice, the reason; the outcome, tally, dissent, advice relied on and policy
// version are derived from the state, and replay derives them again and compares.
import canonicalize from 'canonicalize';
import { refuse } from '../errors.ts';
import type { EventDataMap, EventOf } from '../event-types.ts';
import type { RequestId, RevisionHash } from '../ids.ts';
import { toJsonValue } from '../json.ts';
import { VOTE_SUBJECTS } from '../model/tally.ts';
import type { CastingVotes, DecisionCondition, Dissent, TransferRequest, VoteRecord } from '../model/request.ts';
import type { Tally } from '../model/tally.ts';
import type { ApprovalState } from '../state-types.ts';
import { adviceReliance, requireAdvice, requireDepartureReason } from './advice.ts';
import { requirePolicy } from './policy.ts';
import { NO_CASTING_VOTES, tally } from './tally.ts';
import { tallyMembers } from './votes.ts';

export type DecidedData = EventDataMap['request.decided'];

export interface DecisionCommandData {
  readonly requestId: RequestId;
  /** The revision the chair closes voting on: it must be current. */
  readonly revisionHash: RevisionHash;
  /** Conditions of an approval; none on a rejection. */
  readonly conditions: readonly DecisionCondition[];
  /** The chair's casting vote per subject, only where the tally is tied and the policy allows it. */
  readonly castingVotes?: CastingVotes;
  /** Required when the decision goes against the SSC's advice. */
  readonly departureReason: string | null;
}

/** The decision record the state supports for these chair inputs. Never throws for a rule; checkDecided does. */
export function deriveDecision(state: ApprovalState, request: TransferRequest, command: DecisionCommandData): Omit<DecidedData, 'signature'> {
  const policy = requirePolicy(state);
  const castingVotes = command.castingVotes ?? NO_CASTING_VOTES;
  const result = tally({ revisionHash: command.revisionHash, members: tallyMembers(state, request), votes: request.votes, rules: policy.terms, castingVotes });
  return {
    requestId: command.requestId,
    revisionHash: command.revisionHash,
    outcome: result.outcome === 'approved' ? 'approved' : 'rejected',
    policyVersion: policy.version,
    tally: result,
    castingVotes,
    dissent: dissentOf(request, result),
    conditions: command.conditions,
    advice: adviceReliance(request, command.revisionHash),
    departureReason: command.departureReason,
  };
}

export function checkDecided(state: ApprovalState, request: TransferRequest, event: EventOf<'request.decided'>): void {
  const policy = requirePolicy(state);
  const derived = deriveDecision(state, request, event.data);
  requireAdvice(derived.advice, policy.terms.sscAdviceRequired);
  requireQuorum(derived.tally);
  checkCastingVotes(derived.tally, event.data.castingVotes, policy.terms.castingVote);
  requireSameRecord(derived, event.data);
  checkConditions(derived.outcome, event.data.conditions);
  requireDepartureReason(derived.advice, derived.outcome, event.data.departureReason);
}

/** The counts a vote closed without decision records: the members counted and the quorum they must reach. */
export function quorumShortfall(state: ApprovalState, request: TransferRequest, revisionHash: RevisionHash): { readonly quorumBase: number; readonly quorumRequired: number } {
  const policy = requirePolicy(state);
  const result = tally({ revisionHash, members: tallyMembers(state, request), votes: request.votes, rules: policy.terms, castingVotes: NO_CASTING_VOTES });
  return { quorumBase: result.quorumBase, quorumRequired: result.quorumRequired };
}

/** Closing without a decision is for a vote recusals leave unable to reach quorum, and records the counts that show it. */
export function checkClosedNoDecision(state: ApprovalState, request: TransferRequest, event: EventOf<'request.closed_no_decision'>): void {
  const counts = quorumShortfall(state, request, event.data.revisionHash);
  if (counts.quorumBase >= counts.quorumRequired) {
    refuse('quorum-reachable', `${counts.quorumBase} members can vote and the quorum is ${counts.quorumRequired}: the vote can still reach a decision`, counts);
  }
  if (counts.quorumBase !== event.data.quorumBase || counts.quorumRequired !== event.data.quorumRequired) refuse('decision-mismatch', 'the recorded quorum counts are not what the roster and policy give');
}

export function requireQuorum(result: Tally): void {
  if (result.quorumMet) return;
  const short = result.subjects.filter((s) => !s.quorumMet).map((s) => `${s.subject} ${s.cast} of ${result.quorumRequired}`);
  refuse('quorum-not-met', `no quorum: votes cast ${short.join(', ')} needed (quorum base ${result.quorumBase}, ${result.recused.length} recused)`, {
    quorumBase: result.quorumBase,
    quorumRequired: result.quorumRequired,
    recused: result.recused.length,
  });
}

function checkCastingVotes(result: Tally, offered: CastingVotes, enabled: boolean): void {
  for (const s of result.subjects) {
    const vote = offered[s.subject];
    if (vote !== null && !(enabled && s.tie)) {
      refuse('casting-vote-not-allowed', `a casting vote on ${s.subject} needs a tie and a policy that allows it (tie: ${s.tie}, allowed: ${enabled})`, { subject: s.subject });
    }
    if (vote === null && enabled && s.tie) refuse('casting-vote-required', `the vote on ${s.subject} is tied: the chair must give a casting vote`, { subject: s.subject });
  }
}

/** The derived members of a recorded decision must be exactly what the state supports. */
function requireSameRecord(derived: Omit<DecidedData, 'signature'>, recorded: DecidedData): void {
  for (const field of ['outcome', 'policyVersion', 'tally', 'dissent', 'advice'] as const) {
    if (canonicalize(toJsonValue(derived[field])) !== canonicalize(toJsonValue(recorded[field]))) {
      refuse('decision-mismatch', `the decision's ${field} is not what the votes and policy give`, { field });
    }
  }
}

function checkConditions(outcome: 'approved' | 'rejected', conditions: readonly DecisionCondition[]): void {
  if (outcome === 'rejected' && conditions.length > 0) refuse('condition-invalid', 'a rejection carries no conditions');
  const ids = new Set(conditions.map((c) => c.conditionId));
  if (ids.size !== conditions.length) refuse('condition-invalid', 'condition ids must be unique');
  for (const c of conditions) {
    const after = c.phase === 'after_execution';
    if (after && c.dueWithinHours === undefined) refuse('condition-invalid', `condition "${c.conditionId}" is due after execution and needs its deadline (dueWithinHours)`, { conditionId: c.conditionId });
    if (!after && c.dueWithinHours !== undefined) refuse('condition-invalid', `condition "${c.conditionId}" gates execution: only a post-execution condition has a deadline`, { conditionId: c.conditionId });
  }
}

/** Counted votes against each subject's outcome, with their reasons; by subject, then person. */
function dissentOf(request: TransferRequest, result: Tally): Dissent[] {
  const counted = new Set<string>(result.members);
  const latest = new Map<string, VoteRecord>();
  for (const v of request.votes) {
    if (v.revisionHash === result.revisionHash && counted.has(v.voterId)) latest.set(`${v.subject}\n${v.voterId}`, v);
  }
  const votes = [...latest.values()].sort((a, b) => (a.voterId < b.voterId ? -1 : a.voterId > b.voterId ? 1 : 0));
  return VOTE_SUBJECTS.flatMap((subject) => {
    const against = result.subjects.find((s) => s.subject === subject)?.outcome === 'approved' ? 'reject' : 'approve';
    return votes.filter((v) => v.subject === subject && v.choice === against).map((v) => ({ personId: v.voterId, subject, choice: v.choice, reasons: v.reasons }));
  });
}
