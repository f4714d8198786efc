// The RFC 6962 proof vectors of transparency-dev/merkle (testdata/, Apache-2.0), read from
// ../shared/vectors/rfc6962 (see its README). One `it` per file, so a failure names the file.
//
// Every vector must verify exactly when wantErr is false, and a failing one must fail for the
// right kind of reason (its MerkleError code), except the documented exceptions below.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { EMPTY_ROOT, HASH_SIZE } from '../../audit/hash.ts';
import { MerkleError } from '../../audit/merkle.ts';
import { verifyConsistency, verifyInclusion } from '../../audit/merkle-verify.ts';
import type { MerkleErrorCode } from '../../audit/merkle.ts';
import { listJsonFiles, locateVectors, withVectors } from '../helpers/vectors.ts';

interface InclusionVector {
  readonly leafIdx: number;
  readonly treeSize: number;
  readonly root: Buffer;
  readonly leafHash: Buffer;
  readonly proof: Buffer[];
  readonly desc: string;
  readonly wantErr: boolean;
}

interface ConsistencyVector {
  readonly size1: number;
  readonly size2: number;
  readonly root1: Buffer;
  readonly root2: Buffer;
  readonly proof: Buffer[];
  readonly desc: string;
  readonly wantErr: boolean;
}

// ---- parsing (the files are external input: check every field) ----

function field(json: Record<string, unknown>, name: string, type: 'number' | 'string' | 'boolean'): unknown {
  const value = json[name];
  if (typeof value !== type) throw new Error(`vector field ${name} is not a ${type}`);
  return value;
}

const b64 = (json: Record<string, unknown>, name: string): Buffer => Buffer.from(field(json, name, 'string') as string, 'base64');

function proofOf(json: Record<string, unknown>): Buffer[] {
  const proof = json.proof;
  if (proof === null) return [];
  if (!Array.isArray(proof) || !proof.every((p) => typeof p === 'string')) throw new Error('vector proof is not a list of base64 strings');
  return proof.map((p: string) => Buffer.from(p, 'base64'));
}

function readJson(file: string): Record<string, unknown> {
  const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof json !== 'object' || json === null) throw new Error(`${file} is not a JSON object`);
  return json as Record<string, unknown>;
}

function parseInclusion(json: Record<string, unknown>): InclusionVector {
  return {
    leafIdx: field(json, 'leafIdx', 'number') as number,
    treeSize: field(json, 'treeSize', 'number') as number,
    root: b64(json, 'root'),
    leafHash: b64(json, 'leafHash'),
    proof: proofOf(json),
    desc: field(json, 'desc', 'string') as string,
    wantErr: field(json, 'wantErr', 'boolean') as boolean,
  };
}

function parseConsistency(json: Record<string, unknown>): ConsistencyVector {
  return {
    size1: field(json, 'size1', 'number') as number,
    size2: field(json, 'size2', 'number') as number,
    root1: b64(json, 'root1'),
    root2: b64(json, 'root2'),
    proof: proofOf(json),
    desc: field(json, 'desc', 'string') as string,
    wantErr: field(json, 'wantErr', 'boolean') as boolean,
  };
}

// ---- running ----

type Outcome = { readonly ok: true } | { readonly ok: false; readonly code: MerkleErrorCode };

function outcomeOf(run: () => void): Outcome {
  try {
    run();
    return { ok: true };
  } catch (err) {
    if (!(err instanceof MerkleError)) throw err; // anything else is a bug, not a verdict
    return { ok: false, code: err.code };
  }
}

const runInclusion = (v: InclusionVector): Outcome =>
  outcomeOf(() => verifyInclusion({ index: v.leafIdx, treeSize: v.treeSize, leafHash: v.leafHash, proof: v.proof, root: v.root }));

const runConsistency = (v: ConsistencyVector): Outcome =>
  outcomeOf(() => verifyConsistency({ oldSize: v.size1, treeSize: v.size2, oldRoot: v.root1, root: v.root2, proof: v.proof }));

// ---- why a failing vector must fail ----

const isMalformed = (h: Buffer): boolean => h.length !== HASH_SIZE;
const PROOF_CODES: readonly MerkleErrorCode[] = ['wrong-proof-length', 'root-mismatch', 'old-root-mismatch', 'empty-proof-expected'];

/** By desc, for vectors whose sizes and hashes are well formed (first match wins). */
const REASONS: ReadonlyArray<readonly [RegExp, readonly MerkleErrorCode[]]> = [
  [/^(inserted|removed) component$|garbage$|^(preceding|trailing) |^truncated proof$|^empty proof$/, ['wrong-proof-length']],
  [/is useless$|^sizes match but proof is not empty/, ['empty-proof-expected']],
  [/^modified proof|root$|^wrong leaf$|^swapped roots$|random leaf$|^roots do not match/, ['root-mismatch', 'old-root-mismatch']],
  [/^(leafIdx|treeSize|size1|size2) (XOR|plus|sub|div|mul) /, PROOF_CODES],
];

/** The codes a failing vector may fail with, in the verifiers' check order. */
function allowedCodes(desc: string, sizesValid: boolean, sizeCode: MerkleErrorCode, hashes: readonly Buffer[]): readonly MerkleErrorCode[] {
  if (!sizesValid) return [sizeCode];
  if (hashes.some(isMalformed)) return ['bad-hash-length'];
  const reason = REASONS.find(([pattern]) => pattern.test(desc));
  if (reason === undefined) throw new Error(`unclassified failing vector "${desc}": add it to REASONS`);
  return reason[1];
}

function inclusionCodes(v: InclusionVector): readonly MerkleErrorCode[] {
  const valid = Number.isSafeInteger(v.leafIdx) && v.leafIdx >= 0 && v.leafIdx < v.treeSize;
  return allowedCodes(v.desc, valid, 'index-out-of-range', [v.leafHash, v.root, ...v.proof]);
}

function consistencyCodes(v: ConsistencyVector): readonly MerkleErrorCode[] {
  const valid = Number.isSafeInteger(v.size1) && Number.isSafeInteger(v.size2) && v.size1 >= 0 && v.size1 <= v.size2;
  return allowedCodes(v.desc, valid, 'size-out-of-range', [v.root1, v.root2, ...v.proof]);
}

function expectVerdict(outcome: Outcome, wantErr: boolean, allowed: () => readonly MerkleErrorCode[]): void {
  if (!wantErr) {
    expect(outcome).to.deep.equal({ ok: true });
    return;
  }
  expect(outcome.ok, 'verification must fail').to.equal(false);
  if (!outcome.ok) expect(allowed()).to.include(outcome.code);
}

// ---- documented exceptions ----

/** Replaces each malformed hash h by SHA-256(h): equal placeholders stay equal, all are 32 bytes. */
const wellFormed = (h: Buffer): Buffer => (isMalformed(h) ? createHash('sha256').update(h).digest() : h);

const SIZE_ZERO_POLICY =
  'transparency-dev/merkle rejects every consistency proof from size 0; this product follows RFC 9162 §2.1.4 as ' +
  'completed by C2SP merkle-tree: from size 0 an empty proof is valid (and 0 to 0 needs equal roots)';

interface ConsistencyException {
  readonly why: string;
  /** What our verifier reports for the vector as published. */
  readonly code: MerkleErrorCode;
}

const CONSISTENCY_EXCEPTIONS: Readonly<Record<string, ConsistencyException>> = {
  'additional/sizes-are-equal-one-and-proof-is-empty.json': {
    why: 'its roots are 12-byte placeholders ("don\'t care 2") and we refuse any hash that is not 32 bytes before comparing',
    code: 'bad-hash-length',
  },
  'additional/size1-is-zero-and-does-not-equal-size2.json': { why: SIZE_ZERO_POLICY, code: 'bad-hash-length' },
  'additional/size1-is-zero-and-size2-is-not-zero.json': { why: SIZE_ZERO_POLICY, code: 'bad-hash-length' },
  'additional/sizes-are-equal-zero-and-proof-is-empty.json': { why: SIZE_ZERO_POLICY, code: 'bad-hash-length' },
};

// ---- the suite ----

describe('RFC 6962 proof vectors (transparency-dev/merkle testdata)', () => {
  withVectors('rfc6962', (dir) => {
    describe('verifyInclusion', () => {
      const base = path.join(dir, 'inclusion');
      for (const rel of listJsonFiles(base)) {
        const v = parseInclusion(readJson(path.join(base, rel)));
        it(`inclusion/${rel}: ${v.wantErr ? 'fails' : 'verifies'} (${v.desc})`, () => {
          expectVerdict(runInclusion(v), v.wantErr, () => inclusionCodes(v));
        });
      }
    });

    describe('verifyConsistency', () => {
      const base = path.join(dir, 'consistency');
      for (const rel of listJsonFiles(base)) {
        const v = parseConsistency(readJson(path.join(base, rel)));
        const exception = CONSISTENCY_EXCEPTIONS[rel];
        if (exception === undefined) {
          it(`consistency/${rel}: ${v.wantErr ? 'fails' : 'verifies'} (${v.desc})`, () => {
            expectVerdict(runConsistency(v), v.wantErr, () => consistencyCodes(v));
          });
          continue;
        }
        context(`when the vector is a documented exception: consistency/${rel}`, () => {
          it(`reports ${exception.code} for the malformed hashes as published (Go: wantErr ${v.wantErr}) - ${exception.why}`, () => {
            expect(runConsistency(v)).to.deep.equal({ ok: false, code: exception.code });
          });
          it('verifies once its placeholder roots are made 32-byte hashes', () => {
            const fixed = { ...v, root1: wellFormed(v.root1), root2: wellFormed(v.root2) };
            expect(runConsistency(fixed)).to.deep.equal({ ok: true });
          });
        });
      }

      it('covers every documented exception with a vector file', () => {
        const files = new Set(listJsonFiles(base));
        expect(Object.keys(CONSISTENCY_EXCEPTIONS).filter((rel) => !files.has(rel))).to.deep.equal([]);
      });
    });
  });

  context('when the old size is 0 (the size-0 exception, asserted with well-formed hashes)', () => {
    const root8 = Buffer.from('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328', 'hex');
    const anyHash = createHash('sha256').update('not the empty root').digest();

    it('accepts an empty proof to any larger tree, whatever the roots (Go expects an error)', () => {
      expect(runConsistency({ size1: 0, size2: 8, root1: EMPTY_ROOT, root2: root8, proof: [], desc: '', wantErr: false })).to.deep.equal({ ok: true });
      expect(runConsistency({ size1: 0, size2: 1, root1: anyHash, root2: anyHash, proof: [], desc: '', wantErr: false })).to.deep.equal({ ok: true });
    });

    it('accepts 0 to 0 with equal roots and an empty proof (Go expects an error)', () => {
      expect(runConsistency({ size1: 0, size2: 0, root1: EMPTY_ROOT, root2: EMPTY_ROOT, proof: [], desc: '', wantErr: false })).to.deep.equal({ ok: true });
    });

    it('rejects a non-empty proof with empty-proof-expected', () => {
      expect(runConsistency({ size1: 0, size2: 8, root1: EMPTY_ROOT, root2: root8, proof: [root8], desc: '', wantErr: true })).to.deep.equal({
        ok: false,
        code: 'empty-proof-expected',
      });
    });
  });
});

describe('locateVectors', () => {
  context('when the folder is missing and CI is set', () => {
    it('throws instead of skipping', () => {
      expect(() => locateVectors('no-such-vectors', { CI: 'true' })).to.throw(/not found.*CI is set/);
    });
  });

  context('when the folder is missing outside CI', () => {
    it('reports it missing with a message saying the tests are skipped', () => {
      const folder = locateVectors('no-such-vectors', {});
      expect(folder.found).to.equal(false);
      if (!folder.found) expect(folder.message).to.match(/^SKIPPED: test vectors not found at .*no-such-vectors/);
    });
  });
});
