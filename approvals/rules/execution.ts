// After approval: conditions met with evidence, execution inside the window, expiry after it;
// after execution, post-execution conditions met by their deadlines (or flagged overdue).
// The product never sees key material: the DCC records that the transfer happened, with the
// recipient's certificate for the key. That certificate is judged at the execution time: valid by
// pki's profile and chain checks against the registered trust anchors and in its validity
// period, for the same SubjectPublicKeyInfo, transferable, of the key's kind, with the role (and,
// for an Organisation Certificate, the party's EUI-64) the approved revision names.
import { refuse } from '../errors.ts';
import type { EventOf } from '../event-types.ts';
import { isCertificateValidAt, keyIdOf } from '../model/provider.ts';
import type { CertificateRecordJson, RegisteredKey } from '../model/provider.ts';
import type { Attachment, ConditionPhase, DecisionCondition, RevisionContent, TransferRequest } from '../model/request.ts';
import type { ApprovalState } from '../state-types.ts';
import { instantMs } from '../time.ts';
import type { IsoInstant } from '../time.ts';
import { currentRevision } from './request.ts';

const HOUR_MS = 3_600_000;

export function phaseOf(condition: DecisionCondition): ConditionPhase {
  return condition.phase ?? 'before_execution';
}

/** The ids of the decision's conditions of `phase` not met yet (before execution by default: what gates it). */
export function unmetConditions(request: TransferRequest, phase: ConditionPhase = 'before_execution'): string[] {
  const met = new Set<string>(request.conditionsMet.map((c) => c.conditionId));
  return (request.decision?.conditions ?? []).filter((c) => phaseOf(c) === phase && !met.has(c.conditionId)).map((c) => c.conditionId);
}

/** When a post-execution condition is due: the recorded execution time plus its hours; null before execution. */
export function conditionDueAt(request: TransferRequest, condition: DecisionCondition): IsoInstant | null {
  if (request.execution === null || condition.dueWithinHours === undefined) return null;
  return new Date(instantMs(request.execution.executedAt) + condition.dueWithinHours * HOUR_MS).toISOString() as IsoInstant;
}

/** The chair marks a before-execution condition met; post-execution ones are the DCC's to record. */
export function checkConditionMet(request: TransferRequest, event: EventOf<'request.condition_met'>): void {
  const condition = requireOpenCondition(request, event.data.conditionId, event.data.evidence);
  if (phaseOf(condition) !== 'before_execution') {
    refuse('condition-phase-mismatch', `condition "${condition.conditionId}" is due after execution: the DCC records it met once the transfer is done`, { conditionId: condition.conditionId });
  }
}

/** The DCC records a post-execution condition met (the source's confirmation, with evidence). */
export function checkObligationConfirmed(request: TransferRequest, event: EventOf<'request.obligation_confirmed'>): void {
  const condition = requireOpenCondition(request, event.data.conditionId, event.data.evidence);
  if (phaseOf(condition) !== 'after_execution') {
    refuse('condition-phase-mismatch', `condition "${condition.conditionId}" is due before execution: the chair marks it met`, { conditionId: condition.conditionId });
  }
}

/** The system flags a post-execution condition that is unmet after its deadline, once. */
export function checkObligationOverdue(request: TransferRequest, event: EventOf<'request.obligation_overdue'>): void {
  const { conditionId, dueAt } = event.data;
  const condition = requireOpenCondition(request, conditionId, null);
  const due = conditionDueAt(request, condition);
  if (due === null) refuse('condition-phase-mismatch', `condition "${conditionId}" has no deadline after execution`, { conditionId });
  if (due !== dueAt) refuse('condition-deadline-mismatch', `condition "${conditionId}" is due at ${due}, not ${dueAt}`, { conditionId, dueAt: due });
  if (instantMs(event.time) <= instantMs(due)) refuse('condition-not-overdue', `condition "${conditionId}" is due at ${due}`, { conditionId, dueAt: due });
  if ((request.overdue ?? []).some((o) => o.conditionId === conditionId)) refuse('condition-already-overdue', `condition "${conditionId}" is already flagged overdue`, { conditionId });
}

/** A condition of the decision that is not met yet; evidence is required unless null (a flag needs none). */
function requireOpenCondition(request: TransferRequest, conditionId: string, evidence: readonly Attachment[] | null): DecisionCondition {
  const condition = (request.decision?.conditions ?? []).find((c) => c.conditionId === conditionId) ?? refuse('condition-unknown', `the decision has no condition "${conditionId}"`, { conditionId });
  if (request.conditionsMet.some((c) => c.conditionId === conditionId)) refuse('condition-already-met', `condition "${conditionId}" is already met`, { conditionId });
  if (evidence !== null && evidence.length === 0) refuse('evidence-missing', `condition "${conditionId}" needs evidence`, { conditionId });
  return condition;
}

export function checkExecuted(state: ApprovalState, request: TransferRequest, event: EventOf<'request.executed'>): void {
  const { executedAt, evidence, recipientCertificate } = event.data;
  const content = currentRevision(request).content;
  const at = instantMs(executedAt);
  if (at > instantMs(event.time)) refuse('execution-in-future', `the transfer is recorded at ${event.time} as done at ${executedAt}`);
  if (at < instantMs(content.executionWindow.from) || at > instantMs(content.executionWindow.until)) {
    refuse('execution-outside-window', `${executedAt} is outside the window ${content.executionWindow.from} to ${content.executionWindow.until}`);
  }
  const unmet = unmetConditions(request);
  if (unmet.length > 0) refuse('conditions-not-met', `conditions not met: ${unmet.join(', ')}`, { unmet: unmet.join(',') });
  if (evidence.length === 0) refuse('evidence-missing', 'the execution record needs evidence');
  const key = state.keys.get(content.keyId) ?? refuse('key-unknown', `no registered key ${content.keyId}`, { keyId: content.keyId });
  if (key.holderId !== content.sourceProviderId) refuse('key-not-held-by-source', `key ${key.id} is held by ${key.holderId}, not ${content.sourceProviderId}`);
  if (!isCertificateValidAt(key.certificate, at)) refuse('key-certificate-invalid', `the key's certificate ${key.certificate.fingerprint} is not valid at ${executedAt}`, { keyId: key.id });
  checkRecipientCertificate(key, content, recipientCertificate, at);
}

/** The recipient's certificate at `atMs`, the execution time, against the key and the approved revision. */
export function checkRecipientCertificate(key: RegisteredKey, content: RevisionContent, cert: CertificateRecordJson, atMs: number): void {
  if (keyIdOf(cert) !== key.id) {
    refuse('recipient-key-mismatch', `the recipient's certificate is for key ${cert.spkiSha256}, not ${key.id}`, { keyId: key.id, recipient: cert.spkiSha256 });
  }
  const evidence = { keyId: key.id, fingerprint: cert.fingerprint };
  if (!cert.valid) refuse('recipient-certificate-invalid', `the recipient's certificate ${cert.fingerprint} failed pki's profile or chain checks against the registered trust anchors`, evidence);
  if (!isCertificateValidAt(cert, atMs)) refuse('recipient-certificate-invalid', `the recipient's certificate ${cert.fingerprint} is not in its validity period at the execution time`, evidence);
  if (!cert.transferable) refuse('recipient-certificate-invalid', `the recipient's certificate (${cert.kind}, role ${String(cert.role)}) is not of a kind and role eligible for transfer`, evidence);
  const role = content.recipientCertificate?.role ?? key.certificate.role;
  if (cert.kind !== key.certificate.kind || cert.role !== role) {
    refuse('recipient-role-mismatch', `the recipient's certificate is ${cert.kind} with role ${String(cert.role)}; the approved request needs ${key.certificate.kind} with role ${String(role)}`, { ...evidence, role: role ?? null });
  }
  const eui = content.recipientCertificate?.eui ?? null;
  if (eui !== null && cert.eui !== eui) {
    refuse('recipient-subject-mismatch', `the recipient's certificate names party ${String(cert.eui)}; the approved request names ${eui}`, { ...evidence, eui });
  }
}

export function checkExpired(request: TransferRequest, event: EventOf<'request.expired'>): void {
  const { until } = currentRevision(request).content.executionWindow;
  if (instantMs(event.time) <= instantMs(until)) refuse('window-not-passed', `the execution window runs until ${until}`);
}
