// The log's record of its witnesses (C2SP tlog-witness): the cosignature lines each witness
// returned, per checkpoint, and the latest size each witness is known to have cosigned.
// Cosignatures are evidence and insert-only, like the log itself; the witness sizes are a cache
// the log refreshes from the witnesses' own answers.
import type { Knex } from 'knex';
import { createAppendOnlyTriggers } from './001-audit-log.ts';

export const WITNESS_TABLES = ['witness_cosignatures'] as const;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('witness_cosignatures', (t) => {
    t.bigInteger('tree_size').notNullable();
    // The witness as "name+hash" of its cosigner verifier key.
    t.string('witness', 1024).notNullable();
    // The signature line exactly as the witness sent it, without its newline.
    t.text('line').notNullable();
    // The cosignature's own timestamp (POSIX seconds), and when the log received it.
    t.bigInteger('cosigned_at').notNullable();
    t.string('received_at', 40).notNullable();
    t.primary(['tree_size', 'witness']);
  });
  await knex.schema.createTable('witness_state', (t) => {
    t.string('witness', 1024).primary();
    t.bigInteger('size').notNullable();
    t.string('updated_at', 40).notNullable();
  });
  await createAppendOnlyTriggers(knex, WITNESS_TABLES);
}

export async function down(): Promise<void> {
  throw new Error('witness cosignatures cannot be migrated down');
}
