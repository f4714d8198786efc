// Accounts, their credentials and sessions. Secrets are never stored: passwords as scrypt hashes,
// API tokens and session ids as SHA-256 hashes. Timestamps are UTC ISO 8601 strings, which sort
// as text. Accounts are disabled, never deleted; the audit log holds their history.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('accounts', (t) => {
    t.string('id', 64).primary();
    t.string('username', 64).notNullable().unique();
    t.string('role', 16).notNullable();
    t.string('person_id', 128);
    // `scrypt$<N>$<r>$<p>$<salt>$<hash>`; null for token-only accounts.
    t.text('password_hash');
    t.string('created_at', 40).notNullable();
    // The disabled flag: set once, with the time it was set.
    t.string('disabled_at', 40);
  });
  await knex.schema.createTable('account_tokens', (t) => {
    t.string('id', 64).primary();
    t.string('account_id', 64).notNullable().references('id').inTable('accounts');
    t.string('name', 100).notNullable();
    t.string('token_hash', 64).notNullable().unique();
    t.string('created_at', 40).notNullable();
    t.string('last_used_at', 40);
    // The revoked flag: set once, with the time it was set.
    t.string('revoked_at', 40);
    t.index(['account_id']);
  });
  await knex.schema.createTable('account_client_certificates', (t) => {
    t.string('fingerprint', 64).primary();
    t.string('account_id', 64).notNullable().references('id').inTable('accounts');
    t.string('added_at', 40).notNullable();
    t.index(['account_id']);
  });
  await knex.schema.createTable('account_sessions', (t) => {
    t.string('id_hash', 64).primary();
    t.string('account_id', 64).notNullable().references('id').inTable('accounts');
    t.string('created_at', 40).notNullable();
    t.string('last_seen_at', 40).notNullable();
    t.string('expires_at', 40).notNullable();
    t.index(['account_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('account_sessions');
  await knex.schema.dropTable('account_client_certificates');
  await knex.schema.dropTable('account_tokens');
  await knex.schema.dropTable('accounts');
}
