// Helpers shared by the CLI commands: config from options, opening services, error reporting.
import fs from 'node:fs';
import path from 'node:path';
import { AuditError } from '../../audit/errors.ts';
import { ConfigError, loadConfig } from '../config.ts';
import type { Config } from '../config.ts';
import { openKeygate } from '../compose.ts';
import type { Keygate } from '../compose.ts';
import { LOG_KEY_FILE, LogKeyError } from '../log-key.ts';
import { WitnessKeyError } from '../witness/witness-key.ts';
import { PkiError } from '../../pki/index.ts';
import { ServiceError } from '../services/errors.ts';
import { AuthError } from '../auth/errors.ts';
import { ApiError } from './api-client.ts';

export interface GlobalOptions {
  dataDir?: string;
}

/** Thrown for wrong command-line use: exit code 2. */
export class UsageError extends Error {
  readonly code = 'usage';
}

export function configFrom(opts: GlobalOptions & { port?: number }): Config {
  return loadConfig(process.env, { ...(opts.dataDir === undefined ? {} : { dataDir: opts.dataDir }), ...(opts.port === undefined ? {} : { port: opts.port }) });
}

/**
 * Refuses to work on a data dir that holds no keygate data, so that a mistyped `--data-dir` fails
 * instead of silently creating an empty log. Only `init`, `serve` and `migrate` may create one.
 */
export function assertKeygateData(config: Config): void {
  const marker = config.database.engine === 'sqlite' ? config.database.filename : (config.logKeyPath ?? path.join(config.dataDir, LOG_KEY_FILE));
  if (!fs.existsSync(marker)) {
    throw new UsageError(`no keygate data in ${config.dataDir} (${marker} is missing); check --data-dir or KEYGATE_DATA_DIR, or create one with \`keygate init\``);
  }
}

export async function withKeygate<T>(opts: GlobalOptions, work: (kg: Keygate) => Promise<T>, options: { create?: boolean } = {}): Promise<T> {
  const config = configFrom(opts);
  if (options.create !== true) assertKeygateData(config);
  const kg = await openKeygate(config);
  try {
    return await work(kg);
  } finally {
    await kg.close();
  }
}

export function parseCount(value: string, name: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`${name} must be a non-negative integer, not ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** Prints known errors as one line; anything else with its stack. Returns the exit code. */
export function reportError(err: unknown): number {
  if (err instanceof UsageError) {
    process.stderr.write(`keygate: ${err.message}\n`);
    return 2;
  }
  if (err instanceof AuditError || err instanceof ConfigError || err instanceof LogKeyError || err instanceof WitnessKeyError || err instanceof PkiError || err instanceof AuthError) {
    process.stderr.write(`keygate: ${err.code}: ${err.message}\n`);
    return 1;
  }
  if (err instanceof ApiError) {
    process.stderr.write(`keygate: ${err.code}: ${err.message}\n`);
    return 1;
  }
  if (err instanceof ServiceError) {
    process.stderr.write(`keygate: ${err.reason}: ${err.message}\n`);
    return 1;
  }
  const e = err as NodeJS.ErrnoException;
  if (typeof e.code === 'string' && typeof e.syscall === 'string') {
    process.stderr.write(`keygate: ${e.message}\n`);
    return 1;
  }
  process.stderr.write(`keygate: unexpected error\n${(err as Error).stack ?? String(err)}\n`);
  return 1;
}
