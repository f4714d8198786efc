// The audit log tables. They are insert-only: triggers make the database itself refuse
// UPDATE, DELETE and (on PostgreSQL) TRUNCATE, whatever the application does.
import type { Knex } from 'knex';

export const LOG_TABLES = ['log_entries', 'log_nodes', 'log_checkpoints', 'log_meta'] as const;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('log_entries', (t) => {
    t.bigInteger('idx').primary();
    t.binary('leaf').notNullable();
  });
  // Perfect-subtree hashes: (level, idx) covers leaves [idx * 2^level, (idx + 1) * 2^level).
  await knex.schema.createTable('log_nodes', (t) => {
    t.integer('level').notNullable();
    t.bigInteger('idx').notNullable();
    t.binary('hash').notNullable();
    t.primary(['level', 'idx']);
  });
  await knex.schema.createTable('log_checkpoints', (t) => {
    t.bigInteger('tree_size').primary();
    t.binary('root_hash').notNullable();
    t.text('note').notNullable();
    t.binary('frontier').notNullable();
    t.string('issued_at', 40).notNullable();
  });
  await knex.schema.createTable('log_meta', (t) => {
    t.string('key', 64).primary();
    t.text('value').notNullable();
  });
  await createAppendOnlyTriggers(knex, LOG_TABLES);
}

export async function down(): Promise<void> {
  throw new Error('the audit log cannot be migrated down');
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
