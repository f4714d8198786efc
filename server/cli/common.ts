// Helpers shared by the CLI commands: config from options, opening services, parsing counts.
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config.ts';
import type { Config } from '../config.ts';
import { openKeygate } from '../compose.ts';
import type { Keygate } from '../compose.ts';
import { LOG_KEY_FILE } from '../log-key.ts';
import { UsageError } from './report-error.ts';

export interface GlobalOptions {
  dataDir?: string;
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
