// Registered SMKI trust anchors. Rows are added and marked removed, never deleted; the audit log
// holds the history of both.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('trust_anchors', (t) => {
    t.string('fingerprint', 64).primary();
    t.binary('der').notNullable();
    t.string('kind', 32).notNullable();
    t.text('subject').notNullable();
    t.text('record').notNullable();
    t.string('added_at', 40).notNullable();
    t.string('added_by', 256).notNullable();
    t.string('removed_at', 40);
    t.string('removed_by', 256);
    t.text('removed_reason');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('trust_anchors');
}
