// Shared set-up of the auth suites: a Keygate with a clock the test moves, and the audit log's
// entries and every stored string, for asserting what was (and was not) written.
import { parseEntry } from '../../../audit/entry.ts';
import type { LogEntry } from '../../../audit/entry.ts';
import { openKeygate } from '../../../server/compose.ts';
import type { Keygate } from '../../../server/compose.ts';
import type { DatabaseConfig } from '../../../server/storage/database.ts';
import { testConfig } from '../../helpers/keygate.ts';

export const ADMIN_ACTOR = { id: 'alice-admin', role: 'admin' } as const;
export const PASSWORD = 'correct horse battery staple';

export interface MovableClock {
  (): Date;
  advance(ms: number): void;
}

export function movableClock(start = '2026-11-28T12:00:00.000Z'): MovableClock {
  let now = new Date(start).getTime();
  const clock = (() => new Date(now)) as MovableClock;
  clock.advance = (ms) => void (now += ms);
  return clock;
}

export async function openAuthKeygate(database: DatabaseConfig, clock: () => Date = movableClock()): Promise<Keygate> {
  return openKeygate(testConfig(database), { clock });
}

export async function logEntries(kg: Keygate): Promise<LogEntry[]> {
  const leaves = await kg.logStore.readLeaves(0, await kg.logStore.countLeaves());
  return leaves.map((l) => parseEntry(l.bytes));
}

/** Every string leaf of a JSON value, member names included. */
export function stringLeaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringLeaves);
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...stringLeaves(v)]);
  return [];
}

/** Every text cell of the account tables, for checking that no secret is stored in the clear. */
export async function storedAccountText(kg: Keygate): Promise<string[]> {
  const tables = ['accounts', 'account_tokens', 'account_sessions', 'account_client_certificates'];
  const rows = (await Promise.all(tables.map((t) => kg.db.knex(t).select('*')))).flat() as Record<string, unknown>[];
  return rows.flatMap((r) => Object.values(r).filter((v): v is string => typeof v === 'string'));
}
