// The decision policy: versions count up by one, and the numbers must make sense.
import { refuse } from '../errors.ts';
import type { EventOf } from '../event-types.ts';
import type { Policy, PolicyTerms } from '../model/policy.ts';
import type { ApprovalState } from '../state-types.ts';
import { requireActorRole } from './actor.ts';

export function requirePolicy(state: ApprovalState): Policy {
  return state.policy ?? refuse('policy-missing', 'no decision policy has been set');
}

export function checkPolicySet(state: ApprovalState, event: EventOf<'policy.set'>): void {
  requireActorRole(event.actor, ['secretariat'], event.action);
  const expected = (state.policy?.version ?? 0) + 1;
  if (event.data.version !== expected) refuse('policy-version-invalid', `the next policy version is ${expected}, not ${event.data.version}`, { expected, given: event.data.version });
  checkPolicyTerms(event.data.terms);
}

export function checkPolicyTerms(terms: PolicyTerms): void {
  const { quorum, threshold } = terms;
  if (quorum.kind === 'fraction' && quorum.numerator > quorum.denominator) refuse('policy-invalid', 'a quorum fraction cannot exceed one');
  if (threshold.kind === 'qualified_majority') {
    if (threshold.numerator > threshold.denominator) refuse('policy-invalid', 'a qualified majority cannot exceed all votes cast');
    if (threshold.numerator * 2 <= threshold.denominator) refuse('policy-invalid', 'a qualified majority must be more than half of the votes cast');
  }
}
