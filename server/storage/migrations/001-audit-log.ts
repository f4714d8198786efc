// The audit log tables. They are insert-only: triggers make the database itself refuse
// UPDATE, DELETE and (on PostgreSQL) TRUNCATE, whatever the application does.
import type { Knex } from 'knex';
import { StorageError } from '../errors.ts';

export const LOG_TABLES = ['log_entries', 'log_meta'] as const;

/** Arbitrary constant naming the PostgreSQL advisory lock that serializes log appends. */
export const APPEND_LOCK_KEY = 1801812327; // "keyg"


export async function up(knex: Knex): Promise<void> {
  // `hashes`: the tree nodes completed by appending this entry, level 0 (the leaf hash) first;
  // see AppendedLeaf in audit/log-store.ts for the layout. The last entry of each appending
  // transaction also holds the checkpoint that transaction issued (tree size = idx + 1) and the
  // tree's frontier at that size.
  await knex.schema.createTable('log_entries', (t) => {
    t.bigInteger('idx').primary();
    t.binary('leaf').notNullable();
    t.binary('hashes').notNullable();
    t.text('checkpoint');
    t.binary('frontier');
    t.string('issued_at', 40);
  });
  await knex.schema.createTable('log_meta', (t) => {
    t.string('key', 64).primary();
    t.text('value').notNullable();
  });
  await createAppendOnlyTriggers(knex, LOG_TABLES);
  if (knex.client.config.client === 'pg') await createLockHeadFunction(knex);
}

/**
 * PostgreSQL: takes the append lock and reads the head in one round trip. In a VOLATILE
 * PL/pgSQL function each statement takes a fresh snapshot, so the SELECT, run after the lock is
 * granted, sees every append committed before it.
 */
async function createLockHeadFunction(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION keygate_lock_log_head()
    RETURNS TABLE (idx bigint, checkpoint text, frontier bytea, issued_at varchar)
    LANGUAGE plpgsql VOLATILE AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock(${APPEND_LOCK_KEY});
      RETURN QUERY SELECT e.idx, e.checkpoint, e.frontier, e.issued_at FROM log_entries e
        WHERE e.checkpoint IS NOT NULL ORDER BY e.idx DESC LIMIT 1;
    END $$`);
}

export async function down(): Promise<void> {
  throw new StorageError('migration-irreversible', 'the audit log cannot be migrated down');
}

export async function createAppendOnlyTriggers(knex: Knex, tables: readonly string[]): Promise<void> {
  if (knex.client.config.client === 'pg') {
    await knex.raw(`
      CREATE OR REPLACE FUNCTION keygate_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of tables) {
      await knex.raw(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION keygate_append_only()`);
      await knex.raw(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION keygate_append_only()`);
    }
    return;
  }
  // SQLite has no TRUNCATE; DELETE without WHERE fires the delete trigger.
  for (const table of tables) {
    for (const op of ['UPDATE', 'DELETE']) {
      await knex.raw(`CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only: ${op} refused'); END`);
    }
  }
}
