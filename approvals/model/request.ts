// Transfer requests: revisions, SSC advice, votes, the decision and the execution record.
// Everything here is plain JSON-shaped data (arrays, no maps), so a service may keep a request
// as a snapshot; the state is a fold of its events (state-request.ts). The field groups
// (`adviceFields`, `voteFields`, …) are shared with the events that record them (event-schemas.ts).
import { z } from 'zod';
import { conditionIdSchema, documentHashSchema, keyIdSchema, personIdSchema, policyVersionSchema, providerIdSchema, requestIdSchema, revisionHashSchema } from '../ids.ts';
import { MAX_LIST, countSchema, nameSchema, referenceSchema, textSchema, textsSchema } from '../schema.ts';
import type { Infer } from '../schema.ts';
import { calendarDateSchema, isoInstantSchema } from '../time.ts';
import { storedCertificateSchema } from './provider.ts';
import { directionSchema, tallySchema, voteChoiceSchema, voteSubjectSchema } from './tally.ts';

export const REQUEST_STATES = [
  'draft',
  'submitted',
  'ssc_consultation',
  'voting',
  'information_requested',
  'no_decision',
  'approved',
  'rejected',
  'withdrawn',
  'executed',
  'completed',
  'expired',
  'revoked',
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/**
 * `executed` is open: the transfer happened and post-execution conditions are still due. It
 * settles into `completed` once every one of them is met (at once when there are none).
 */
export const TERMINAL_STATES: readonly RequestState[] = ['rejected', 'withdrawn', 'completed', 'expired', 'revoked'];

/** When a condition of an approval must be met: before execution (it gates it) or after it (by a deadline). */
export const CONDITION_PHASES = ['before_execution', 'after_execution'] as const;
export type ConditionPhase = (typeof CONDITION_PHASES)[number];

/** The longest deadline a post-execution condition may have, in hours after the execution (a year). */
export const MAX_CONDITION_HOURS = 8760;

export const PROGRAMMES = ['ecos_migration', 'network_evolution_dsp', 'network_evolution_smki', 'network_evolution_chn', 'other'] as const;

export const MECHANISM_METHODS = ['hsm_export_under_kek', 'key_ceremony_split_knowledge', 'other'] as const;

export const ADVICE_POSITIONS = ['support', 'support_with_conditions', 'do_not_support', 'no_comment'] as const;

/** The one role a person holds on a request (nobody holds two). */
export const PARTICIPANT_ROLES = ['requester', 'pma_chair', 'ssc_chair', 'pma_member'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

const at = isoInstantSchema;

/** A document stored by the service (size-limited, scanned for private keys) and referenced here. */
export const attachmentSchema = z.strictObject({ sha256: documentHashSchema, size: countSchema, name: nameSchema });
export type Attachment = Infer<typeof attachmentSchema>;
export const attachmentsSchema = z.array(attachmentSchema).max(MAX_LIST);

export const executionWindowSchema = z.strictObject({ from: isoInstantSchema, until: isoInstantSchema });

/**
 * What the recipient's certificate for the key must say: its Remote Party Role and, for an
 * Organisation Certificate (whose profile fixes the subject's uniqueIdentifier), the target
 * party's EUI-64; null where the profile does not fix it. Optional so that revisions made before
 * it existed keep their hash: without it the recipient's certificate must carry the key's current
 * role and its subject is not fixed.
 */
export const recipientCertificateTermsSchema = z.strictObject({
  role: z.number().int().min(0).max(255),
  eui: z.string().regex(/^[0-9A-F]{16}$/, 'not an EUI-64 (16 upper-case hex digits)').nullable(),
});

/** What the DCC asks for; its SHA-256 over RFC 8785 canonical JSON is the revision hash. */
export const revisionContentSchema = z.strictObject({
  keyId: keyIdSchema,
  sourceProviderId: providerIdSchema,
  targetProviderId: providerIdSchema,
  programme: z.enum(PROGRAMMES),
  rationale: textSchema,
  mechanism: z.strictObject({ method: z.enum(MECHANISM_METHODS), description: textSchema, witnesses: z.array(nameSchema).max(MAX_LIST) }),
  recipientSecurity: z.strictObject({
    sectionGStatement: textSchema,
    /** DCC Security Assessment or CIO report references. */
    assessmentReferences: z.array(referenceSchema).max(MAX_LIST),
    prospectiveChangesConsidered: textSchema,
    recipientProspective: z.boolean(),
  }),
  executionWindow: executionWindowSchema,
  attachments: attachmentsSchema,
  recipientCertificate: recipientCertificateTermsSchema.optional(),
});
export type RevisionContent = Infer<typeof revisionContentSchema>;

export const revisionSchema = z.strictObject({
  /** 1 for the request as created, then one more per amendment. */
  number: countSchema,
  hash: revisionHashSchema,
  content: revisionContentSchema,
  at,
});
export type Revision = Infer<typeof revisionSchema>;

// What an action records beyond the request and revision it names: the event's data and the
// request's record of it share these.
export const adviceFields = { position: z.enum(ADVICE_POSITIONS), text: textSchema, conditions: textsSchema, documents: attachmentsSchema };
export const voteFields = { subject: voteSubjectSchema, choice: voteChoiceSchema, reasons: textSchema, conditions: textsSchema };
export const conditionMetFields = { evidence: attachmentsSchema, note: textSchema };
export const executionFields = { executedAt: isoInstantSchema, evidence: attachmentsSchema, recipientCertificate: storedCertificateSchema };
export const revocationFields = { reason: textSchema, decisionReference: referenceSchema };

export const adviceRecordSchema = z.strictObject({ revisionHash: revisionHashSchema, ...adviceFields, by: personIdSchema, at });
export type AdviceRecord = Infer<typeof adviceRecordSchema>;

export const adviceWaiverSchema = z.strictObject({ revisionHash: revisionHashSchema, reason: textSchema, by: personIdSchema, at });
export type AdviceWaiver = Infer<typeof adviceWaiverSchema>;

export const voteRecordSchema = z.strictObject({ voterId: personIdSchema, revisionHash: revisionHashSchema, ...voteFields, at });
export type VoteRecord = Infer<typeof voteRecordSchema>;

export const conflictDeclarationSchema = z.strictObject({ personId: personIdSchema, reason: textSchema, at });

export const participantSchema = z.strictObject({ personId: personIdSchema, role: z.enum(PARTICIPANT_ROLES) });

/**
 * A condition of an approval. `phase` is absent in decisions recorded before phases existed (and
 * then means before execution); `dueWithinHours` is given exactly for a post-execution condition:
 * the hours after the recorded execution time by which it must be met.
 */
export const decisionConditionSchema = z.strictObject({
  conditionId: conditionIdSchema,
  text: textSchema,
  phase: z.enum(CONDITION_PHASES).optional(),
  dueWithinHours: z.number().int().min(1).max(MAX_CONDITION_HOURS).optional(),
});
export type DecisionCondition = Infer<typeof decisionConditionSchema>;
export const decisionConditionsSchema = z.array(decisionConditionSchema).max(MAX_LIST);

export const dissentSchema = z.strictObject({ personId: personIdSchema, subject: voteSubjectSchema, choice: voteChoiceSchema, reasons: textSchema });
export type Dissent = Infer<typeof dissentSchema>;

/** The SSC advice a decision relied on: advice on the decided revision, a waiver, or nothing (advice not required). */
export const adviceRelianceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('advice'), position: z.enum(ADVICE_POSITIONS), by: personIdSchema, at }),
  z.strictObject({ kind: z.literal('waived'), reason: textSchema }),
  z.strictObject({ kind: z.literal('none') }),
]);
export type AdviceReliance = Infer<typeof adviceRelianceSchema>;

export const castingVotesSchema = z.strictObject({ transfer: directionSchema, mechanism: directionSchema, recipient_security: directionSchema });
export type CastingVotes = Infer<typeof castingVotesSchema>;

/**
 * What closing the vote records (the data of request.decided, less the request id). Everything
 * but conditions, castingVotes and departureReason is derived from the state.
 */
export const decisionFields = {
  revisionHash: revisionHashSchema,
  outcome: z.enum(['approved', 'rejected']),
  policyVersion: policyVersionSchema,
  tally: tallySchema,
  castingVotes: castingVotesSchema,
  dissent: z.array(dissentSchema),
  conditions: decisionConditionsSchema,
  advice: adviceRelianceSchema,
  departureReason: textSchema.nullable(),
};

export const decisionSchema = z.strictObject({ ...decisionFields, by: personIdSchema, at });

export const conditionMetSchema = z.strictObject({ conditionId: conditionIdSchema, ...conditionMetFields, by: personIdSchema, at });

/** Voting closed without a decision: recusals left fewer counted members than the quorum needs. */
export const noDecisionSchema = z.strictObject({ revisionHash: revisionHashSchema, reason: textSchema, quorumBase: countSchema, quorumRequired: countSchema, by: personIdSchema, at });

/** Voting adjourned to a named meeting. */
export const meetingSchema = z.strictObject({ name: nameSchema, date: calendarDateSchema });
export const adjournmentSchema = z.strictObject({ revisionHash: revisionHashSchema, meeting: meetingSchema, reason: textSchema, by: personIdSchema, at });

/** A post-execution condition past its deadline, as the system flagged it in the log. */
export const overdueSchema = z.strictObject({ conditionId: conditionIdSchema, dueAt: isoInstantSchema, at });

export const executionSchema = z.strictObject({ ...executionFields, by: personIdSchema, at });

/** Why the request left the workflow other than by decision or execution. */
export const closureSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('withdrawn'), reason: textSchema, at }),
  z.strictObject({ kind: z.literal('revoked'), ...revocationFields, at }),
  z.strictObject({ kind: z.literal('expired'), at }),
]);

export const informationRequestSchema = z.strictObject({ revisionHash: revisionHashSchema, questions: textSchema, at });

export const transferRequestSchema = z.strictObject({
  id: requestIdSchema,
  state: z.enum(REQUEST_STATES),
  /** In order; the last is the current revision. Never empty. */
  revisions: z.array(revisionSchema),
  advice: z.array(adviceRecordSchema),
  adviceWaivers: z.array(adviceWaiverSchema),
  /** Every vote cast, in order; the latest per voter, subject and revision counts. */
  votes: z.array(voteRecordSchema),
  conflicts: z.array(conflictDeclarationSchema),
  participants: z.array(participantSchema),
  informationRequests: z.array(informationRequestSchema),
  decision: decisionSchema.nullable(),
  /** Conditions met: before execution by the chair, after it by the DCC's record of the confirmation. */
  conditionsMet: z.array(conditionMetSchema),
  execution: executionSchema.nullable(),
  /** Votes closed without a decision; absent until the first. */
  noDecisions: z.array(noDecisionSchema).optional(),
  /** Adjournments of the vote to a named meeting; absent until the first. */
  adjournments: z.array(adjournmentSchema).optional(),
  /** Post-execution conditions flagged overdue; absent until the first one is. */
  overdue: z.array(overdueSchema).optional(),
  closure: closureSchema.nullable(),
});
export type TransferRequest = Infer<typeof transferRequestSchema>;
