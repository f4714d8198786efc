// The insert-only guarantee of the log's tables rests on database triggers (migrations 001, 006
// and 007). An operator with database access can drop or disable them; this finds out.
import type { Knex } from 'knex';
import { LOG_TABLES } from '../storage/migrations/001-audit-log.ts';
import { WITNESS_TABLES } from '../storage/migrations/006-witness-cosignatures.ts';
import { INDEX_TABLES } from '../storage/migrations/007-log-entry-index.ts';

const GUARDED = [...LOG_TABLES, ...WITNESS_TABLES, ...INDEX_TABLES];

async function sqliteProblems(knex: Knex): Promise<string[]> {
  const rows: Array<{ name: string; sql: string }> = await knex('sqlite_master').select('name', 'sql').where('type', 'trigger');
  const byName = new Map(rows.map((r) => [r.name, r.sql]));
  return GUARDED.flatMap((table) =>
    ['update', 'delete'].flatMap((op) => {
      const sql = byName.get(`${table}_no_${op}`);
      if (sql === undefined) return [`the trigger refusing ${op.toUpperCase()} on ${table} is missing`];
      return /RAISE\s*\(\s*ABORT/i.test(sql) && new RegExp(`BEFORE\\s+${op}\\s+ON\\s+${table}\\b`, 'i').test(sql) ? [] : [`the trigger ${table}_no_${op} no longer refuses ${op.toUpperCase()}`];
    }),
  );
}

async function postgresProblems(knex: Knex): Promise<string[]> {
  const result = await knex.raw(
    `SELECT c.relname AS "table", t.tgname AS name, t.tgenabled AS enabled, p.prosrc AS source
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
      WHERE NOT t.tgisinternal AND c.relnamespace = to_regnamespace(current_schema())`,
  );
  const rows = (result as { rows: Array<{ table: string; name: string; enabled: string; source: string }> }).rows;
  return GUARDED.flatMap((table) =>
    [`${table}_append_only`, `${table}_no_truncate`].flatMap((name) => {
      const t = rows.find((r) => r.table === table && r.name === name);
      if (t === undefined) return [`the trigger ${name} on ${table} is missing`];
      if (t.enabled === 'D') return [`the trigger ${name} on ${table} is disabled`];
      return /RAISE\s+EXCEPTION/i.test(t.source) ? [] : [`the function behind ${name} no longer raises an exception`];
    }),
  );
}

/** What is wrong with the append-only triggers; empty when all are in place. */
export function triggerProblems(knex: Knex): Promise<string[]> {
  return knex.client.config.client === 'pg' ? postgresProblems(knex) : sqliteProblems(knex);
}
