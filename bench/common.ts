// Shared helpers for the benchmarks: fresh databases, timing and summaries.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import type { DatabaseConfig } from '../server/storage/database.ts';
import type { Config } from '../server/config.ts';

export const PG_URL = process.env.KEYGATE_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function benchDir(name: string): string {
  const dir = path.join(os.tmpdir(), 'keygate-bench', name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export function freshDatabase(engine: 'sqlite' | 'postgres'): DatabaseConfig {
  if (engine === 'postgres') return { engine: 'postgres', url: PG_URL, schema: `bench_${crypto.randomBytes(4).toString('hex')}` };
  const dir = fs.mkdtempSync(path.join(benchDir('db'), 'sqlite-'));
  return { engine: 'sqlite', filename: path.join(dir, 'keygate.sqlite') };
}

export function benchConfig(database: DatabaseConfig, dataDir = fs.mkdtempSync(path.join(benchDir('data'), 'd-'))): Config {
  return { dataDir, database, origin: undefined, logKeyPath: undefined, port: 0, host: '127.0.0.1' };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 0 ? (s[mid - 1]! + s[mid]!) / 2 : s[mid]!;
}

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
  return `${os.cpus().length} x ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}
