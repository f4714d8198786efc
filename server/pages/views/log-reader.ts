// Reading the audit log for the pages: entries as parsed JSON with their log index, within the
// latest checkpoint (never beyond it, so every index shown has an inclusion proof), and searches
// by subject or action through the log's subject/action index (server/storage/log-entry-index.ts).
import { parseEntry } from '../../../audit/entry.ts';
import type { LogEntry } from '../../../audit/entry.ts';
import type { Keygate } from '../../compose.ts';
import { searchIndex } from '../../storage/log-entry-index.ts';
import type { EntrySearch } from '../../storage/log-entry-index.ts';

export interface IndexedEntry {
  readonly index: number;
  readonly entry: LogEntry;
}

export async function publishedSize(kg: Keygate): Promise<number> {
  return (await kg.log.latestCheckpoint()).treeSize;
}

export async function readEntries(kg: Keygate, start: number, end: number): Promise<IndexedEntry[]> {
  if (end <= start) return [];
  const leaves = await kg.logStore.readLeaves(start, end);
  return leaves.map((l) => ({ index: l.index, entry: parseEntry(l.bytes) }));
}

export type EntryFilter = EntrySearch;

/** A request timeline longer than this shows its first entries only. */
export const MAX_TIMELINE = 1_000;

/**
 * Entries of the published log matching `filter`, oldest first, found through the subject/action
 * index (one indexed query, then the entries by index): the cost does not grow with the log.
 * 'desc' takes the last `limit` matches below `below`, 'asc' the first from `from`.
 */
export async function searchEntries(kg: Keygate, filter: EntryFilter, window: { from?: number; below?: number; limit: number; order: 'asc' | 'desc' }): Promise<IndexedEntry[]> {
  const size = await publishedSize(kg);
  const below = Math.min(size, window.below ?? size);
  const indices = await searchIndex(kg.db.knex, filter, { ...window, below });
  const leaves = await kg.logStore.readLeavesAt(indices);
  return leaves.map((l) => ({ index: l.index, entry: parseEntry(l.bytes) }));
}
