// Runs storage suites unchanged on every supported engine: SQLite on a temporary file, and
// PostgreSQL in a schema of its own per test database, dropped afterwards, so runs never collide.
// PostgreSQL is never skipped in CI; elsewhere, when it is not answering, its suites say so and skip.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import type { DatabaseConfig } from '../../server/storage/database.ts';

export const POSTGRES_URL = process.env.KEYGATE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface EngineFixture {
  readonly name: 'sqlite' | 'postgres';
  /** A fresh, empty database (file or schema) for one test. */
  newDatabase(): Promise<DatabaseConfig>;
}

const tempDirs: string[] = [];
const schemas: string[] = [];

export function tempDir(prefix = 'keygate-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

const sqlite: EngineFixture = {
  name: 'sqlite',
  newDatabase: async () => ({ engine: 'sqlite', filename: path.join(tempDir(), 'keygate.sqlite') }),
};

const postgres: EngineFixture = {
  name: 'postgres',
  newDatabase: async () => {
    const schema = `t_${crypto.randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    return { engine: 'postgres', url: POSTGRES_URL, schema };
  },
};

let postgresReachable: Promise<boolean> | undefined;

async function probePostgres(): Promise<boolean> {
  const k = knexFactory({ client: 'pg', connection: POSTGRES_URL, pool: { min: 0, max: 1 }, acquireConnectionTimeout: 3000 });
  try {
    await k.raw('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await k.destroy();
  }
}

/** Declares `suite` once per engine. */
export function forEachEngine(suite: (engine: EngineFixture) => void): void {
  for (const engine of [sqlite, postgres]) {
    describe(`on ${engine.name}`, function () {
      if (engine.name === 'postgres') {
        before(async function () {
          postgresReachable ??= probePostgres();
          if (await postgresReachable) return;
          if (process.env.CI) throw new Error(`PostgreSQL is not answering at ${POSTGRES_URL}; CI never skips these tests`);
          console.warn(`    (PostgreSQL not answering at ${POSTGRES_URL}: skipping its suite)`);
          this.skip();
        });
      }
      suite(engine);
    });
  }
}

after(async () => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  if (schemas.length === 0) return;
  const k = knexFactory({ client: 'pg', connection: POSTGRES_URL, pool: { min: 0, max: 1 } });
  try {
    for (const schema of schemas.splice(0)) await k.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema]);
  } finally {
    await k.destroy();
  }
});
