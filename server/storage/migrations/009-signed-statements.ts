// Signed statements already used: the SHA-256 of each statement a person signed, with the log
// index of the entry that carries it. A statement is accepted once (a replayed signature is
// refused); the rows are written with the entry in the same transaction and never change.
// Credentials themselves are approval entities (kind 'credential'), a projection of the
// credential.enrolled and credential.revoked entries.
import type { Knex } from 'knex';
import { createAppendOnlyTriggers } from './001-audit-log.ts';

export const STATEMENT_TABLES = ['signed_statements'] as const;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('signed_statements', (t) => {
    t.string('statement_sha256', 64).primary();
    t.string('credential_id', 128).notNullable();
    t.string('used_at', 40).notNullable();
  });
  await createAppendOnlyTriggers(knex, STATEMENT_TABLES);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('signed_statements');
}
