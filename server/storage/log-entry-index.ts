// The subject/action index of log entries (migration 007): written with each entry by the log
// store, read by the pages. A search is one indexed query returning at most `limit` log indices;
// the entries themselves are then read by index (and checked against their leaf hashes).
import type { Knex } from 'knex';
import type { AppendedLeaf } from '../../audit/log-store.ts';

export interface EntrySearch {
  /** An exact action, or a prefix of dot-separated segments ("request" matches "request.submitted"). */
  readonly action?: string;
  readonly subjectType?: string;
  readonly subjectId?: string;
}

export interface SearchWindow {
  /** Indices at or above (inclusive). */
  readonly from?: number;
  /** Indices below (exclusive); the caller passes the published tree size at most. */
  readonly below: number;
  readonly limit: number;
  /** 'asc': the first matches from `from`; 'desc': the last matches below `below`. */
  readonly order: 'asc' | 'desc';
}

const INSERT_CHUNK = 500;

export async function insertIndexRows(trx: Knex.Transaction, leaves: readonly AppendedLeaf[]): Promise<void> {
  for (let i = 0; i < leaves.length; i += INSERT_CHUNK) {
    const chunk = leaves.slice(i, i + INSERT_CHUNK);
    const values = chunk.map(() => '(?, ?, ?, ?)').join(', ');
    await trx.raw(`INSERT INTO log_entry_index (idx, action, subject_type, subject_id) VALUES ${values}`, chunk.flatMap((l) => [l.index, l.key.action, l.key.subjectType, l.key.subjectId]));
  }
}

/**
 * Log indices of matching entries. An action prefix P is the exact action P or the range
 * [P + ".", P + "/"): "/" follows "." in code-point order, which the column sorts by.
 *
 * A prefix is not one query with OR: neither engine can then read the (action, idx) index in idx
 * order, so a prefix matching most of the log (every vote) sorted all its rows (a second at
 * 1,000,000 entries). Instead the distinct actions under the prefix are found by seeks (a few
 * dozen at most: actions are declared in code), each is read in idx order up to `limit` rows, and
 * the lists are merged.
 */
export async function searchIndex(knex: Knex, search: EntrySearch, window: SearchWindow): Promise<number[]> {
  const action = search.action;
  if (action === undefined) return indicesOf(knex, search, undefined, window);
  const actions = [action, ...(await actionsUnder(knex, action))];
  const lists = await Promise.all(actions.map((a) => indicesOf(knex, search, a, window)));
  const merged = lists.flat().sort((a, b) => (window.order === 'asc' ? a - b : b - a));
  return merged.slice(0, window.limit);
}

async function indicesOf(knex: Knex, search: EntrySearch, action: string | undefined, window: SearchWindow): Promise<number[]> {
  const q = knex('log_entry_index').select('idx').where('idx', '<', window.below);
  if (window.from !== undefined) q.andWhere('idx', '>=', window.from);
  if (search.subjectType !== undefined) q.andWhere('subject_type', search.subjectType);
  if (search.subjectId !== undefined) q.andWhere('subject_id', search.subjectId);
  if (action !== undefined) q.andWhere('action', action);
  const rows: Array<{ idx: number | string }> = await q.orderBy('idx', window.order).limit(window.limit);
  return rows.map((r) => Number(r.idx));
}

/** The distinct actions in [prefix + ".", prefix + "/"), one index seek each. */
async function actionsUnder(knex: Knex, prefix: string): Promise<string[]> {
  const found: string[] = [];
  for (;;) {
    const last = found.at(-1);
    const q = knex('log_entry_index').select('action').where('action', '<', `${prefix}/`);
    if (last === undefined) q.andWhere('action', '>=', `${prefix}.`);
    else q.andWhere('action', '>', last);
    const row: { action: string } | undefined = await q.orderBy('action').limit(1).first();
    if (row === undefined) return found;
    found.push(row.action);
  }
}

/** Index rows and the largest indexed entry, for fsck. */
export async function indexExtent(knex: Knex): Promise<{ rows: number; last: number | null }> {
  const row = await knex('log_entry_index').count({ n: '*' }).max({ last: 'idx' }).first<{ n: number | string; last: number | string | null }>();
  return { rows: Number(row?.n ?? 0), last: row?.last === null || row?.last === undefined ? null : Number(row.last) };
}
