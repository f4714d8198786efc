// `keygate cert inspect` (server/cli/cert-inspect.ts). Kept under test/pki with the core it prints.
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { inspectCertificate } from '../../pki/index.ts';
import { runCertInspect } from '../../server/cli/cert-inspect.ts';
import { toPem } from './cert-builder.ts';
import { AT, orgCert, testPki } from './fixtures.ts';
import { REPO_ROOT } from './vectors.ts';
import { machineLimit } from '../helpers/time-limits.ts';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(args: { file: string; anchors?: string[]; at?: string; json?: boolean }, now: Date = AT): Promise<Run> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCertInspect({ file: args.file, anchors: args.anchors ?? [], at: args.at, json: args.json ?? false }, { stdout, stderr, now: () => now });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const STACK_LINE = /^\s+at .+\(.*:\d+:\d+\)$/m;

describe('keygate cert inspect', () => {
  let dir: string;
  const file = (name: string, content: string | Uint8Array): string => {
    const p = path.join(dir, name);
    writeFileSync(p, content);
    return p;
  };

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'keygate-cert-inspect-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  context('when the certificate is valid', () => {
    it('prints the record as text and exits 0, using further PEM blocks as intermediates', async () => {
      const { root, oca } = testPki();
      const r = await run({ file: file('bundle.pem', toPem(orgCert(5)) + oca.pem), anchors: [file('root.pem', root.pem)] });
      expect(r.code).to.equal(0);
      expect(r.stderr).to.equal('');
      expect(r.stdout).to.match(/^kind\s+organisation$/m).and.match(/^role\s+5 \(transitionalCoS\)$/m).and.match(/^result\s+VALID$/m);
    });

    it('prints exactly the JSON record with --json', async () => {
      const der = orgCert(4);
      const certFile = file('org.der', der);
      const r = await run({ file: certFile, anchors: [file('oca.pem', testPki().oca.pem)], json: true });
      expect(r.code).to.equal(0);
      const expected = await inspectCertificate(der, { at: AT, anchors: [testPki().oca.der] });
      expect(JSON.parse(r.stdout)).to.deep.equal(JSON.parse(JSON.stringify(expected)));
    });

    it('validates at the injected clock when --at is absent, and at --at when given', async () => {
      const certFile = file('org5.pem', toPem(orgCert(5)));
      const anchors = [file('oca2.pem', testPki().oca.pem)];
      expect((await run({ file: certFile, anchors }, new Date('2040-01-01T00:00:00Z'))).code).to.equal(1);
      expect((await run({ file: certFile, anchors, at: '2030-01-01T00:00:00Z' }, new Date('2040-01-01T00:00:00Z'))).code).to.equal(0);
    });
  });

  context('when the certificate is invalid', () => {
    it('exits 1 and lists the finding codes', async () => {
      const r = await run({ file: file('expired.pem', toPem(orgCert(5))), anchors: [file('oca3.pem', testPki().oca.pem)], at: '2036-01-01' });
      expect(r.code).to.equal(1);
      expect(r.stdout).to.match(/error\s+expired: /).and.match(/^result\s+INVALID$/m);
    });

    it('exits 1 without anchors (chain-no-anchor)', async () => {
      const r = await run({ file: file('lonely.pem', toPem(orgCert(5))), json: true });
      expect(r.code).to.equal(1);
      expect((JSON.parse(r.stdout) as { findings: { code: string }[] }).findings.map((f) => f.code)).to.deep.equal(['chain-no-anchor']);
    });
  });

  context('when the input is unusable', () => {
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const cases: [string, () => { file: string; anchors?: string[]; at?: string }, RegExp][] = [
      ['garbage', () => ({ file: file('garbage.bin', Uint8Array.from({ length: 500 }, (_, i) => (i * 37) % 256)) }), /not-a-certificate|certificate-malformed/],
      ['a missing file', () => ({ file: path.join(dir, 'nope.pem') }), /cannot read certificate file .*nope\.pem/],
      ['a private key', () => ({ file: file('key.pem', key) }), /refused .*key\.pem: it contains private key material \(PKCS#8 private key \(PEM\)\)/],
      ['a private key beside the certificate', () => ({ file: file('both.pem', toPem(orgCert(5)) + key) }), /PKCS#8 private key \(PEM\)/],
      ['a private key as anchor', () => ({ file: file('ok.pem', toPem(orgCert(5))), anchors: [file('anchor-key.pem', key)] }), /refused .*anchor-key\.pem/],
      ['a bad --at', () => ({ file: file('ok2.pem', toPem(orgCert(5))), at: '2024-02-30' }), /--at "2024-02-30" is not an ISO 8601 time/],
      ['an --at without a zone', () => ({ file: file('ok3.pem', toPem(orgCert(5))), at: '2024-02-01T10:00:00' }), /--at/],
      ['an anchor that is not a certificate', () => ({ file: file('ok4.pem', toPem(orgCert(5))), anchors: [file('text.txt', 'hello')] }), /anchor-malformed/],
    ];
    for (const [label, args, message] of cases) {
      it(`exits 2 for ${label}, with one line on stderr and nothing on stdout`, async () => {
        const r = await run(args());
        expect(r.code).to.equal(2);
        expect(r.stdout).to.equal('');
        expect(r.stderr).to.match(message);
        expect(r.stderr).to.not.match(STACK_LINE);
        expect(r.stderr.trim().split('\n')).to.have.length(1);
        expect(r.stderr).to.not.include(key.split('\n')[1]!.slice(0, 16));
      });
    }
  });

  context('when run as a process', () => {
    it('exits 2 on garbage input without a stack trace', function () {
      this.timeout(machineLimit(240_000));
      const garbage = file('garbage2.bin', Uint8Array.from({ length: 300 }, (_, i) => (i * 91 + 7) % 256));
      const child = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'keygate.js'), 'cert', 'inspect', garbage], { encoding: 'utf8', cwd: REPO_ROOT });
      expect(child.status, child.stderr).to.equal(2);
      expect(child.stdout).to.equal('');
      expect(child.stderr).to.match(/^keygate: /);
      expect(child.stderr).to.not.match(STACK_LINE);
    });
  });
});
