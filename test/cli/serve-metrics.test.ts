// `keygate serve` with KEYGATE_METRICS_ADDR: a second listener serves /metrics to a scraper
// without credentials, while the main listener keeps it for admins.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import { tempDir } from '../helpers/databases.ts';
import { machineLimit } from '../helpers/time-limits.ts';

const BIN = path.resolve('bin/keygate.js');

interface Started {
  readonly child: ChildProcess;
  readonly main: string;
  readonly metrics: string;
}

function startServe(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const check = () => {
      const main = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      const metrics = /metrics on (http:\/\/\S+)\/metrics/.exec(out)?.[1];
      if (main !== undefined && metrics !== undefined) resolve({ child, main, metrics });
    };
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      check();
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`keygate serve exited with ${code}: ${out}`)));
  });
}

describe('keygate serve (CLI): the metrics listener', function () {
  this.timeout(machineLimit(120_000));
  let started: Started;

  before(async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, KEYGATE_DATA_DIR: tempDir(), PORT: '0', KEYGATE_METRICS_ADDR: '127.0.0.1:0', KEYGATE_LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    started = await startServe(env);
  });
  after(async () => {
    const exited = new Promise((resolve) => started.child.on('exit', resolve));
    started.child.kill('SIGTERM');
    await exited;
  });

  it('serves /metrics on KEYGATE_METRICS_ADDR without credentials', async () => {
    const res = await fetch(`${started.metrics}/metrics`);
    expect(res.status).to.equal(200);
    expect(await res.text()).to.match(/keygate_log_tree_size \d+/);
  });

  it('keeps /metrics on the main listener for admins: an anonymous caller gets 401', async () => {
    expect((await fetch(`${started.main}/metrics`)).status).to.equal(401);
  });
});
