// An index of log entries by subject and by action, for the pages' request timeline and log
// filters (reads that must not scan the log). One row per entry, written with the entry in the
// same transaction; insert-only like the log. The action column sorts by code point on both
// engines (COLLATE "C" on PostgreSQL) so an action prefix is a range.
import type { Knex } from 'knex';
import { createAppendOnlyTriggers } from './001-audit-log.ts';

export const INDEX_TABLES = ['log_entry_index'] as const;

const BACKFILL_PAGE = 2_000;

export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  await knex.schema.createTable('log_entry_index', (t) => {
    t.bigInteger('idx').primary();
    t.string('action', 256).notNullable();
    t.string('subject_type', 256).notNullable();
    t.string('subject_id', 256).notNullable();
  });
  if (pg) await knex.raw('ALTER TABLE log_entry_index ALTER COLUMN action TYPE varchar(256) COLLATE "C"');
  await backfill(knex);
  await knex.schema.alterTable('log_entry_index', (t) => {
    t.index(['subject_type', 'subject_id', 'idx'], 'log_entry_index_subject');
    t.index(['action', 'idx'], 'log_entry_index_action');
  });
  await createAppendOnlyTriggers(knex, INDEX_TABLES);
}

/** Indexes the entries logged before this migration. */
async function backfill(knex: Knex): Promise<void> {
  for (let after = -1; ; ) {
    const rows: Array<{ idx: number | string; leaf: Buffer }> = await knex('log_entries').select('idx', 'leaf').where('idx', '>', after).orderBy('idx').limit(BACKFILL_PAGE);
    if (rows.length === 0) return;
    after = Number(rows.at(-1)!.idx);
    const index = rows.map((r) => {
      const entry = JSON.parse(Buffer.from(r.leaf).toString('utf8')) as { action: string; subject: { type: string; id: string } };
      return { idx: Number(r.idx), action: entry.action, subject_type: entry.subject.type, subject_id: entry.subject.id };
    });
    for (let i = 0; i < index.length; i += 500) await knex('log_entry_index').insert(index.slice(i, i + 500));
  }
}

export async function down(): Promise<void> {
  throw new Error('the log entry index cannot be migrated down');
}
