import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { parseVerifierKey, generateSignerKey, formatVerifierKey } from '../../audit/note.ts';
import { verifyExport } from '../../audit/verify-export.ts';
import type { VerificationReport } from '../../audit/verify-export.ts';
import { copyExport, makeExport, readLines, writeLines } from '../helpers/export-fixture.ts';
import type { ExportFixture } from '../helpers/export-fixture.ts';

async function verifyDir(dir: string, options: { vkey?: string; trusted?: string } = {}): Promise<VerificationReport> {
  const vkey = options.vkey ?? fs.readFileSync(path.join(dir, 'verifier-key'), 'utf8').trim();
  return verifyExport({
    checkpoint: fs.readFileSync(path.join(dir, 'checkpoint'), 'utf8'),
    entries: fs.createReadStream(path.join(dir, 'entries.jsonl'), { highWaterMark: 64 }),
    verifier: parseVerifierKey(vkey),
    ...(options.trusted === undefined ? {} : { trusted: options.trusted }),
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
});
