// The large log the tile, page and fsck benchmarks share: the demo (roster, providers, a request
// with its timeline, accounts), an auditor token for the benchmarks, then synthetic entries up to
// the wanted size. Every entry goes through the log's own append (leaf, nodes, checkpoint per
// transaction, index row), so the result is a genuine log that `keygate log verify` and `fsck`
// accept. Built once into a kept data dir under the OS temp dir and reused: a build that was
// interrupted resumes from the stored tree size.
import fs from 'node:fs';
import path from 'node:path';
import { openKeygate } from '../server/compose.ts';
import type { Keygate } from '../server/compose.ts';
import { loadConfig } from '../server/config.ts';
import type { Config } from '../server/config.ts';
import { seedDemo } from '../server/demo/seed.ts';
import { startKeygate } from '../test/helpers/processes.ts';
import type { KeygateProcess } from '../test/helpers/processes.ts';
import { benchDir } from './common.ts';
import { syntheticEntry } from './synthetic.ts';

export const MILLION = 1_000_000;
/** Entries per transaction while building: one checkpoint each, as a busy log would issue. */
const BATCH = 5_000;
const TOKEN_FILE = 'bench-token';

export interface BenchLog {
  readonly config: Config;
  readonly dataDir: string;
  /** A Bearer token of the demo auditor. */
  readonly token: string;
}

export function benchLogConfig(size: number): Config {
  return loadConfig({}, { dataDir: benchDir(`log-${size}`) });
}

async function ensureToken(kg: Keygate): Promise<string> {
  const file = path.join(kg.config.dataDir, TOKEN_FILE);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const system = { id: 'bench', role: 'admin' } as const;
  const auditor = (await kg.accounts.list()).find((a) => a.username === 'auditor');
  if (auditor === undefined) throw new Error('the demo auditor account is missing');
  const { secret } = await kg.accounts.createToken(system, auditor.id, 'benchmarks');
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** Opens (building or completing it first) a log of exactly `size` entries. */
export async function benchLog(size = MILLION, progress = process.stderr.isTTY): Promise<BenchLog> {
  const config = benchLogConfig(size);
  const kg = await openKeygate(config);
  try {
    if ((await kg.log.latestCheckpoint()).treeSize === 0) await seedDemo(kg);
    const token = await ensureToken(kg);
    const start = performance.now();
    let have = (await kg.log.latestCheckpoint()).treeSize;
    // `keygate serve` on it appends one entry on first start (the first admin account).
    const building = have < size;
    while (have < size) {
      const n = Math.min(BATCH, size - have);
      const base = have;
      await kg.db.transaction(async (tx) => {
        for (let i = 0; i < n; i++) await kg.log.append(tx, syntheticEntry(base + i));
      });
      have += n;
      if (progress) process.stderr.write(`\rbuilding the ${size}-entry log: ${have}`);
    }
    if (building) process.stderr.write(`${progress ? '\n' : ''}built ${config.dataDir} (${size} entries) in ${((performance.now() - start) / 1000).toFixed(0)} s\n`);
    return { config, dataDir: config.dataDir, token };
  } finally {
    await kg.close();
  }
}

export interface ServedBenchLog extends BenchLog {
  readonly server: KeygateProcess;
  get(pathAndQuery: string, headers?: Record<string, string>): Promise<Response>;
}

/**
 * `keygate serve` on the large log, returned once `/readyz` is ready with the start-up checks
 * done (the workflow-state rebuild at start reads the whole log and would load the first samples).
 */
export async function serveBenchLog(size = MILLION): Promise<ServedBenchLog> {
  const log = await benchLog(size);
  const t = performance.now();
  const server = await startKeygate(['--data-dir', log.dataDir, 'serve', '--port', '0'], { ...process.env, KEYGATE_LOG_LEVEL: 'warn' });
  const listening = performance.now() - t;
  const get = (pathAndQuery: string, headers: Record<string, string> = {}) => fetch(`${server.url}${pathAndQuery}`, { headers: { authorization: `Bearer ${log.token}`, ...headers } });
  for (;;) {
    const body = (await (await fetch(`${server.url}/readyz`)).json()) as { status: string; checks: { workflowState?: string } };
    if (body.status === 'ready' && body.checks.workflowState?.startsWith('ok') === true) break;
    if (body.status !== 'ready' && body.checks.workflowState !== 'pending') throw new Error(`the server is not ready: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  process.stderr.write(`keygate serve on ${log.dataDir}: listening after ${(listening / 1000).toFixed(1)} s, start-up checks done after ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
  return { ...log, server, get };
}
