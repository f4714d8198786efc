// The witnessed demo as README describes it, with real processes: the demo's log key is created
// first, two `keygate witness serve` processes are started for it, then `keygate serve --demo`
// with KEYGATE_WITNESSES naming both. An export carries both cosignatures and verifies with
// `--witness` for each; a rollback made with database access (entries, index rows, cosignatures
// and the witness records deleted, the triggers put back) is caught by the restarted server from
// the witnesses' answers: appends stop and /readyz gives the witnesses' size as evidence.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import sqlite3 from 'sqlite3';
import { findCosignatures, parseCosignerKey } from '../../audit/cosignature.ts';
import { tempDir } from '../helpers/databases.ts';
import { KEYGATE_BIN, startKeygate, startWitnessProcess } from '../helpers/processes.ts';
import type { KeygateProcess, WitnessProcess } from '../helpers/processes.ts';
import { machineLimit } from '../helpers/time-limits.ts';

function keygate(args: string[], env: NodeJS.ProcessEnv = process.env): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [KEYGATE_BIN, ...args], { encoding: 'utf8', env, timeout: machineLimit(120_000) });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Ready {
  status: string;
  checks: Record<string, string>;
  reason?: string;
  halt?: { message: string; evidence: Record<string, unknown> };
}

async function readyz(server: KeygateProcess): Promise<{ code: number; body: Ready }> {
  const res = await fetch(`${server.url}/readyz`);
  return { code: res.status, body: (await res.json()) as Ready };
}

/** Polls /readyz until `done` holds; the test's own time limit catches a hang. */
async function until(server: KeygateProcess, done: (r: { code: number; body: Ready }) => boolean): Promise<{ code: number; body: Ready }> {
  for (;;) {
    const r = await readyz(server);
    if (done(r)) return r;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** SQL as an operator with database access would run it (the sqlite3 driver, no product code). */
async function operatorSql(file: string, statements: readonly string[]): Promise<void> {
  const db = new sqlite3.Database(file);
  const run = (sql: string) => new Promise<void>((resolve, reject) => db.exec(sql, (err) => (err === null ? resolve() : reject(err))));
  try {
    for (const sql of statements) await run(sql);
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}

const ROLLED_BACK = ['log_entries', 'log_entry_index', 'witness_cosignatures'];

/** The CREATE statements of the DELETE-refusing triggers of the tables the rollback touches. */
async function triggerSql(file: string): Promise<string[]> {
  const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY);
  const names = ROLLED_BACK.map((t) => `'${t}_no_delete'`).join(', ');
  try {
    return await new Promise((resolve, reject) =>
      db.all(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN (${names})`, (err, rows: Array<{ sql: string }>) => (err === null ? resolve(rows.map((r) => r.sql)) : reject(err))),
    );
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}

describe('the witnessed demo (real processes)', function () {
  this.timeout(machineLimit(300_000));
  const started: KeygateProcess[] = [];
  afterEach(async () => {
    for (const p of started.splice(0)) await p.stop();
  });

  it('two witness processes cosign the demo log, exports verify with --witness for both, and a rollback stops appends with the evidence', async () => {
    const dataDir = tempDir('keygate-demo-');
    // 1. The log key first: the witnesses are started with its verifier key.
    const init = keygate(['--data-dir', dataDir, 'init']);
    expect(init.status, init.stderr).to.equal(0);
    const logVkey = keygate(['--data-dir', dataDir, 'log', 'key']).stdout.trim();
    // 2. Two witnesses, each with its own data dir and key.
    const witnesses: WitnessProcess[] = [];
    for (const name of ['pma', 'auditor']) {
      const w = await startWitnessProcess(tempDir(`keygate-witness-${name}-`), [logVkey]);
      started.push(w);
      witnesses.push(w);
    }
    const env = { ...process.env, KEYGATE_WITNESSES: witnesses.map((w) => w.entry).join(','), KEYGATE_LOG_LEVEL: 'info', KEYGATE_LOG_FORMAT: 'json' };
    // 3. The demo, witnessed.
    const server = await startKeygate(['--data-dir', dataDir, 'serve', '--demo', '--port', '0'], env);
    started.push(server);
    expect(server.output()).to.include('witness quorum: 2 of 2');
    const caughtUp = await until(server, (r) => r.code === 200 && /^witnessed: tree size \d+ \(quorum 2 of 2\)$/.test(r.body.checks.witnesses ?? '') && r.body.checks.log === `ok: tree size ${/tree size (\d+)/.exec(r.body.checks.witnesses!)![1]}`);
    const size = Number(/tree size (\d+)/.exec(caughtUp.body.checks.witnesses!)![1]);
    expect(size).to.be.greaterThan(10);

    // 4. An export carries both cosignatures and verifies with --witness for each.
    const out = path.join(tempDir('keygate-export-'), 'export');
    const exported = keygate(['--data-dir', dataDir, 'log', 'export', '--out', out], env);
    expect(exported.status, exported.stderr).to.equal(0);
    const checkpoint = fs.readFileSync(path.join(out, 'checkpoint'), 'utf8');
    expect(checkpoint.split('\n')[1]).to.equal(String(size));
    expect(findCosignatures(checkpoint, witnesses.map((w) => parseCosignerKey(w.vkey)))).to.have.length(2);
    const verified = keygate(['log', 'verify', out, '--vkey', logVkey, ...witnesses.flatMap((w) => ['--witness', w.vkey])]);
    expect(verified.status, verified.stdout + verified.stderr).to.equal(0);
    expect(verified.stdout).to.include('ok    cosignatures: 2 of 2 witnesses cosigned (quorum 2)');
    const stranger = keygate(['witness', 'key', '--data-dir', tempDir('keygate-witness-other-')]).stdout.trim();
    const refused = keygate(['log', 'verify', out, '--vkey', logVkey, '--witness', stranger]);
    expect(refused.status).to.equal(1);
    expect(refused.stdout).to.match(/quorum-not-met/);

    // 5. A rollback with database access: stop the server, delete the last three entries with
    //    everything that names them, put the triggers back so nothing looks touched.
    await server.stop();
    const db = path.join(dataDir, 'keygate.sqlite');
    const triggers = await triggerSql(db);
    expect(triggers).to.have.length(3);
    const kept = size - 3;
    await operatorSql(db, [
      ...ROLLED_BACK.map((t) => `DROP TRIGGER ${t}_no_delete`),
      `DELETE FROM log_entries WHERE idx >= ${kept}`,
      `DELETE FROM log_entry_index WHERE idx >= ${kept}`,
      `DELETE FROM witness_cosignatures WHERE tree_size > ${kept}`,
      `UPDATE witness_state SET size = ${kept}`,
      ...triggers,
    ]);
    const restarted = await startKeygate(['--data-dir', dataDir, 'serve', '--port', '0'], env);
    started.push(restarted);
    const halted = await until(restarted, (r) => r.code === 503 && r.body.halt !== undefined);
    expect(halted.body.reason).to.match(/rollback/);
    expect(halted.body.halt!.message).to.match(new RegExp(`has cosigned tree size ${size} but the log holds ${kept} entries: the log lost entries \\(rollback\\)`));
    expect(halted.body.halt!.evidence).to.deep.include({ witnessSize: size, logSize: kept });
    // Appends stop: a command that would write is refused, and the log does not grow.
    const appended = keygate(['--data-dir', dataDir, 'token', 'create', '--username', 'auditor', '--name', 'after-rollback'], env);
    expect(appended.status).to.not.equal(0);
    expect(appended.stdout + appended.stderr).to.match(/halted|read-only/);
    expect(keygate(['--data-dir', dataDir, 'log', 'checkpoint'], env).stdout.split('\n')[1]).to.equal(String(kept));
    // The server log says so at error level (pino level 50).
    const errors = restarted.output().split('\n').filter((l) => l.startsWith('{') && (JSON.parse(l) as { level: number }).level >= 50);
    expect(errors.some((l) => /rollback/.test(l) && l.includes(`"witnessSize":${size}`))).to.equal(true);
  });
});
