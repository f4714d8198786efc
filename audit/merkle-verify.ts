// Inclusion and consistency proof verification (RFC 9162 §2.1.3.2, §2.1.4.2). Pure.
import { hashEquals, nodeHash } from './hash.ts';
import { checkHash, checkHashes, checkIndex, checkSize, hex, itemAt, MerkleError } from './merkle-error.ts';
import type { MerkleErrorEvidence } from './merkle-error.ts';
import { checkSizes, consistencyRanges, half, inclusionRanges, isOdd, isPowerOfTwo } from './merkle.ts';

// ---------------------------------------------------------------------------------------------
// Verification. Each verifier is a checklist; every failure throws a MerkleError.

function checkProofLength(proof: readonly Uint8Array[], expectedLength: number, evidence: MerkleErrorEvidence): void {
  if (proof.length !== expectedLength) {
    throw new MerkleError('wrong-proof-length', `proof has ${proof.length} hashes, expected ${expectedLength}`, {
      ...evidence,
      expectedLength,
      actualLength: proof.length,
    });
  }
}

function checkRoot(
  code: 'root-mismatch' | 'old-root-mismatch',
  expected: Uint8Array,
  computed: Uint8Array,
  evidence: MerkleErrorEvidence,
  message = `the proof does not lead to the expected ${code === 'root-mismatch' ? 'root' : 'old root'}`,
): void {
  if (!hashEquals(expected, computed)) {
    throw new MerkleError(code, message, {
      ...evidence,
      expectedRoot: hex(expected),
      computedRoot: hex(computed),
    });
  }
}

/** The RFC algorithms' own length checks; unreachable after checkProofLength, kept as defence. */
function tooShortOrLong(evidence: MerkleErrorEvidence): MerkleError {
  return new MerkleError('wrong-proof-length', 'proof length does not match the tree sizes', evidence);
}

/** RFC 9162 §2.1.3.2, steps 2–5, with arithmetic shifts; returns r. */
function rootFromInclusionProof(index: number, treeSize: number, leaf: Uint8Array, proof: readonly Uint8Array[]): Buffer {
  let fn = index;
  let sn = treeSize - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) throw tooShortOrLong({ index, treeSize });
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      r = nodeHash(r, p);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  if (sn !== 0) throw tooShortOrLong({ index, treeSize });
  return r;
}

export function verifyInclusion(p: {
  index: number;
  treeSize: number;
  leafHash: Uint8Array;
  proof: readonly Uint8Array[];
  root: Uint8Array;
}): void {
  const evidence = { index: p.index, treeSize: p.treeSize };
  checkSize(p.treeSize, 'treeSize');
  checkIndex(p.index, p.treeSize);
  checkHash(p.leafHash, 'leafHash');
  checkHash(p.root, 'root');
  checkHashes(p.proof, 'proof');
  checkProofLength(p.proof, inclusionRanges(p.index, p.treeSize).length, evidence);
  checkRoot('root-mismatch', p.root, rootFromInclusionProof(p.index, p.treeSize, p.leafHash, p.proof), evidence);
}

/** RFC 9162 §2.1.4.2, steps 2–6, for 0 < oldSize < treeSize and a non-empty proof; returns fr, sr. */
function rootsFromConsistencyProof(oldSize: number, treeSize: number, oldRoot: Uint8Array, proof: readonly Uint8Array[]): [Buffer, Buffer] {
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
  let fn = oldSize - 1;
  let sn = treeSize - 1;
  while (isOdd(fn)) [fn, sn] = [half(fn), half(sn)];
  let fr: Buffer = Buffer.from(itemAt(path, 0));
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) throw tooShortOrLong({ oldSize, treeSize });
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      sr = nodeHash(sr, c);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  if (sn !== 0) throw tooShortOrLong({ oldSize, treeSize });
  return [fr, sr];
}

/**
 * Proves that the tree of size oldSize with oldRoot is a prefix of the tree of size treeSize
 * with root. RFC 9162 §2.1.4 defines proofs only for 0 < oldSize < treeSize; the edges follow
 * C2SP merkle-tree ("Consistency proofs", verification steps 1–4), which this product adopts:
 * - equal sizes: the proof must be empty and the roots equal (unequal roots at one size are a
 *   split view, reported as 'root-mismatch');
 * - oldSize 0: every tree extends the empty tree, so the proof is valid iff it is empty,
 *   whatever the roots' values (they must still be 32 bytes). transparency-dev/merkle rejects
 *   every size-0 proof instead; its vectors saying so are documented exceptions in our tests.
 */
export function verifyConsistency(p: {
  oldSize: number;
  treeSize: number;
  oldRoot: Uint8Array;
  root: Uint8Array;
  proof: readonly Uint8Array[];
}): void {
  const evidence = { oldSize: p.oldSize, treeSize: p.treeSize };
  checkSizes(p.oldSize, p.treeSize);
  checkHash(p.oldRoot, 'oldRoot');
  checkHash(p.root, 'root');
  checkHashes(p.proof, 'proof');
  if (p.oldSize === p.treeSize || p.oldSize === 0) {
    if (p.proof.length > 0) {
      throw new MerkleError('empty-proof-expected', `a proof from size ${p.oldSize} to ${p.treeSize} must be empty`, {
        ...evidence,
        actualLength: p.proof.length,
      });
    }
    if (p.oldSize === p.treeSize) {
      checkRoot('root-mismatch', p.root, p.oldRoot, evidence, `two different roots for tree size ${p.treeSize}`);
    }
    return;
  }
  checkProofLength(p.proof, consistencyRanges(p.oldSize, p.treeSize).length, evidence);
  const [oldComputed, computed] = rootsFromConsistencyProof(p.oldSize, p.treeSize, p.oldRoot, p.proof);
  checkRoot('old-root-mismatch', p.oldRoot, oldComputed, evidence);
  checkRoot('root-mismatch', p.root, computed, evidence);
}
