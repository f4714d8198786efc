// `keygate log fsck` and the server's own storage checks, as one list of named checks:
//   head            the latest checkpoint verifies, the entries stored end at its size (a count,
//                   so a deleted row shows), the stored nodes give its root;
//   tree            the tree recomputed from stored entries: every leaf hash, every stored node,
//                   every stored checkpoint (signature, root, frontier); --full from entry 0,
//                   otherwise from a given verified point (the tail);
//   index           the subject/action index holds one row per entry, no more (rows left beyond
//                   the log's end mean entries were removed);
//   triggers        the insert-only triggers are in place;
//   witnesses       no witness has cosigned more than the log holds (--full: every stored
//                   cosignature verifies on the stored checkpoint);
//   workflow-state  the state tables equal the state the log's entries build, row by row.
import { AuditError } from '../../audit/errors.ts';
import { verifyCheckpoint } from '../../audit/checkpoint.ts';
import { decodeFrontier, frontierRoot } from '../../audit/compact-range.ts';
import { hashEquals } from '../../audit/hash.ts';
import { checkLogHead } from '../../audit/log-check.ts';
import type { AuditLog } from '../../audit/log.ts';
import { checkStoredTree } from '../../audit/tree-check.ts';
import type { TreeCheckStart } from '../../audit/tree-check.ts';
import type { CosignatureStore } from '../storage/cosignature-store.ts';
import type { Database } from '../storage/database.ts';
import { indexExtent } from '../storage/log-entry-index.ts';
import type { KnexLogStore } from '../storage/log-store-knex.ts';
import type { KnexTx } from '../storage/unit-of-work.ts';
import type { ConfiguredWitness } from '../witnessing/witnesses.ts';
import { triggerProblems } from './triggers.ts';
import { witnessRecordProblems } from './witness-records.ts';
import { stateSnapshot, StateReplay, workflowStateProblems } from './workflow-state.ts';
import type { StoredRow } from '../../audit/log-store.ts';

export type FsckCheckName = 'head' | 'tree' | 'index' | 'triggers' | 'witnesses' | 'workflow-state';

export interface FsckCheck {
  readonly check: FsckCheckName;
  readonly ok: boolean;
  readonly detail: string;
  readonly problems: readonly string[];
}

export interface FsckReport {
  readonly ok: boolean;
  readonly full: boolean;
  readonly treeSize: number;
  readonly checks: readonly FsckCheck[];
  /** Where the tree check ended, to resume a tail check from (null when it failed). */
  readonly resumeFrom: TreeCheckStart | null;
}

export interface FsckDeps {
  readonly db: Database;
  readonly log: AuditLog<KnexTx>;
  readonly logStore: KnexLogStore;
  readonly cosignatures: CosignatureStore;
  readonly witnesses: readonly ConfiguredWitness[];
}

/** Without --full (and without a resume point), the tree check covers at least this many last entries. */
export const TAIL_WINDOW = 1_000;

export interface FsckOptions {
  /** Recompute the whole tree and verify every stored cosignature. */
  readonly full: boolean;
  /** Resume the tree check from here (the server's last check); default: the tail window. */
  readonly from?: TreeCheckStart;
  /** Skip the workflow-state rebuild (the server's periodic check; it runs it at start). */
  readonly skipState?: boolean;
  readonly onProgress?: (check: FsckCheckName, entries: number) => void;
}

function result(check: FsckCheckName, problems: readonly string[], okDetail: string): FsckCheck {
  return { check, ok: problems.length === 0, detail: problems.length === 0 ? okDetail : `${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems[0]}`, problems };
}

async function headCheck(deps: FsckDeps): Promise<FsckCheck> {
  try {
    const head = await checkLogHead(deps.logStore, deps.log.verifier, deps.log.origin);
    return result('head', [], `tree size ${head.treeSize}, root ${head.rootHash}`);
  } catch (err) {
    if (err instanceof AuditError) return result('head', [err.message], '');
    throw err;
  }
}

/** A verified starting point at or below size - TAIL_WINDOW: a stored checkpoint whose signature and frontier hold. */
async function tailStart(deps: FsckDeps, size: number): Promise<TreeCheckStart | null> {
  const cp = await deps.logStore.checkpointAtOrBelow(Math.max(0, size - TAIL_WINDOW));
  if (cp === null) return null;
  const verified = verifyCheckpoint(cp.note, deps.log.verifier, deps.log.origin);
  if (verified.treeSize !== cp.treeSize || !hashEquals(verified.rootHash, frontierRoot(decodeFrontier(cp.treeSize, cp.frontier)))) {
    throw new AuditError('log-inconsistent', `the stored checkpoint of size ${cp.treeSize} does not match its frontier`);
  }
  return { treeSize: cp.treeSize, frontier: cp.frontier };
}

async function treeCheck(deps: FsckDeps, options: FsckOptions, size: number, onRow?: (row: StoredRow) => void): Promise<{ check: FsckCheck; resumeFrom: TreeCheckStart | null }> {
  let from: TreeCheckStart | undefined;
  try {
    from = options.full ? undefined : (options.from ?? (await tailStart(deps, size)) ?? undefined);
  } catch (err) {
    if (err instanceof AuditError) return { check: result('tree', [err.message], ''), resumeFrom: null };
    throw err;
  }
  const onProgress = options.onProgress;
  const r = await checkStoredTree(deps.logStore, deps.log.verifier, deps.log.origin, {
    ...(from === undefined ? {} : { from }),
    ...(onProgress === undefined ? {} : { onProgress: (n: number) => onProgress('tree', n) }),
    ...(onRow === undefined ? {} : { onRow }),
  });
  const problems = r.problemCount > r.problems.length ? [...r.problems, `and ${r.problemCount - r.problems.length} more`] : r.problems;
  const check = result('tree', problems, `entries ${r.from} to ${r.treeSize - 1} recomputed: every leaf hash, stored node and checkpoint (${r.checkpoints}) matches`);
  return { check, resumeFrom: problems.length === 0 ? { treeSize: r.lastCheckpoint, frontier: r.frontier } : null };
}

async function guarded(check: FsckCheckName, work: () => Promise<string[]>, okDetail: string): Promise<FsckCheck> {
  try {
    return result(check, await work(), okDetail);
  } catch (err) {
    if (err instanceof AuditError) return result(check, [err.message], '');
    throw err;
  }
}

async function indexProblems(deps: FsckDeps, size: number): Promise<string[]> {
  const { rows, last } = await indexExtent(deps.db.knex);
  const problems: string[] = [];
  if (last !== null && last >= size) problems.push(`the entry index holds entry ${last}; the log holds ${size} entries: entries were removed from the log`);
  if (rows !== size) problems.push(`the entry index has ${rows} rows for ${size} entries`);
  return problems;
}

export async function runFsck(deps: FsckDeps, options: FsckOptions): Promise<FsckReport> {
  const checkState = options.skipState !== true;
  // --full reads every entry for the tree: the workflow-state replay rides on that one scan
  // (from a snapshot of the state tables taken first), instead of reading the log a second time.
  const snapshot = checkState && options.full ? await stateSnapshot(deps.db, deps.logStore) : null;
  const replay = snapshot === null ? null : new StateReplay(snapshot.treeSize);
  const head = await headCheck(deps);
  const size = (await deps.logStore.latestCheckpoint())?.treeSize ?? 0;
  const tree = await treeCheck(deps, options, size, replay === null ? undefined : (row) => replay.visit(row));
  const checks: FsckCheck[] = [head, tree.check];
  checks.push(await guarded('index', () => indexProblems(deps, size), `one index row for each of the ${size} entries`));
  checks.push(await guarded('triggers', () => triggerProblems(deps.db.knex), 'the log tables refuse UPDATE and DELETE'));
  checks.push(await guarded('witnesses', () => witnessRecordProblems({ ...deps, store: deps.logStore }, size, { full: options.full }), deps.witnesses.length === 0 ? 'no witness records exceed the log' : `no witness has cosigned beyond tree size ${size}`));
  if (checkState) {
    // A tree check that stopped early (a missing entry) did not show the replay every entry: scan again.
    const stateProblems = () => (replay !== null && snapshot !== null && replay.complete ? Promise.resolve(replay.compare(snapshot.stored)) : workflowStateProblems(deps.db, deps.logStore, snapshot ?? undefined));
    checks.push(await guarded('workflow-state', stateProblems, 'every state row is what the log builds'));
  }
  // A resume point only when the tree check reached the size the head check saw.
  const resumeFrom = tree.resumeFrom !== null && tree.resumeFrom.treeSize >= size ? tree.resumeFrom : null;
  return { ok: checks.every((c) => c.ok), full: options.full, treeSize: size, checks, resumeFrom };
}

/** The first failed check as an integrity error, to halt the log with. */
export function fsckError(report: FsckReport): AuditError | null {
  const failed = report.checks.find((c) => !c.ok);
  if (failed === undefined) return null;
  return new AuditError('log-inconsistent', `storage check ${failed.check} failed: ${failed.problems[0] ?? failed.detail}`, { evidence: { check: failed.check, problems: failed.problems.length } });
}
