// Reads the environment and command-line options into one validated configuration.
// This is the only module that reads process.env.
import path from 'node:path';
import { z } from 'zod';
import type { DatabaseConfig } from './storage/database.ts';

export interface Config {
  readonly dataDir: string;
  readonly database: DatabaseConfig;
  /** KEYGATE_ORIGIN: the log's fixed origin line; otherwise generated once and kept in the database. */
  readonly origin: string | undefined;
  /** KEYGATE_LOG_KEY: path of the log's signer key; otherwise `<dataDir>/log-key`. */
  readonly logKeyPath: string | undefined;
  readonly port: number;
  readonly host: string;
}

export class ConfigError extends Error {
  readonly code = 'config-invalid';
}

const envSchema = z.object({
  KEYGATE_DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL').optional(),
  KEYGATE_DB_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).optional(),
  KEYGATE_ORIGIN: z.string().regex(/^[^\s+]+$/, 'KEYGATE_ORIGIN must have no spaces and no "+"').optional(),
  KEYGATE_LOG_KEY: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  HOST: z.string().min(1).optional(),
});

export interface ConfigOverrides {
  readonly dataDir?: string;
  readonly port?: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  const e = parsed.data;
  const dataDir = path.resolve(overrides.dataDir ?? e.KEYGATE_DATA_DIR ?? './data');
  const database: DatabaseConfig =
    e.DATABASE_URL === undefined
      ? { engine: 'sqlite', filename: path.join(dataDir, 'keygate.sqlite') }
      : { engine: 'postgres', url: e.DATABASE_URL, ...(e.KEYGATE_DB_SCHEMA === undefined ? {} : { schema: e.KEYGATE_DB_SCHEMA }) };
  return {
    dataDir,
    database,
    origin: e.KEYGATE_ORIGIN,
    logKeyPath: e.KEYGATE_LOG_KEY,
    port: overrides.port ?? e.PORT ?? 8080,
    host: e.HOST ?? '127.0.0.1',
  };
}
