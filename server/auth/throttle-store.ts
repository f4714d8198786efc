// Failed-login counter rows (login_throttle). One function per operation, each taking the
// transaction; row types stay in this file.
import type { Knex } from 'knex';
import { THROTTLE_LOCK_KEY } from '../storage/migrations/005-login-throttle.ts';
import type { ThrottleCounter } from './login-throttle-policy.ts';

interface ThrottleRow {
  key: string;
  failures: number | string;
  last_failure_at: string | null;
  blocked_until: string | null;
  last_success_at: string | null;
}

const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));
const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

function toCounter(row: ThrottleRow): ThrottleCounter {
  return { failures: Number(row.failures), lastFailureAt: ms(row.last_failure_at), blockedUntil: ms(row.blocked_until), lastSuccessAt: ms(row.last_success_at) };
}

/**
 * Serializes throttle bookkeeping across processes until the transaction ends, so that a burst of
 * attempts is judged one after another. SQLite: the write lock BEGIN IMMEDIATE already holds.
 */
export async function lockThrottle(trx: Knex.Transaction): Promise<void> {
  if (trx.client.config.client === 'pg') await trx.raw('SELECT pg_advisory_xact_lock(?)', [THROTTLE_LOCK_KEY]);
}

export async function readCounters(trx: Knex.Transaction, keys: readonly string[]): Promise<Map<string, ThrottleCounter>> {
  const rows = await trx<ThrottleRow>('login_throttle').whereIn('key', [...keys]);
  return new Map(rows.map((r) => [r.key, toCounter(r)]));
}

export async function writeCounter(trx: Knex.Transaction, key: string, c: ThrottleCounter): Promise<void> {
  const row = { key, failures: c.failures, last_failure_at: iso(c.lastFailureAt), blocked_until: iso(c.blockedUntil), last_success_at: iso(c.lastSuccessAt) };
  await trx('login_throttle').insert(row).onConflict('key').merge(['failures', 'last_failure_at', 'blocked_until', 'last_success_at']);
}

/** Deletes rows with nothing left to remember: no recent failure and no recent success. */
export async function pruneCounters(trx: Knex.Transaction, cutoffs: { failuresBefore: number; successesBefore: number }): Promise<void> {
  await trx('login_throttle')
    .where((w) => void w.whereNull('last_failure_at').orWhere('last_failure_at', '<', iso(cutoffs.failuresBefore)!))
    .andWhere((w) => void w.whereNull('last_success_at').orWhere('last_success_at', '<', iso(cutoffs.successesBefore)!))
    .delete();
}
