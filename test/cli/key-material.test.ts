// Every CLI command refuses private key material in its arguments and options before it runs:
// commands that write to the data dir (the anchor removal reason once stored a PEM private key in
// the log) and client commands before they send. The refusal names the option, never the value,
// and the key's bytes appear nowhere in the data dir afterwards.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { openKeygate } from '../../server/compose.ts';
import { tempDir } from '../helpers/databases.ts';
import { testConfig } from '../helpers/keygate.ts';
import { machineLimit } from '../helpers/time-limits.ts';
import { testPki } from '../pki/fixtures.ts';

const BIN = path.resolve('bin/keygate.js');
const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const SECRET = Buffer.from(String((privateKey.export({ format: 'jwk' }) as { d: string }).d), 'base64url');

/** The secret in the encodings it could be kept in, in pieces of 12 characters. */
function traces(): string[] {
  const out: string[] = [];
  for (const s of [SECRET.toString('base64'), SECRET.toString('hex'), PEM.split('\n')[1]!]) for (let i = 0; i + 12 <= s.length; i += 6) out.push(s.slice(i, i + 12));
  return out;
}

function keygate(dataDir: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  return spawnSync(process.execPath, [BIN, '--data-dir', dataDir, ...args], { encoding: 'utf8', env: { ...base, ...env }, timeout: machineLimit(120_000) });
}

function dataDirHolds(dataDir: string): boolean {
  const bytes = fs.readdirSync(dataDir).map((f) => fs.readFileSync(path.join(dataDir, f)));
  return traces().some((t) => bytes.some((b) => b.includes(t)) || bytes.some((b) => b.includes(SECRET.subarray(0, 16))));
}

describe('keygate CLI and private key material', function () {
  this.timeout(machineLimit(240_000));
  const dataDir = tempDir();
  const root = testPki().root;
  const fingerprint = crypto.createHash('sha256').update(root.der).digest('hex');

  before(async () => {
    const kg = await openKeygate(testConfig({ engine: 'sqlite', filename: path.join(dataDir, 'keygate.sqlite') }, { dataDir }));
    try {
      await kg.trustAnchors.add({ id: 'cli:test', role: 'admin' }, root.der);
    } finally {
      await kg.close();
    }
  });

  it('refuses `anchor remove --reason <PEM private key>`, naming the option, and keeps the anchor and nothing of the key', () => {
    const r = keygate(dataDir, ['anchor', 'remove', fingerprint, '--reason', `Compromised; the key was:\n${PEM}`]);
    expect(r.status).to.not.equal(0);
    expect(r.stderr).to.match(/private key material.*option --reason/s);
    for (const t of traces()) expect(r.stderr + r.stdout).to.not.include(t);
    expect(dataDirHolds(dataDir)).to.equal(false);
    const list = keygate(dataDir, ['anchor', 'list', '--json']);
    expect((JSON.parse(list.stdout) as { fingerprint: string }[]).map((a) => a.fingerprint)).to.include(fingerprint);
  });

  it('refuses a base64 key in `document purge --reason` before opening the data dir', () => {
    const der = (privateKey.export({ type: 'pkcs8', format: 'der' }) as Buffer).toString('base64');
    const r = keygate(dataDir, ['document', 'purge', '0'.repeat(64), '--reason', der.replace(/(.{17})/g, '$1 ')]);
    expect(r.status).to.not.equal(0);
    expect(r.stderr).to.match(/private key material.*option --reason/s);
  });

  it('refuses a client command before it sends: a vote whose reasons hold a key never reaches the server', () => {
    const r = keygate(dataDir, ['vote', 'REQ-1', '--subject', 'transfer', '--choice', 'support', '--reasons', PEM], { KEYGATE_URL: 'http://127.0.0.1:9', KEYGATE_TOKEN: 'kg_test' });
    expect(r.status).to.not.equal(0);
    expect(r.stderr).to.match(/private key material/);
    expect(r.stderr).to.not.match(/unreachable|cannot reach/);
  });
});
