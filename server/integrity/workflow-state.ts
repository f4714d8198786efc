// Drift between the workflow state tables and the log: the approval projection is rebuilt from
// the log's entries by the same rules (applyEvent) and compared row by row. A row the log does
// not explain, a missing row, or a row whose body or status differs is drift.
import canonicalize from 'canonicalize';
import { applyEvent, emptyState, isApprovalAction, parseEvent } from '../../approvals/index.ts';
import type { Policy } from '../../approvals/index.ts';
import type { StoredRow } from '../../audit/log-store.ts';
import { projectionOf, readProjection } from '../storage/approval-store.ts';
import type { ProjectionRow } from '../storage/approval-store.ts';
import type { Database } from '../storage/database.ts';
import type { KnexLogStore } from '../storage/log-store-knex.ts';

const PAGE = 5_000;
/** Canonical entries start with their first key, "action" (RFC 8785 sorts keys). */
const ACTION_PREFIX = Buffer.from('{"action":"');

/** The action of a canonical entry without parsing the whole of it; null when it is not where expected. */
function actionOf(bytes: Buffer): string | null {
  // Byte by byte: fsck calls this for every entry, and a subarray per call costs more than the loop.
  if (bytes.length < ACTION_PREFIX.length) return null;
  for (let i = 0; i < ACTION_PREFIX.length; i++) if (bytes[i] !== ACTION_PREFIX[i]) return null;
  const end = bytes.indexOf(0x22, ACTION_PREFIX.length);
  return end < 0 ? null : bytes.toString('utf8', ACTION_PREFIX.length, end);
}

/** Replays the approval entries below `treeSize`, fed rows in log order (by its own scan or another check's). */
export class StateReplay {
  private state = emptyState();
  private readonly policies = new Map<number, Policy>();
  readonly problems: string[] = [];
  private replayed = 0;

  constructor(readonly treeSize: number) {}

  /** Rows at or beyond treeSize are ignored; rows must come in log order, each once. */
  visit(row: StoredRow): void {
    if (row.index >= this.treeSize) return;
    this.replayed = row.index + 1;
    const action = actionOf(row.bytes);
    if (action !== null && !isApprovalAction(action)) return;
    try {
      this.state = applyEvent(this.state, parseEvent(JSON.parse(row.bytes.toString('utf8'))));
      if (this.state.policy !== null) this.policies.set(this.state.policy.version, this.state.policy);
    } catch (err) {
      this.problems.push(`entry ${row.index} cannot be replayed: ${(err as Error).message}`);
    }
  }

  /** Whether every entry below treeSize was seen. */
  get complete(): boolean {
    return this.replayed === this.treeSize;
  }

  /** Problems found against the stored projection; empty when the tables hold exactly what the entries make. */
  compare(stored: ReadonlyMap<string, ProjectionRow>): string[] {
    const problems = [...this.problems];
    const expected = projectionOf(this.state, [...this.policies.values()]);
    for (const [key, row] of stored) {
      const want = expected.get(key);
      if (want === undefined) problems.push(`state row ${key} is not explained by the log`);
      else if (!sameRow(row, want)) problems.push(`state row ${key} differs from the state the log builds`);
    }
    for (const key of expected.keys()) if (!stored.has(key)) problems.push(`state row ${key} is missing`);
    return problems;
  }
}

function sameRow(a: ProjectionRow, b: ProjectionRow): boolean {
  return a.status === b.status && canonicalize(a.body) === canonicalize(b.body);
}

export interface StateSnapshot {
  readonly treeSize: number;
  readonly stored: ReadonlyMap<string, ProjectionRow>;
}

/**
 * The projection and the tree size, read together under the log's append lock (a state change
 * and its entry commit together, so they match there); the entries below that size never change
 * and are then replayed without holding the lock.
 */
export async function stateSnapshot(db: Database, store: KnexLogStore): Promise<StateSnapshot> {
  return db.transaction(async (tx) => {
    const head = await store.lockHead(tx);
    return { treeSize: head?.treeSize ?? 0, stored: await readProjection(tx.trx) };
  });
}

/** Problems found; empty when the tables hold exactly what the log's entries make. Reads the whole log. */
export async function workflowStateProblems(db: Database, store: KnexLogStore, snapshot?: StateSnapshot): Promise<string[]> {
  const { treeSize, stored } = snapshot ?? (await stateSnapshot(db, store));
  const replay = new StateReplay(treeSize);
  for (let start = 0; start < treeSize; start += PAGE) {
    for (const row of await store.scanRows(start, Math.min(treeSize, start + PAGE))) replay.visit(row);
  }
  return replay.compare(stored);
}
