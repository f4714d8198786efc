// The auditor's semantic check: replays log entries through the same rules the services apply,
// without the database, and reports every entry that breaks them. A rule-breaking event is still
// applied (the log says it happened), so later entries are judged against the recorded history;
// an entry that cannot be parsed is reported and not applied. Entries of other modules (actions
// outside APPROVAL_ACTION_PREFIXES) are skipped and listed.
import type { ApprovalErrorCode } from './errors.ts';
import { isApprovalError } from './errors.ts';
import { checkEvent } from './check.ts';
import { isApprovalAction, parseEvent } from './events.ts';
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
  readonly violations: readonly ReplayViolation[];
  /** Indices of entries that are not approvals events. */
  readonly skipped: readonly number[];
}

export interface ReplayOptions {
  /** The state before the first entry; empty by default. */
  readonly initial?: ApprovalState;
}

/** Replays untrusted entries in order. Throws only on a fault of the checker itself, never for a bad entry. */
export function replayEntries(entries: Iterable<unknown>, options: ReplayOptions = {}): ReplayResult {
  let state = options.initial ?? emptyState();
  const violations: ReplayViolation[] = [];
  const skipped: number[] = [];
  let index = 0;
  for (const entry of entries) {
    const action = actionOf(entry);
    if (action !== null && !isApprovalAction(action)) {
      skipped.push(index++);
      continue;
    }
    const report = (err: unknown): void => {
      if (!isApprovalError(err)) throw err;
      violations.push({ index, action: action ?? '(none)', code: err.code, message: err.message });
    };
    try {
      const event = parseEvent(entry);
      try {
        checkEvent(state, event);
      } catch (err) {
        report(err);
      }
      state = applyEvent(state, event);
    } catch (err) {
      report(err);
    }
    index++;
  }
  return { state, violations, skipped };
}

function actionOf(entry: unknown): string | null {
  if (typeof entry !== 'object' || entry === null || !('action' in entry)) return null;
  return typeof entry.action === 'string' ? entry.action : null;
}
