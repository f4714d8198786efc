import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { appendSignatureLines, cosignCheckpoint, formatCosignerKey, generateCosignerKey } from '../../audit/cosignature.ts';
import { verifyInclusion } from '../../audit/merkle-verify.ts';
import { tempDir } from '../helpers/databases.ts';
import { copyExport, makeExport, readLines, writeLines } from '../helpers/export-fixture.ts';
import type { ExportFixture } from '../helpers/export-fixture.ts';
import { machineLimit } from '../helpers/time-limits.ts';

const BIN = path.resolve('bin/keygate.js');

function keygate(args: string[], extraEnv: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, ...extraEnv };
  delete env.DATABASE_URL;
  if (extraEnv.KEYGATE_VKEY === undefined) delete env.KEYGATE_VKEY;
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, timeout: machineLimit(120_000) });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('keygate log (CLI)', function () {
  this.timeout(machineLimit(240_000));
  let fx: ExportFixture;

  before(async () => {
    fx = await makeExport(9);
  });

  it('prints the verifier key and the latest checkpoint', () => {
    const key = keygate(['--data-dir', fx.config.dataDir, 'log', 'key']);
    expect(key.status).to.equal(0);
    expect(key.stdout).to.equal(`${fx.verifierKey}\n`);
    const cp = keygate(['--data-dir', fx.config.dataDir, 'log', 'checkpoint']);
    expect(cp.stdout).to.equal(fs.readFileSync(path.join(fx.dir, 'checkpoint'), 'utf8'));
  });

  it('exports checkpoint, entries.jsonl and verifier-key that verify (exit 0)', () => {
    const out = path.join(tempDir(), 'export');
    expect(keygate(['--data-dir', fx.config.dataDir, 'log', 'export', '--out', out]).status).to.equal(0);
    expect(fs.readdirSync(out).sort()).to.deep.equal(['checkpoint', 'entries.jsonl', 'verifier-key']);
    expect(readLines(out)).to.have.length(9);
    const verify = keygate(['log', 'verify', out]);
    expect(verify.status).to.equal(0);
    expect(verify.stdout).to.match(/^verified: .* 9 entries/m);
  });

  it('prints a JSON report with --json and exits 1 on a tampered export, naming the reason', () => {
    const dir = copyExport(fx.dir);
    writeLines(dir, readLines(dir).slice(1));
    const r = keygate(['log', 'verify', dir, '--json', '--vkey', fx.verifierKey]);
    expect(r.status).to.equal(1);
    const report = JSON.parse(r.stdout) as { ok: boolean; failure: { code: string; message: string } };
    expect(report.ok).to.equal(false);
    expect(report.failure.code).to.equal('size-mismatch');
    expect(report.failure.message).to.match(/8 entries; the checkpoint says 9/);
  });

  it('names the key it verified with and says when it came from the export itself', () => {
    const hash = fx.verifierKey.split('+')[1];
    const own = keygate(['log', 'verify', fx.dir]);
    expect(own.status).to.equal(0);
    expect(own.stdout).to.include(`key: ${fx.config.origin ?? ''}`.trimEnd());
    expect(own.stdout).to.match(new RegExp(`^key: \\S+\\+${hash} \\(from the export's own verifier-key file`, 'm'));
    const given = keygate(['log', 'verify', fx.dir, '--vkey', fx.verifierKey]);
    expect(given.stdout).to.match(new RegExp(`^key: \\S+\\+${hash} \\(from --vkey\\)$`, 'm'));
    const json = JSON.parse(keygate(['log', 'verify', fx.dir, '--json'], { KEYGATE_VKEY: fx.verifierKey }).stdout) as { ok: boolean; key: { hash: string; source: string } };
    expect(json).to.deep.include({ ok: true, key: { name: fx.verifierKey.split('+')[0], hash, source: 'KEYGATE_VKEY' } });
  });

  it('uses KEYGATE_VKEY rather than the key shipped in the export', async () => {
    const other = await makeExport(2);
    const r = keygate(['log', 'verify', fx.dir], { KEYGATE_VKEY: other.verifierKey });
    expect(r.status).to.equal(1);
    expect(r.stdout).to.match(/from KEYGATE_VKEY/);
    expect(r.stdout).to.match(/verification FAILED/);
  });

  it('refuses to work on a data dir that holds no keygate data, and creates nothing (exit 2)', () => {
    const typo = path.join(tempDir(), 'dat');
    for (const args of [['log', 'export', '--out', path.join(tempDir(), 'out')], ['log', 'key'], ['log', 'checkpoint'], ['anchor', 'list'], ['user', 'list']]) {
      const r = keygate(['--data-dir', typo, ...args]);
      expect(r.status, args.join(' ')).to.equal(2);
      expect(r.stderr, args.join(' ')).to.match(/no keygate data in /);
      expect(r.stderr).to.not.match(/\n\s+at /);
      expect(fs.existsSync(typo), args.join(' ')).to.equal(false);
    }
    expect(keygate(['--data-dir', typo, 'init']).status).to.equal(0);
    expect(keygate(['--data-dir', typo, 'log', 'key']).status).to.equal(0);
  });

  it('checks --trusted against the export', () => {
    const trusted = path.join(tempDir(), 'trusted');
    fs.writeFileSync(trusted, fs.readFileSync(path.join(fx.dir, 'checkpoint')));
    const r = keygate(['log', 'verify', fx.dir, '--trusted', trusted]);
    expect(r.status).to.equal(0);
    expect(r.stdout).to.match(/^ok\s+consistency: extends/m);
  });

  it('exits 2 on usage errors, without a stack trace', () => {
    for (const args of [
      ['log', 'verify', path.join(tempDir(), 'absent')],
      ['log', 'verify', fx.dir, '--vkey', 'not-a-key'],
      ['log', 'verify'],
      ['--data-dir', fx.config.dataDir, 'log', 'proof', 'inclusion', '--index', 'abc'],
    ]) {
      const r = keygate(args);
      expect(r.status, args.join(' ')).to.equal(2);
      expect(r.stderr).to.not.match(/\n\s+at /);
    }
  });

  it('prints inclusion and consistency proofs as JSON', () => {
    const inc = keygate(['--data-dir', fx.config.dataDir, 'log', 'proof', 'inclusion', '--index', '4']);
    expect(inc.status).to.equal(0);
    const p = JSON.parse(inc.stdout) as { index: number; treeSize: number; leafHash: string; root: string; hashes: string[] };
    expect(p).to.include({ index: 4, treeSize: 9 });
    const b = (s: string) => Buffer.from(s, 'base64');
    verifyInclusion({ index: 4, treeSize: 9, leafHash: b(p.leafHash), root: b(p.root), proof: p.hashes.map(b) });
    const con = keygate(['--data-dir', fx.config.dataDir, 'log', 'proof', 'consistency', '--old', '0', '--size', '9']);
    expect(JSON.parse(con.stdout)).to.deep.include({ oldSize: 0, treeSize: 9, hashes: [] });
    const bad = keygate(['--data-dir', fx.config.dataDir, 'log', 'proof', 'inclusion', '--index', '9']);
    expect(bad.status).to.equal(1);
    expect(bad.stderr).to.match(/range-invalid/);
  });

  it('checks the cosignatures of --witness keys against --witness-quorum (exit 1 below it, 2 for a quorum above the witnesses)', () => {
    const dir = copyExport(fx.dir);
    const file = path.join(dir, 'checkpoint');
    const note = fs.readFileSync(file, 'utf8');
    const [w1, w2] = [generateCosignerKey('w.test/a').cosigner, generateCosignerKey('w.test/b').cosigner];
    fs.writeFileSync(file, appendSignatureLines(note, [cosignCheckpoint(note.slice(0, note.indexOf('\n\n') + 1), w1, 1_800_000_000).trimEnd()]));
    const [k1, k2] = [formatCosignerKey(w1.verifier), formatCosignerKey(w2.verifier)];
    const one = keygate(['log', 'verify', dir, '--vkey', fx.verifierKey, '--witness', k1]);
    expect(one.status, one.stdout).to.equal(0);
    expect(one.stdout).to.match(/^ok +cosignatures: 1 of 1 witnesses cosigned/m);
    const both = keygate(['log', 'verify', dir, '--vkey', fx.verifierKey, '--witness', k1, '--witness', k2]);
    expect(both.status).to.equal(1);
    expect(both.stdout).to.match(/FAIL +cosignatures: .*quorum is 2/);
    expect(keygate(['log', 'verify', dir, '--vkey', fx.verifierKey, '--witness', k1, '--witness', k2, '--witness-quorum', '1']).status).to.equal(0);
    expect(keygate(['log', 'verify', dir, '--witness', k1, '--witness-quorum', '2']).status).to.equal(2);
    expect(keygate(['log', 'verify', dir, '--witness', fx.verifierKey]).status).to.equal(2);
  });
});
