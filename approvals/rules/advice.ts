// SSC advice: an input to the PMA, bound to one revision. Where the policy requires advice, the
// chair cannot close voting until the SSC has advised on the revision being decided, or the PMA
// has recorded why advice was not sought (a waiver).
import { refuse } from '../errors.ts';
import type { EventOf } from '../event-types.ts';
import type { RevisionHash } from '../ids.ts';
import type { AdviceRecord, AdviceReliance, AdviceWaiver, TransferRequest } from '../model/request.ts';

export function latestAdvice(request: TransferRequest, revisionHash: RevisionHash): AdviceRecord | null {
  return request.advice.filter((a) => a.revisionHash === revisionHash).at(-1) ?? null;
}

export function latestWaiver(request: TransferRequest, revisionHash: RevisionHash): AdviceWaiver | null {
  return request.adviceWaivers.filter((w) => w.revisionHash === revisionHash).at(-1) ?? null;
}

/** What a decision on the revision relies on: the latest advice on it, else a waiver, else nothing. */
export function adviceReliance(request: TransferRequest, revisionHash: RevisionHash): AdviceReliance {
  const advice = latestAdvice(request, revisionHash);
  if (advice !== null) return { kind: 'advice', position: advice.position, by: advice.by, at: advice.at };
  const waiver = latestWaiver(request, revisionHash);
  return waiver === null ? { kind: 'none' } : { kind: 'waived', reason: waiver.reason };
}

export function checkAdviceRecorded(event: EventOf<'request.advice_recorded'>): void {
  const withConditions = event.data.position === 'support_with_conditions';
  if (withConditions && event.data.conditions.length === 0) refuse('condition-invalid', 'advice that supports with conditions must state the conditions');
  if (!withConditions && event.data.conditions.length > 0) refuse('condition-invalid', `only advice that supports with conditions states conditions; "${event.data.position.replaceAll('_', ' ')}" advice has none`);
}

export function checkAdviceWaived(request: TransferRequest, event: EventOf<'request.advice_waived'>): void {
  if (latestAdvice(request, event.data.revisionHash) !== null) refuse('advice-already-recorded', 'the SSC has advised on this revision: its advice cannot be waived');
}

/** Refuses a decision that needs advice and has neither advice nor a waiver on the revision. */
export function requireAdvice(reliance: AdviceReliance, required: boolean): void {
  if (required && reliance.kind === 'none') refuse('advice-missing', 'the policy requires SSC advice on this revision, or a recorded reason it was not sought');
}

/** Deciding against the SSC's advice needs a stated reason. */
export function requireDepartureReason(reliance: AdviceReliance, outcome: 'approved' | 'rejected', reason: string | null): void {
  if (reliance.kind !== 'advice' || reason !== null) return;
  const against = outcome === 'approved' ? reliance.position === 'do_not_support' : reliance.position === 'support' || reliance.position === 'support_with_conditions';
  if (against) refuse('advice-departure-reason-missing', `the decision (${outcome}) goes against the SSC's advice (${reliance.position}) and must say why`);
}
