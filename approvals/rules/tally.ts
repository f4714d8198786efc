// The tally: a pure count of the votes on one revision. It never throws; the decision rule
// (decision.ts) refuses a decision the tally does not support.
// Invariants (property-tested): no subject is approved without quorum; each person counts once,
// with their latest vote; recused members and non-members never count; a casting vote is used
// only on a tie, only when the policy enables it.
import { assertNever } from '../assert-never.ts';
import type { PersonId, RevisionHash } from '../ids.ts';
import type { PolicyTerms, QuorumRule, ThresholdRule } from '../model/policy.ts';
import { VOTE_SUBJECTS } from '../model/tally.ts';
import type { CastingVotes, VoteRecord } from '../model/request.ts';
import type { RecusalReason, Recusal, SubjectOutcome, SubjectTally, Tally, VoteChoice, VoteSubject } from '../model/tally.ts';

export interface TallyMember {
  readonly personId: PersonId;
  readonly recusal: RecusalReason | null;
}

export type TallyVote = Pick<VoteRecord, 'voterId' | 'revisionHash' | 'subject' | 'choice'>;

export interface TallyInput {
  readonly revisionHash: RevisionHash;
  /** The eligible PMA members, with the reason each recused one is not counted. */
  readonly members: readonly TallyMember[];
  /** Votes in the order cast; votes on other revisions are void. */
  readonly votes: readonly TallyVote[];
  readonly rules: Pick<PolicyTerms, 'quorum' | 'threshold' | 'castingVote'>;
  readonly castingVotes: CastingVotes;
}

export const NO_CASTING_VOTES: CastingVotes = Object.freeze({ transfer: null, mechanism: null, recipient_security: null });

export function tally(input: TallyInput): Tally {
  const { counted, recused } = splitMembers(input.members);
  const required = quorumRequired(input.rules.quorum, counted.length);
  const latest = countedVotes(input);
  const subjects = VOTE_SUBJECTS.map((subject) => tallySubject(subject, latest, required, input));
  const quorumMet = subjects.every((s) => s.quorumMet);
  return {
    revisionHash: input.revisionHash,
    members: counted,
    recused,
    quorumBase: counted.length,
    quorumRequired: required,
    subjects,
    quorumMet,
    outcome: overallOutcome(subjects),
  };
}

/** The vote that counts for each counted member and subject: their latest on the revision. */
export function countedVotes(input: Pick<TallyInput, 'revisionHash' | 'members' | 'votes'>): ReadonlyMap<VoteSubject, ReadonlyMap<PersonId, VoteChoice>> {
  const counted = new Set(splitMembers(input.members).counted);
  const bySubject = new Map<VoteSubject, Map<PersonId, VoteChoice>>(VOTE_SUBJECTS.map((s) => [s, new Map()]));
  for (const vote of input.votes) {
    if (vote.revisionHash !== input.revisionHash || !counted.has(vote.voterId)) continue;
    bySubject.get(vote.subject)?.set(vote.voterId, vote.choice);
  }
  return bySubject;
}

export function quorumRequired(rule: QuorumRule, base: number): number {
  switch (rule.kind) {
    case 'count':
      return Math.max(1, rule.count);
    case 'fraction':
      return Math.max(1, Math.floor((base * rule.numerator + rule.denominator - 1) / rule.denominator));
    default:
      return assertNever(rule);
  }
}

/** A person listed twice counts once; listed recused anywhere, they are recused. */
function splitMembers(members: readonly TallyMember[]): { counted: PersonId[]; recused: Recusal[] } {
  const reasons = new Map<PersonId, RecusalReason | null>();
  for (const m of members) {
    if (reasons.get(m.personId) == null) reasons.set(m.personId, m.recusal);
  }
  const counted = [...reasons].filter(([, r]) => r === null).map(([id]) => id);
  const recused = [...reasons].flatMap(([personId, reason]) => (reason === null ? [] : [{ personId, reason }]));
  return { counted: counted.sort(byString), recused: recused.sort((a, b) => byString(a.personId, b.personId)) };
}

function tallySubject(subject: VoteSubject, latest: ReadonlyMap<VoteSubject, ReadonlyMap<PersonId, VoteChoice>>, required: number, input: TallyInput): SubjectTally {
  const choices = [...(latest.get(subject)?.values() ?? [])];
  const approve = choices.filter((c) => c === 'approve').length;
  const reject = choices.filter((c) => c === 'reject').length;
  const abstain = choices.filter((c) => c === 'abstain').length;
  const cast = approve + reject + abstain;
  const quorumMet = cast >= required;
  const tie = input.rules.threshold.kind === 'simple_majority' && approve === reject && approve > 0;
  const offered = input.castingVotes[subject];
  const castingVote = quorumMet && tie && input.rules.castingVote ? offered : null;
  const outcome = subjectOutcome({ quorumMet, castingVote, rule: input.rules.threshold, approve, reject });
  return { subject, approve, reject, abstain, cast, quorumMet, tie, castingVote, outcome };
}

function subjectOutcome(s: { quorumMet: boolean; castingVote: 'approve' | 'reject' | null; rule: ThresholdRule; approve: number; reject: number }): SubjectOutcome {
  if (!s.quorumMet) return 'no_quorum';
  if (s.castingVote !== null) return s.castingVote === 'approve' ? 'approved' : 'rejected';
  return meetsThreshold(s.rule, s.approve, s.reject) ? 'approved' : 'rejected';
}

function meetsThreshold(rule: ThresholdRule, approve: number, reject: number): boolean {
  switch (rule.kind) {
    case 'simple_majority':
      return approve > reject;
    case 'qualified_majority':
      return approve > 0 && approve * rule.denominator >= rule.numerator * (approve + reject);
    default:
      return assertNever(rule);
  }
}

function overallOutcome(subjects: readonly SubjectTally[]): SubjectOutcome {
  if (subjects.some((s) => s.outcome === 'no_quorum')) return 'no_quorum';
  return subjects.every((s) => s.outcome === 'approved') ? 'approved' : 'rejected';
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
