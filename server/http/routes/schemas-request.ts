// Schemas of transfer requests: the revision the DCC submits, and the request as the API shows it.
import { z } from 'zod';
import {
  ADVICE_POSITIONS,
  MAX_LIST,
  MECHANISM_METHODS,
  PROGRAMMES,
  RECUSAL_REASONS,
  REQUEST_STATES,
  VOTE_CHOICES,
  VOTE_SUBJECTS,
} from '../../../approvals/index.ts';
import type { CastingVotes, DecisionCondition, RevisionContent } from '../../../approvals/index.ts';
import { attachments, conditionId, count, isoInstant, keyId, name, personId, policyVersion, providerId, reference, requestId, revisionHash, text, texts } from './schemas-common.ts';
import { certificateRecordSchema } from './schemas-world.ts';

export const requestState = z.enum(REQUEST_STATES);
export const advicePosition = z.enum(ADVICE_POSITIONS);
export const voteSubject = z.enum(VOTE_SUBJECTS);
export const voteChoice = z.enum(VOTE_CHOICES);

export const revisionContent: z.ZodType<RevisionContent, unknown> = z.strictObject({
  keyId,
  sourceProviderId: providerId,
  targetProviderId: providerId,
  programme: z.enum(PROGRAMMES),
  rationale: text,
  mechanism: z.strictObject({ method: z.enum(MECHANISM_METHODS), description: text, witnesses: z.array(name).max(MAX_LIST) }),
  recipientSecurity: z.strictObject({
    sectionGStatement: text,
    assessmentReferences: z.array(reference).max(MAX_LIST),
    prospectiveChangesConsidered: text,
    recipientProspective: z.boolean(),
  }),
  executionWindow: z.strictObject({ from: isoInstant, until: isoInstant }),
  attachments,
});

const direction = z.enum(['approve', 'reject']).nullable();
export const castingVotes: z.ZodType<CastingVotes, unknown> = z.strictObject({ transfer: direction, mechanism: direction, recipient_security: direction });
export const decisionConditions: z.ZodType<readonly DecisionCondition[], unknown> = z.array(z.strictObject({ conditionId, text })).max(MAX_LIST);

const outcome = z.enum(['approved', 'rejected', 'no_quorum']);
export const tallySchema = z.strictObject({
  revisionHash,
  members: z.array(personId),
  recused: z.array(z.strictObject({ personId, reason: z.enum(RECUSAL_REASONS) })),
  quorumBase: count,
  quorumRequired: count,
  subjects: z.array(
    z.strictObject({
      subject: voteSubject,
      approve: count,
      reject: count,
      abstain: count,
      cast: count,
      quorumMet: z.boolean(),
      tie: z.boolean(),
      castingVote: direction,
      outcome,
    }),
  ),
  quorumMet: z.boolean(),
  outcome,
});

export const adviceReliance = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('advice'), position: advicePosition, by: personId, at: isoInstant }),
  z.strictObject({ kind: z.literal('waived'), reason: text }),
  z.strictObject({ kind: z.literal('none') }),
]);

/** What the chair's decision records; also the data of the request.decided event. */
export const decisionRecord = {
  revisionHash,
  outcome: z.enum(['approved', 'rejected']),
  policyVersion,
  tally: tallySchema,
  castingVotes,
  dissent: z.array(z.strictObject({ personId, subject: voteSubject, choice: voteChoice, reasons: text })),
  conditions: decisionConditions,
  advice: adviceReliance,
  departureReason: text.nullable(),
};

export const transferRequestSchema = z.strictObject({
  id: requestId,
  state: requestState,
  revisions: z.array(z.strictObject({ number: count, hash: revisionHash, content: revisionContent, at: isoInstant })),
  advice: z.array(
    z.strictObject({ revisionHash, position: advicePosition, text, conditions: texts, documents: attachments, by: personId, at: isoInstant }),
  ),
  adviceWaivers: z.array(z.strictObject({ revisionHash, reason: text, by: personId, at: isoInstant })),
  votes: z.array(
    z.strictObject({ voterId: personId, revisionHash, subject: voteSubject, choice: voteChoice, reasons: text, conditions: texts, at: isoInstant }),
  ),
  conflicts: z.array(z.strictObject({ personId, reason: text, at: isoInstant })),
  participants: z.array(z.strictObject({ personId, role: z.enum(['requester', 'pma_chair', 'ssc_chair', 'pma_member']) })),
  informationRequests: z.array(z.strictObject({ revisionHash, questions: text, at: isoInstant })),
  decision: z.strictObject({ ...decisionRecord, by: personId, at: isoInstant }).nullable(),
  conditionsMet: z.array(z.strictObject({ conditionId, evidence: attachments, note: text, by: personId, at: isoInstant })),
  execution: z
    .strictObject({ executedAt: isoInstant, evidence: attachments, recipientCertificate: certificateRecordSchema, by: personId, at: isoInstant })
    .nullable(),
  closure: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('withdrawn'), reason: text, at: isoInstant }),
      z.strictObject({ kind: z.literal('revoked'), reason: text, decisionReference: reference, at: isoInstant }),
      z.strictObject({ kind: z.literal('expired'), at: isoInstant }),
    ])
    .nullable(),
});

/** One line of the request list: enough to find a request, not its whole history. */
export const requestSummarySchema = z.strictObject({
  id: requestId,
  state: requestState,
  revision: z.strictObject({ number: count, hash: revisionHash, at: isoInstant }),
  keyId,
  sourceProviderId: providerId,
  targetProviderId: providerId,
  programme: z.enum(PROGRAMMES),
  executionWindow: z.strictObject({ from: isoInstant, until: isoInstant }),
});
