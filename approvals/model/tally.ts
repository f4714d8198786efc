// The result of counting the votes on one revision; recorded whole in the decision.
import type { PersonId, RevisionHash } from '../ids.ts';
import type { VoteSubject } from './request.ts';

/** Why an eligible PMA member is not counted: recused members leave the quorum base. */
export const RECUSAL_REASONS = ['affiliated_source', 'affiliated_target', 'declared_conflict', 'requester', 'holds_other_role'] as const;
export type RecusalReason = (typeof RECUSAL_REASONS)[number];

export interface Recusal {
  readonly personId: PersonId;
  readonly reason: RecusalReason;
}

export type SubjectOutcome = 'approved' | 'rejected' | 'no_quorum';

export interface SubjectTally {
  readonly subject: VoteSubject;
  readonly approve: number;
  readonly reject: number;
  readonly abstain: number;
  /** approve + reject + abstain: what the quorum counts. */
  readonly cast: number;
  readonly quorumMet: boolean;
  readonly tie: boolean;
  /** The chair's casting vote, set only when it decided a tie. */
  readonly castingVote: 'approve' | 'reject' | null;
  readonly outcome: SubjectOutcome;
}

export interface Tally {
  readonly revisionHash: RevisionHash;
  /** The members counted: eligible and not recused, sorted. Its length is the quorum base. */
  readonly members: readonly PersonId[];
  readonly recused: readonly Recusal[];
  readonly quorumBase: number;
  readonly quorumRequired: number;
  /** One per subject, in VOTE_SUBJECTS order. */
  readonly subjects: readonly SubjectTally[];
  readonly quorumMet: boolean;
  /** Approved only when every subject is approved; no_quorum when any subject lacks quorum. */
  readonly outcome: SubjectOutcome;
}
