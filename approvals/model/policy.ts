// The PMA's decision policy. The numbers are uncertain in the SEC (DOMAIN.md): they are data,
// versioned, and every decision names the version it applied.
import type { PolicyVersion } from '../ids.ts';
import type { IsoInstant } from '../time.ts';

/** Votes needed per subject: a fixed count, or a fraction of the quorum base (rounded up, at least one). */
export type QuorumRule =
  | { readonly kind: 'count'; readonly count: number }
  | { readonly kind: 'fraction'; readonly numerator: number; readonly denominator: number };

/**
 * Approve and reject votes decide; abstentions count towards the quorum only.
 * simple_majority: more approve than reject. qualified_majority: approve / (approve + reject) at
 * least numerator / denominator. A tie exists only under simple_majority.
 */
export type ThresholdRule =
  | { readonly kind: 'simple_majority' }
  | { readonly kind: 'qualified_majority'; readonly numerator: number; readonly denominator: number };

export interface WindowLimits {
  /** Longest requested execution window, in days. */
  readonly maxDurationDays: number;
  /** Latest start of the window, in days after the request is created, amended or submitted. */
  readonly maxLeadDays: number;
}

export interface PolicyTerms {
  readonly quorum: QuorumRule;
  readonly threshold: ThresholdRule;
  /** The chair may break a tie with a casting vote. */
  readonly castingVote: boolean;
  /** Voting cannot close on a revision without SSC advice on it, or a recorded reason it was not sought. */
  readonly sscAdviceRequired: boolean;
  readonly window: WindowLimits;
}

export interface Policy {
  readonly version: PolicyVersion;
  readonly terms: PolicyTerms;
  readonly setAt: IsoInstant;
}

/** Defaults from the issue; quorum and window limits are placeholders until the PMA sets them. */
export const DEFAULT_POLICY_TERMS: PolicyTerms = Object.freeze({
  quorum: Object.freeze({ kind: 'count', count: 3 }),
  threshold: Object.freeze({ kind: 'simple_majority' }),
  castingVote: false,
  sscAdviceRequired: true,
  window: Object.freeze({ maxDurationDays: 30, maxLeadDays: 180 }),
});
