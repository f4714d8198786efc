// Failed-login counters, shared by every server instance on the database. A row is keyed by the
// SHA-256 of its scope (an account name and client address, or a client address alone), so
// neither names nor addresses are stored in the clear. Times are UTC ISO 8601 strings, which
// sort as text. Rows are bookkeeping, not history: they are updated and pruned.
import type { Knex } from 'knex';

/** Arbitrary constant naming the PostgreSQL advisory lock that serializes throttle bookkeeping. */
export const THROTTLE_LOCK_KEY = 1819243380; // "lgit"

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('login_throttle', (t) => {
    t.string('key', 64).primary();
    t.integer('failures').notNullable();
    t.string('last_failure_at', 40);
    // Attempts are refused until then (backoff); null when not blocked.
    t.string('blocked_until', 40);
    // Account-and-address rows: the last successful login, which exempts the pair from the
    // address's own backoff (people who signed in from an address before are not locked out by
    // someone else failing from it).
    t.string('last_success_at', 40);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('login_throttle');
}
