import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { parseVerifierKey, generateSignerKey, formatVerifierKey } from '../../audit/note.ts';
import { appendSignatureLines, cosignCheckpoint, generateCosignerKey } from '../../audit/cosignature.ts';
import type { CosignerVerifier } from '../../audit/cosignature.ts';
import { verifyExport } from '../../audit/verify-export.ts';
import type { VerificationReport } from '../../audit/verify-export.ts';
import { copyExport, makeExport, readLines, writeLines } from '../helpers/export-fixture.ts';
import type { ExportFixture } from '../helpers/export-fixture.ts';

async function verifyDir(dir: string, options: { vkey?: string; trusted?: string; witnesses?: CosignerVerifier[]; witnessQuorum?: number } = {}): Promise<VerificationReport> {
  const vkey = options.vkey ?? fs.readFileSync(path.join(dir, 'verifier-key'), 'utf8').trim();
  return verifyExport({
    checkpoint: fs.readFileSync(path.join(dir, 'checkpoint'), 'utf8'),
    entries: fs.createReadStream(path.join(dir, 'entries.jsonl'), { highWaterMark: 64 }),
    verifier: parseVerifierKey(vkey),
    ...(options.trusted === undefined ? {} : { trusted: options.trusted }),
    ...(options.witnesses === undefined ? {} : { witnesses: options.witnesses }),
    ...(options.witnessQuorum === undefined ? {} : { witnessQuorum: options.witnessQuorum }),
  });
}

function tamper(fx: ExportFixture, change: (lines: Buffer[]) => Buffer[]): string {
  const dir = copyExport(fx.dir);
  writeLines(dir, change(readLines(dir)));
  return dir;
}

function tamperCheckpoint(fx: ExportFixture, change: (note: string) => string): string {
  const dir = copyExport(fx.dir);
  const file = path.join(dir, 'checkpoint');
  fs.writeFileSync(file, change(fs.readFileSync(file, 'utf8')));
  return dir;
}

describe('verifyExport', () => {
  let fx: ExportFixture;

  before(async () => {
    fx = await makeExport(20);
  });

  it('verifies an untouched export, reading it in small chunks', async () => {
    const report = await verifyDir(fx.dir);
    expect(report.failure).to.equal(null);
    expect(report.ok).to.equal(true);
    expect(report.entries).to.equal(20);
    expect(report.checks.map((c) => c.check)).to.deep.equal(['checkpoint-signature', 'entries-well-formed', 'entry-count', 'root-hash']);
  });

  it('verifies an empty log (size 0, the empty root)', async () => {
    const empty = await makeExport(0);
    const report = await verifyDir(empty.dir);
    expect(report.failure).to.equal(null);
    expect(report.rootHash).to.equal('47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
  });

  const entryCases: Array<[string, (lines: Buffer[]) => Buffer[], string, string]> = [
    ['a changed entry byte', (l) => l.map((b, i) => (i === 7 ? Buffer.from(b.toString().replace('synthetic', 'synthetiK')) : b)), 'root-mismatch', 'root-hash'],
    ['a deleted entry', (l) => l.filter((_, i) => i !== 3), 'size-mismatch', 'entry-count'],
    ['two swapped entries', (l) => l.map((b, i) => (i === 4 ? l[5]! : i === 5 ? l[4]! : b)), 'root-mismatch', 'root-hash'],
    ['an appended entry', (l) => [...l, l[0]!], 'size-mismatch', 'entry-count'],
    ['a missing last entry', (l) => l.slice(0, -1), 'size-mismatch', 'entry-count'],
  ];
  for (const [what, change, code, check] of entryCases) {
    it(`rejects ${what} with ${code}`, async () => {
      const report = await verifyDir(tamper(fx, change));
      expect(report.ok).to.equal(false);
      expect(report.failure?.code).to.equal(code);
      expect(report.checks.at(-1)).to.include({ check, ok: false });
    });
  }

  it('rejects a last entry without its newline with export-malformed', async () => {
    const dir = copyExport(fx.dir);
    const file = path.join(dir, 'entries.jsonl');
    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, -1));
    expect((await verifyDir(dir)).failure?.code).to.equal('export-malformed');
  });

  const checkpointCases: Array<[string, (note: string) => string, string]> = [
    ['a changed checkpoint size', (n) => n.replace(/\n20\n/, '\n19\n'), 'signature-invalid'],
    ['a changed checkpoint root', (n) => n.replace(/\n([A-Za-z0-9+/]{4})/, '\nAAAA'), 'signature-invalid'],
    ['a changed signature', (n) => n.replace(/(\u2014 \S+ [A-Za-z0-9+/]{10})[A-Za-z0-9+/]/, (_m, p: string) => `${p}${p.endsWith('A') ? 'B' : 'A'}`), 'signature-invalid'],
    ['a missing signature', (n) => n.slice(0, n.lastIndexOf('\n\n') + 2), 'signature-missing'],
  ];
  for (const [what, change, code] of checkpointCases) {
    it(`rejects ${what} with ${code}`, async () => {
      const dir = tamperCheckpoint(fx, change);
      expect(fs.readFileSync(path.join(dir, 'checkpoint'), 'utf8')).to.not.equal(fs.readFileSync(path.join(fx.dir, 'checkpoint'), 'utf8'));
      const report = await verifyDir(dir);
      expect(report.failure?.code).to.equal(code);
      expect(report.checks.at(-1)).to.include({ check: 'checkpoint-signature', ok: false });
    });
  }

  it('rejects a wrong verifier key with signature-missing', async () => {
    const other = formatVerifierKey(generateSignerKey(fx.origin).signer.verifier);
    expect((await verifyDir(fx.dir, { vkey: other })).failure?.code).to.equal('signature-missing');
  });

  context('with a trusted earlier checkpoint', () => {
    it('accepts an export that extends it', async () => {
      const dataDir = fx.config.dataDir;
      const trusted = fs.readFileSync(path.join(fx.dir, 'checkpoint'), 'utf8');
      const grown = await makeExport(5, { dataDir, database: fx.config.database }, 20);
      const report = await verifyDir(grown.dir, { trusted });
      expect(report.failure).to.equal(null);
      expect(report.checks.at(-1)).to.include({ check: 'consistency', ok: true });
    });

    it('rejects a fork signed with the same key with not-consistent', async () => {
      const trusted = fs.readFileSync(path.join(fx.dir, 'checkpoint'), 'utf8');
      // Another database, the same key and origin: a history that differs from entry 0 on.
      const fork = await makeExport(25, { origin: fx.origin, logKeyPath: path.join(fx.config.dataDir, 'log-key') }, 100);
      const plain = await verifyDir(fork.dir, { vkey: fx.verifierKey });
      expect(plain.failure, 'the fork is a validly signed log on its own').to.equal(null);
      const report = await verifyDir(fork.dir, { vkey: fx.verifierKey, trusted });
      expect(report.failure?.code).to.equal('not-consistent');
      expect(report.checks.at(-1)).to.include({ check: 'consistency', ok: false });
    });

    it('rejects a log that shrank below the trusted size with not-consistent', async () => {
      const trusted = fs.readFileSync(path.join(fx.dir, 'checkpoint'), 'utf8');
      const small = await makeExport(3, { origin: fx.origin, logKeyPath: path.join(fx.config.dataDir, 'log-key') });
      expect((await verifyDir(small.dir, { vkey: fx.verifierKey, trusted })).failure?.code).to.equal('not-consistent');
    });
  });

  context('with witnesses', () => {
    const w1 = generateCosignerKey('w.test/1').cosigner;
    const w2 = generateCosignerKey('w.test/2').cosigner;
    const w3 = generateCosignerKey('w.test/3').cosigner;
    const cosigned = (...by: Array<typeof w1>) =>
      tamperCheckpoint(fx, (note) => appendSignatureLines(note, by.map((c) => cosignCheckpoint(note.slice(0, note.indexOf('\n\n') + 1), c, 1_800_000_000).trimEnd())));

    it('passes when every given witness cosigned the checkpoint, naming them', async () => {
      const report = await verifyDir(cosigned(w1, w2), { witnesses: [w1.verifier, w2.verifier] });
      expect(report.failure).to.equal(null);
      expect(report.checks[1]).to.deep.include({ check: 'cosignatures', ok: true });
      expect(report.checks[1]!.detail).to.match(/2 of 2 witnesses cosigned \(quorum 2\): w\.test\/1, w\.test\/2/);
    });

    it('fails with quorum-not-met below the quorum and passes at it', async () => {
      const dir = cosigned(w1, w2);
      const all = await verifyDir(dir, { witnesses: [w1.verifier, w2.verifier, w3.verifier] });
      expect(all.failure?.code).to.equal('quorum-not-met');
      expect(all.checks.at(-1)).to.include({ check: 'cosignatures', ok: false });
      expect((await verifyDir(dir, { witnesses: [w1.verifier, w2.verifier, w3.verifier], witnessQuorum: 2 })).failure).to.equal(null);
    });

    it('fails with signature-invalid when a witness line was moved from another checkpoint', async () => {
      const other = tamperCheckpoint(fx, (note) => note);
      const line = cosignCheckpoint('x\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n', w1, 1).trimEnd();
      fs.appendFileSync(path.join(other, 'checkpoint'), `${line}\n`);
      expect((await verifyDir(other, { witnesses: [w1.verifier] })).failure?.code).to.equal('signature-invalid');
    });
  });
});
