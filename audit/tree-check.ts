// fsck of the stored tree: recomputes the tree from the stored entries and compares, entry by
// entry, the stored leaf hash and every stored node, and at every stored checkpoint its signature
// (log key, origin, size), its root and its frontier. Because every checkpoint's root is
// recomputed from the same stored entries, all of them are consistent with the latest one when
// this passes. Streams in pages: memory does not grow with the log. Reports, never throws, for
// what it finds; stops at the first missing entry (nothing after a gap can be recomputed).
import { verifyCheckpoint } from './checkpoint.ts';
import { decodeFrontier, MerkleAccumulator } from './compact-range.ts';
import { EMPTY_ROOT, hashEquals, leafHashInto } from './hash.ts';
import type { LogStore, LogTransaction, StoredRow } from './log-store.ts';
import type { NoteVerifier } from './note.ts';

const PAGE = 5_000;
/** Problems reported in full; later ones are only counted. */
const MAX_REPORTED = 20;

export interface TreeCheckStart {
  readonly treeSize: number;
  /** The frontier at treeSize, already trusted (a verified checkpoint's, or a previous check's). */
  readonly frontier: Buffer;
}

export interface TreeCheckResult {
  readonly from: number;
  /** Entries recomputed: the tree now reaches this size. */
  readonly treeSize: number;
  readonly checkpoints: number;
  /** The frontier at treeSize, to resume from next time (meaningful only when problems is empty). */
  readonly frontier: Buffer;
  /** The size of the last checkpoint met (or `from`). */
  readonly lastCheckpoint: number;
  readonly problems: readonly string[];
  readonly problemCount: number;
}

export interface TreeCheckOptions {
  readonly from?: TreeCheckStart;
  readonly onProgress?: (entries: number) => void;
  /** Sees every row the check reads, in log order (another check riding on the same scan). */
  readonly onRow?: (row: StoredRow) => void;
}

export async function checkStoredTree(
  store: LogStore<LogTransaction>,
  verifier: NoteVerifier,
  origin: string,
  options: TreeCheckOptions = {},
): Promise<TreeCheckResult> {
  const from = options.from ?? { treeSize: 0, frontier: Buffer.alloc(0) };
  const acc = MerkleAccumulator.fromFrontier(decodeFrontier(from.treeSize, from.frontier));
  const problems: string[] = [];
  let problemCount = 0;
  const report = (p: string) => {
    problemCount += 1;
    if (problems.length < MAX_REPORTED) problems.push(p);
  };
  if (options.from === undefined) await checkEmptyCheckpoint(store, verifier, origin, report);
  const latest = (await store.latestCheckpoint())?.treeSize ?? 0;
  const leaf = Buffer.alloc(32);
  let checkpoints = 0;
  let lastCheckpoint = from.treeSize;
  let stopped = false;
  // The next page is read while this one is hashed: the database works in its own thread.
  let next = store.scanRows(from.treeSize, from.treeSize + PAGE);
  for (let start = from.treeSize; !stopped; start += PAGE) {
    const rows = await next;
    next = rows.length === 0 ? Promise.resolve([]) : store.scanRows(start + PAGE, start + 2 * PAGE);
    if (rows.length === 0) {
      if (start < latest) report(`entries ${start} to ${latest - 1} are missing below the latest checkpoint`);
      break;
    }
    for (const row of rows) {
      if (row.index !== acc.size) {
        report(`entry ${acc.size} is missing (the next stored entry is ${row.index})`);
        stopped = true;
        break;
      }
      options.onRow?.(row);
      leafHashInto(row.bytes, leaf, 0);
      const problem = acc.pushComparing(leaf, row.nodeHashes);
      if (problem !== null) report(problem);
      if (row.checkpoint !== null) {
        checkpoints += 1;
        lastCheckpoint = acc.size;
        checkCheckpoint(row.checkpoint, acc, verifier, origin, report);
      }
    }
    options.onProgress?.(acc.size);
  }
  await next.catch(() => undefined); // a read-ahead past a gap or the end is not needed
  if (!stopped && acc.size > lastCheckpoint) report(`entries ${lastCheckpoint} to ${acc.size - 1} are not covered by any checkpoint`);
  if (!stopped && lastCheckpoint < latest) report(`the latest checkpoint covers ${latest} entries, the recomputed tree ${lastCheckpoint}`);
  return { from: from.treeSize, treeSize: acc.size, checkpoints, frontier: acc.frontierBytes(), lastCheckpoint, problems, problemCount };
}

function checkCheckpoint(stored: { note: string; frontier: Buffer }, acc: MerkleAccumulator, verifier: NoteVerifier, origin: string, report: (p: string) => void): void {
  const size = acc.size;
  try {
    const cp = verifyCheckpoint(stored.note, verifier, origin);
    if (cp.treeSize !== size) return report(`the checkpoint stored with entry ${size - 1} says tree size ${cp.treeSize}`);
    if (!hashEquals(cp.rootHash, acc.root())) return report(`the checkpoint of size ${size} has root ${cp.rootHash.toString('base64')}; the stored entries give ${acc.root().toString('base64')}`);
    if (!stored.frontier.equals(acc.frontierBytes())) report(`the frontier stored with the checkpoint of size ${size} differs from the recomputed one`);
  } catch (err) {
    report(`the checkpoint stored with entry ${size - 1} does not verify: ${(err as Error).message}`);
  }
}

async function checkEmptyCheckpoint(store: LogStore<LogTransaction>, verifier: NoteVerifier, origin: string, report: (p: string) => void): Promise<void> {
  try {
    const empty = await store.checkpointAt(0);
    if (empty === null) return report('the checkpoint of the empty log (size 0) is missing');
    const cp = verifyCheckpoint(empty.note, verifier, origin);
    if (cp.treeSize !== 0 || !hashEquals(cp.rootHash, EMPTY_ROOT)) report('the size-0 checkpoint is not the empty tree');
  } catch (err) {
    report(`the size-0 checkpoint does not verify: ${(err as Error).message}`);
  }
}
