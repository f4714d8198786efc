// The auditor's semantic check: replays log entries through the same rules the services apply,
// without the database, and reports every entry that breaks them. A rule-breaking event is still
// applied (the log says it happened), so later entries are judged against the recorded history;
// an entry that cannot be parsed is reported and not applied. Trust-anchor entries are followed
// so that every certificate record is re-derived from its DER (replay-certificates.ts); entries
// of other modules are skipped and listed.
import type { ApprovalErrorCode } from './errors.ts';
import { ApprovalError, isApprovalError } from './errors.ts';
import type { ApprovalEvent } from './event-types.ts';
import { proofsOf } from './signing/proofs-of.ts';
import { statementHash } from './signing/statement.ts';
import { checkEvent } from './check.ts';
import type { CheckContext } from './check.ts';
import { isApprovalAction, parseEvent } from './events.ts';
import { applyAnchorEntry, checkCertificateEvidence, isCertifiedEvent, isTrustAnchorAction } from './replay-certificates.ts';
import type { AnchorLedger } from './replay-certificates.ts';
import { applyEvent, emptyState } from './state.ts';
import type { ApprovalState } from './state-types.ts';

export interface ReplayViolation {
  /** The entry's index in the input (the log index when replaying a whole export). */
  readonly index: number;
  readonly action: string;
  readonly code: ApprovalErrorCode;
  readonly message: string;
}

export interface ReplayResult {
  readonly state: ApprovalState;
  /** The trust anchors registered at the end of the log, by fingerprint. */
  readonly anchors: AnchorLedger;
  readonly violations: readonly ReplayViolation[];
  /** Indices of entries that are not approvals events. */
  readonly skipped: readonly number[];
}

export interface ReplayOptions {
  /** The state before the first entry; empty by default. */
  readonly initial?: ApprovalState;
  /** The trust anchors registered before the first entry (with `initial`, to replay part of a log); none by default. */
  readonly anchors?: AnchorLedger;
  /** The log origin signed statements must name (the export's checkpoint origin). */
  readonly origin?: string;
  /**
   * `required` (the default): every person's action must be signed, whatever the policy said
   * (an unsigned entry proves nothing about its person). `policy`: as the server decided.
   * `skip`: signatures are not checked at all (for measuring their cost only).
   */
  readonly signatures?: CheckContext['signatures'];
}

/** Codes that mean the person did not sign what the entry records: such an event is not applied. */
const UNSIGNED_CODES: ReadonlySet<ApprovalErrorCode> = new Set<ApprovalErrorCode>([
  'signature-missing',
  'signature-invalid',
  'signature-foreign',
  'signature-mismatch',
  'signature-stale',
  'signature-replayed',
  'credential-unknown',
  'credential-revoked',
]);

/** Replays untrusted entries in order. Throws only on a fault of the checker itself, never for a bad entry. */
export function replayEntries(entries: Iterable<unknown>, options: ReplayOptions = {}): ReplayResult {
  let state = options.initial ?? emptyState();
  let anchors: AnchorLedger = options.anchors ?? new Map();
  const context = contextOf(options);
  const statements = new Set<string>();
  const violations: ReplayViolation[] = [];
  const skipped: number[] = [];
  let index = 0;
  for (const entry of entries) {
    const action = actionOf(entry);
    const report = (err: unknown): void => {
      if (!isApprovalError(err)) throw err;
      violations.push({ index, action: action ?? '(none)', code: err.code, message: err.message });
    };
    if (action !== null && isTrustAnchorAction(action)) {
      try {
        anchors = applyAnchorEntry(anchors, entry);
      } catch (err) {
        report(err);
      }
    } else if (action !== null && !isApprovalAction(action)) {
      skipped.push(index);
    } else {
      try {
        const event = parseEvent(entry);
        let signed = true;
        try {
          checkEvent(state, event, context);
          if (options.signatures !== 'skip') requireFreshStatements(statements, event);
          // The record the rules just judged must be the one pki derives from the entry's DER.
          if (isCertifiedEvent(event)) checkCertificateEvidence(event, anchors);
        } catch (err) {
          report(err);
          // An action its person did not sign is not theirs: it is reported and not applied, so
          // an unsigned or forged vote never counts in the tally replay recomputes.
          signed = !(isApprovalError(err) && UNSIGNED_CODES.has(err.code));
        }
        if (signed) state = applyEvent(state, event);
      } catch (err) {
        report(err);
      }
    }
    index++;
  }
  return { state, anchors, violations, skipped };
}

function contextOf(options: ReplayOptions): CheckContext {
  const origin = options.origin === undefined ? {} : { origin: options.origin };
  if (options.signatures === 'skip') return { ...origin, signatures: 'skip' };
  return { ...origin, signatures: options.signatures ?? 'required' };
}

/** Each signed statement is used once in a log: the same statement twice is a replayed signature. */
function requireFreshStatements(seen: Set<string>, event: ApprovalEvent): void {
  for (const proof of proofsOf(event)) {
    const hash = statementHash(proof.statement);
    if (seen.has(hash) && !(event.action === 'credential.enrolled' && proof === event.data.approval)) {
      throw new ApprovalError('signature-replayed', 'this signed statement was already used by an earlier entry', { evidence: { statementSha256: hash } });
    }
    seen.add(hash);
  }
}

function actionOf(entry: unknown): string | null {
  if (typeof entry !== 'object' || entry === null || !('action' in entry)) return null;
  return typeof entry.action === 'string' ? entry.action : null;
}
