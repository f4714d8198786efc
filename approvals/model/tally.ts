// The result of counting the votes on one revision; recorded whole in the decision.
import { z } from 'zod';
import { personIdSchema, revisionHashSchema } from '../ids.ts';
import { countSchema } from '../schema.ts';
import type { Infer } from '../schema.ts';

export const VOTE_SUBJECTS = ['transfer', 'mechanism', 'recipient_security'] as const;
export type VoteSubject = (typeof VOTE_SUBJECTS)[number];

export const VOTE_CHOICES = ['approve', 'reject', 'abstain'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];

export const voteSubjectSchema = z.enum(VOTE_SUBJECTS);
export const voteChoiceSchema = z.enum(VOTE_CHOICES);
/** A decisive direction: a casting vote, or none. */
export const directionSchema = z.enum(['approve', 'reject']).nullable();

/** Why an eligible PMA member is not counted: recused members leave the quorum base. */
export const RECUSAL_REASONS = ['affiliated_source', 'affiliated_target', 'declared_conflict', 'requester', 'holds_other_role'] as const;
export type RecusalReason = (typeof RECUSAL_REASONS)[number];

export const recusalSchema = z.strictObject({ personId: personIdSchema, reason: z.enum(RECUSAL_REASONS) });
export type Recusal = Infer<typeof recusalSchema>;

export const subjectOutcomeSchema = z.enum(['approved', 'rejected', 'no_quorum']);
export type SubjectOutcome = Infer<typeof subjectOutcomeSchema>;

export const subjectTallySchema = z.strictObject({
  subject: voteSubjectSchema,
  approve: countSchema,
  reject: countSchema,
  abstain: countSchema,
  /** approve + reject + abstain: what the quorum counts. */
  cast: countSchema,
  quorumMet: z.boolean(),
  tie: z.boolean(),
  /** The chair's casting vote, set only when it decided a tie. */
  castingVote: directionSchema,
  outcome: subjectOutcomeSchema,
});
export type SubjectTally = Infer<typeof subjectTallySchema>;

export const tallySchema = z.strictObject({
  revisionHash: revisionHashSchema,
  /** The members counted: eligible and not recused, sorted. Its length is the quorum base. */
  members: z.array(personIdSchema),
  recused: z.array(recusalSchema),
  quorumBase: countSchema,
  quorumRequired: countSchema,
  /** One per subject, in VOTE_SUBJECTS order. */
  subjects: z.array(subjectTallySchema),
  quorumMet: z.boolean(),
  /** Approved only when every subject is approved; no_quorum when any subject lacks quorum. */
  outcome: subjectOutcomeSchema,
});
export type Tally = Infer<typeof tallySchema>;
