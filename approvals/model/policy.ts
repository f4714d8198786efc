// The PMA's decision policy. The numbers are uncertain in the SEC (DOMAIN.md): they are data,
// versioned, and every decision names the version it applied.
import { z } from 'zod';
import { policyVersionSchema } from '../ids.ts';
import type { Infer } from '../schema.ts';
import { isoInstantSchema } from '../time.ts';

const positiveInt = z.number().int().min(1).max(1_000_000);

/** Votes needed per subject: a fixed count, or a fraction of the quorum base (rounded up, at least one). */
export const quorumRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('count'), count: positiveInt }),
  z.strictObject({ kind: z.literal('fraction'), numerator: positiveInt, denominator: positiveInt }),
]);
export type QuorumRule = Infer<typeof quorumRuleSchema>;

/**
 * Approve and reject votes decide; abstentions count towards the quorum only.
 * simple_majority: more approve than reject. qualified_majority: approve / (approve + reject) at
 * least numerator / denominator. A tie exists only under simple_majority.
 */
export const thresholdRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('simple_majority') }),
  z.strictObject({ kind: z.literal('qualified_majority'), numerator: positiveInt, denominator: positiveInt }),
]);
export type ThresholdRule = Infer<typeof thresholdRuleSchema>;

export const windowLimitsSchema = z.strictObject({
  /** Longest requested execution window, in days. */
  maxDurationDays: positiveInt,
  /** Latest start of the window, in days after the request is created, amended or submitted. */
  maxLeadDays: positiveInt,
});

export const policyTermsSchema = z.strictObject({
  quorum: quorumRuleSchema,
  threshold: thresholdRuleSchema,
  /** The chair may break a tie with a casting vote. */
  castingVote: z.boolean(),
  /** Voting cannot close on a revision without SSC advice on it, or a recorded reason it was not sought. */
  sscAdviceRequired: z.boolean(),
  window: windowLimitsSchema,
  /**
   * Whether every person's action must carry their signed statement (`required`), or may come
   * unsigned (`optional`, a transition setting: replay still fails on unsigned entries).
   */
  signatures: z.enum(['required', 'optional']),
});
export type PolicyTerms = Infer<typeof policyTermsSchema>;

export const policySchema = z.strictObject({ version: policyVersionSchema, terms: policyTermsSchema, setAt: isoInstantSchema });
export type Policy = Infer<typeof policySchema>;

/** Defaults from the issue; quorum and window limits are placeholders until the PMA sets them. */
export const DEFAULT_POLICY_TERMS: PolicyTerms = Object.freeze({
  quorum: Object.freeze({ kind: 'count', count: 3 }),
  threshold: Object.freeze({ kind: 'simple_majority' }),
  castingVote: false,
  sscAdviceRequired: true,
  window: Object.freeze({ maxDurationDays: 30, maxLeadDays: 180 }),
  signatures: 'required',
});
