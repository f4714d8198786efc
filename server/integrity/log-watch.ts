// The server watching its own storage: the cheap part of fsck at start and then periodically
// (the stored head against the latest checkpoint, the tree recomputed from where the last check
// ended, the triggers, the witness records), and the workflow-state rebuild once after start.
// A failure halts the log (the one write path's fatal stop) and /readyz reports it.
import { AuditError } from '../../audit/errors.ts';
import type { TreeCheckStart } from '../../audit/tree-check.ts';
import type { UnitOfWork } from '../storage/unit-of-work.ts';
import { fsckError, runFsck } from './fsck.ts';
import type { FsckDeps, FsckReport } from './fsck.ts';
import { workflowStateProblems } from './workflow-state.ts';

/** Between two cheap checks. */
export const WATCH_INTERVAL_MS = 60_000;

export interface WatchLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface WatchStatus {
  readonly ok: boolean;
  /** When the last check finished (null: none yet). */
  readonly checkedAt: string | null;
  readonly detail: string;
  /** The workflow-state rebuild after start: pending, ok, or what differs. */
  readonly state: string;
}

export class LogWatch {
  private resumeFrom: TreeCheckStart | null = null;
  private largestSeen = 0;
  private last: { report: FsckReport | null; failure: string | null; at: string } | null = null;
  private stateResult = 'pending';
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private checking: Promise<FsckReport> | null = null;

  constructor(private readonly deps: FsckDeps & { readonly writes: UnitOfWork; readonly clock: () => Date; readonly logger: WatchLogger }) {}

  /** Runs the start-up check now, then starts the state rebuild in the background and the periodic checks. */
  async start(options: { intervalMs?: number } = {}): Promise<void> {
    await this.check();
    this.running = this.checkState();
    this.timer = setInterval(() => void this.check(), options.intervalMs ?? WATCH_INTERVAL_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One cheap check: the tail since the last check ended (the last TAIL_WINDOW entries at first). Calls overlapping a check share it. */
  check(): Promise<FsckReport> {
    this.checking ??= this.runCheck().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async runCheck(): Promise<FsckReport> {
    const report = await runFsck(this.deps, { full: false, skipState: true, ...(this.resumeFrom === null ? {} : { from: this.resumeFrom }) });
    const shrunk = report.treeSize < this.largestSeen ? `the log shrank from tree size ${this.largestSeen} to ${report.treeSize} since the last check` : null;
    const failed = fsckError(report);
    const at = this.deps.clock().toISOString();
    if (shrunk !== null || failed !== null) {
      const err = shrunk === null ? failed! : new AuditError('log-inconsistent', shrunk, { evidence: { checkedSize: this.largestSeen, treeSize: report.treeSize } });
      this.last = { report, failure: err.message, at };
      this.deps.logger.error({ evidence: err.evidence }, err.message);
      await this.deps.writes.reportIntegrityError(err);
      return report;
    }
    this.largestSeen = Math.max(this.largestSeen, report.treeSize);
    if (report.resumeFrom !== null) this.resumeFrom = report.resumeFrom;
    this.last = { report, failure: null, at };
    return report;
  }

  /** Rebuilds the workflow state from the log and compares the tables (linear in the log: run once, in the background). */
  async checkState(): Promise<void> {
    try {
      const problems = await workflowStateProblems(this.deps.db, this.deps.logStore);
      if (problems.length === 0) {
        this.stateResult = 'ok: every state row is what the log builds';
        return;
      }
      this.stateResult = `${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems[0]}`;
      const err = new AuditError('log-inconsistent', `storage check workflow-state failed: ${problems[0]}`, { evidence: { check: 'workflow-state', problems: problems.length } });
      this.deps.logger.error({ evidence: err.evidence }, err.message);
      await this.deps.writes.reportIntegrityError(err);
    } catch (err) {
      this.stateResult = `not run: ${(err as Error).message}`;
    }
  }

  status(): WatchStatus {
    if (this.last === null) return { ok: true, checkedAt: null, detail: 'not checked yet', state: this.stateResult };
    if (this.last.failure !== null) return { ok: false, checkedAt: this.last.at, detail: this.last.failure, state: this.stateResult };
    const tree = this.last.report?.checks.find((c) => c.check === 'tree');
    return { ok: true, checkedAt: this.last.at, detail: `ok at ${this.last.at}: ${tree?.detail ?? ''}`, state: this.stateResult };
  }
}
