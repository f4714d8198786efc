// Reading the audit log for the pages: entries as parsed JSON with their log index, within the
// latest checkpoint (never beyond it, so every index shown has an inclusion proof), and searches
// by subject or action. A search reads the log in pages from the start: O(n) in the log's size,
// which is fine for a committee's log (thousands of entries); a subject index would be the next
// step if the log grew to millions.
import { parseEntry } from '../../../audit/entry.ts';
import type { LogEntry } from '../../../audit/entry.ts';
import type { Keygate } from '../../compose.ts';

export interface IndexedEntry {
  readonly index: number;
  readonly entry: LogEntry;
}

const CHUNK = 1_000;

export async function publishedSize(kg: Keygate): Promise<number> {
  return (await kg.log.latestCheckpoint()).treeSize;
}

export async function readEntries(kg: Keygate, start: number, end: number): Promise<IndexedEntry[]> {
  if (end <= start) return [];
  const leaves = await kg.logStore.readLeaves(start, end);
  return leaves.map((l) => ({ index: l.index, entry: parseEntry(l.bytes) }));
}

export interface EntryFilter {
  readonly action?: string;
  readonly subjectType?: string;
  readonly subjectId?: string;
}

export function matches(e: LogEntry, f: EntryFilter): boolean {
  return (
    (f.action === undefined || e.action === f.action || e.action.startsWith(`${f.action}.`)) &&
    (f.subjectType === undefined || e.subject.type === f.subjectType) &&
    (f.subjectId === undefined || e.subject.id === f.subjectId)
  );
}

/** Every entry of the published log matching `filter`, oldest first. */
export async function searchEntries(kg: Keygate, filter: EntryFilter): Promise<IndexedEntry[]> {
  const size = await publishedSize(kg);
  const found: IndexedEntry[] = [];
  for (let start = 0; start < size; start += CHUNK) {
    for (const e of await readEntries(kg, start, Math.min(start + CHUNK, size))) if (matches(e.entry, filter)) found.push(e);
  }
  return found;
}
