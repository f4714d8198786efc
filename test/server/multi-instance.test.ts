// Two server processes on one PostgreSQL database, writing at the same time: one linear log.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import { parseEntry } from '../../audit/entry.ts';
import { openKeygate } from '../../server/compose.ts';
import { forEachEngine } from '../helpers/databases.ts';
import { exportAndVerify } from '../helpers/export-fixture.ts';
import { testConfig } from '../helpers/keygate.ts';
import type { Config } from '../../server/config.ts';
import { machineLimit } from '../helpers/time-limits.ts';

const BIN = path.resolve('bin/keygate.js');

function envFor(config: Config, port: number): NodeJS.ProcessEnv {
  const db = config.database;
  if (db.engine !== 'postgres') throw new Error('PostgreSQL only');
  return {
    ...process.env,
    DATABASE_URL: db.url,
    KEYGATE_DB_SCHEMA: db.schema,
    KEYGATE_DATA_DIR: config.dataDir,
    KEYGATE_LOG_KEY: path.join(config.dataDir, 'log-key'),
    PORT: String(port),
    KEYGATE_LOG_LEVEL: 'warn',
  };
}

function startServer(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('listening on')) resolve(child);
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

describe('several server instances', function () {
  this.timeout(machineLimit(240_000));
  forEachEngine((engine) => {
    if (engine.name !== 'postgres') return;
    it('make one linear log that verifies when both take writes at once', async () => {
      const config = testConfig(await engine.newDatabase());
      const kg = await openKeygate(config);
      const admin = await kg.accounts.createAccount({ id: 'test', role: 'admin' }, { username: 'root-admin', role: 'admin', personId: null });
      const { secret } = await kg.accounts.createToken({ id: 'test', role: 'admin' }, admin.id, 'multi');
      const before = (await kg.log.latestCheckpoint()).treeSize;
      await kg.close();

      const servers = await Promise.all([startServer(envFor(config, 18491)), startServer(envFor(config, 18492))]);
      try {
        const n = 40;
        const results = await Promise.all(
          Array.from({ length: n }, (_, i) =>
            fetch(`http://127.0.0.1:${i % 2 === 0 ? 18491 : 18492}/api/v1/providers`, {
              method: 'POST',
              headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
              body: JSON.stringify({ providerId: `p-${i}`, name: `Provider ${i}`, kind: 'other', status: 'current' }),
            }).then((r) => r.status),
          ),
        );
        expect(results.every((s) => s === 201), results.join(',')).to.equal(true);
      } finally {
        for (const s of servers) s.kill('SIGTERM');
      }

      const again = await openKeygate(config);
      try {
        const { treeSize } = await again.log.latestCheckpoint();
        expect(treeSize).to.equal(before + 40);
        const leaves = await again.logStore.readLeaves(before, treeSize);
        const ids = leaves.map((l) => (parseEntry(l.bytes).data as { providerId: string }).providerId).sort();
        expect(ids).to.deep.equal(Array.from({ length: 40 }, (_, i) => `p-${i}`).sort());
        const report = await exportAndVerify(again);
        expect(report.failure).to.equal(null);
        expect((await again.approvals.world()).providers.size).to.equal(40);
      } finally {
        await again.close();
      }
    });
  });
});
