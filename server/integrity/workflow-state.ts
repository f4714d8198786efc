// Drift between the workflow state tables and the log: the approval projection is rebuilt from
// the log's entries by the same rules (applyEvent) and compared row by row. A row the log does
// not explain, a missing row, or a row whose body or status differs is drift.
import canonicalize from 'canonicalize';
import { applyEvent, emptyState, isApprovalAction, parseEvent } from '../../approvals/index.ts';
import type { ApprovalState, Policy } from '../../approvals/index.ts';
import type { LogStore, LogTransaction } from '../../audit/log-store.ts';
import { projectionOf, readProjection } from '../storage/approval-store.ts';
import type { ProjectionRow } from '../storage/approval-store.ts';
import type { Database } from '../storage/database.ts';
import type { KnexLogStore } from '../storage/log-store-knex.ts';

const PAGE = 5_000;
/** Canonical entries start with their first key, "action" (RFC 8785 sorts keys). */
const ACTION_PREFIX = Buffer.from('{"action":"');

/** The action of a canonical entry without parsing the whole of it; null when it is not where expected. */
function actionOf(bytes: Buffer): string | null {
  if (!bytes.subarray(0, ACTION_PREFIX.length).equals(ACTION_PREFIX)) return null;
  const end = bytes.indexOf(0x22, ACTION_PREFIX.length);
  return end < 0 ? null : bytes.toString('utf8', ACTION_PREFIX.length, end);
}

async function replayLog(store: LogStore<LogTransaction>, treeSize: number, problems: string[]): Promise<{ state: ApprovalState; policies: Policy[] }> {
  let state = emptyState();
  const policies = new Map<number, Policy>();
  for (let start = 0; start < treeSize; start += PAGE) {
    for (const row of await store.scanRows(start, Math.min(treeSize, start + PAGE))) {
      const action = actionOf(row.bytes);
      if (action !== null && !isApprovalAction(action)) continue;
      try {
        state = applyEvent(state, parseEvent(JSON.parse(row.bytes.toString('utf8'))));
        if (state.policy !== null) policies.set(state.policy.version, state.policy);
      } catch (err) {
        problems.push(`entry ${row.index} cannot be replayed: ${(err as Error).message}`);
      }
    }
  }
  return { state, policies: [...policies.values()] };
}

function sameRow(a: ProjectionRow, b: ProjectionRow): boolean {
  return a.status === b.status && canonicalize(a.body) === canonicalize(b.body);
}

/**
 * Problems found; empty when the tables hold exactly what the log's entries make. The projection
 * and the tree size are read together under the log's append lock (a state change and its entry
 * commit together, so they match there); the entries below that size never change and are then
 * replayed without holding the lock.
 */
export async function workflowStateProblems(db: Database, store: KnexLogStore): Promise<string[]> {
  const { treeSize, stored } = await db.transaction(async (tx) => {
    const head = await store.lockHead(tx);
    return { treeSize: head?.treeSize ?? 0, stored: await readProjection(tx.trx) };
  });
  const problems: string[] = [];
  const { state, policies } = await replayLog(store, treeSize, problems);
  const expected = projectionOf(state, policies);
  for (const [key, row] of stored) {
    const want = expected.get(key);
    if (want === undefined) problems.push(`state row ${key} is not explained by the log`);
    else if (!sameRow(row, want)) problems.push(`state row ${key} differs from the state the log builds`);
  }
  for (const key of expected.keys()) if (!stored.has(key)) problems.push(`state row ${key} is missing`);
  return problems;
}
