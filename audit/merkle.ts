// Tree geometry, proof planning and proof verification for the RFC 9162 §2.1 Merkle tree.
// Pure: no I/O. Proof generation is split in two so storage stays out of this file: a plan
// names the stored nodes to read, then assembleProof folds what storage returned.
//
// Tree sizes may exceed 2^31 (up to 2^53 - 1), so sizes and indices are handled with
// arithmetic only: JavaScript's bitwise operators truncate their operands to 32 bits.
import { EMPTY_ROOT, HASH_SIZE, hashEquals, nodeHash } from './hash.ts';

// ---------------------------------------------------------------------------------------------
// Errors

export type MerkleErrorCode =
  | 'index-out-of-range'
  | 'size-out-of-range'
  | 'wrong-proof-length'
  | 'root-mismatch'
  | 'old-root-mismatch'
  | 'empty-proof-expected'
  | 'bad-hash-length'
  | 'bad-frontier';

/** What was checked and what was found. Public values only: sizes, lengths, hex hashes. */
export interface MerkleErrorEvidence {
  readonly field?: string;
  readonly index?: number;
  readonly oldSize?: number;
  readonly treeSize?: number;
  readonly expectedLength?: number;
  readonly actualLength?: number;
  /** The root the caller trusts (from a checkpoint), hex. */
  readonly expectedRoot?: string;
  /** The root recomputed from the proof, hex. */
  readonly computedRoot?: string;
}

export class MerkleError extends Error {
  readonly code: MerkleErrorCode;
  readonly evidence: MerkleErrorEvidence;

  constructor(code: MerkleErrorCode, message: string, evidence: MerkleErrorEvidence = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MerkleError';
    this.code = code;
    this.evidence = evidence;
  }
}

/** Throws 'size-out-of-range' unless `value` is a non-negative safe integer. */
export function checkSize(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new MerkleError('size-out-of-range', `${field} ${value} is not a non-negative safe integer`, { field });
  }
}

/** Throws 'bad-hash-length' unless `hash` is a SHA-256 output. */
export function checkHash(hash: Uint8Array, field: string): void {
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
    const actualLength = hash instanceof Uint8Array ? hash.length : -1;
    throw new MerkleError('bad-hash-length', `${field} is ${actualLength} bytes, not ${HASH_SIZE}`, {
      field,
      expectedLength: HASH_SIZE,
      actualLength,
    });
  }
}

function checkHashes(hashes: readonly Uint8Array[], field: string): void {
  hashes.forEach((h, i) => checkHash(h, `${field}[${i}]`));
}

function checkIndex(index: number, treeSize: number): void {
  if (!Number.isSafeInteger(index) || index < 0 || index >= treeSize) {
    throw new MerkleError('index-out-of-range', `index ${index} is not below tree size ${treeSize}`, { index, treeSize });
  }
}

/** list[i], for indices the caller has already bounded (noUncheckedIndexedAccess). */
function itemAt<T>(list: readonly T[], i: number): T {
  const item = list[i];
  if (item === undefined) throw new RangeError(`no item ${i} in a list of ${list.length}`);
  return item;
}

function hex(hash: Uint8Array): string {
  return Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString('hex');
}

// ---------------------------------------------------------------------------------------------
// Integer helpers, exact for every safe integer (no bitwise operators).

const TWO_POW_32 = 2 ** 32;

/** The number of binary digits of n (0 for 0). Math.clz32 only ever sees values below 2^32. */
export function bitLength(n: number): number {
  const high = Math.floor(n / TWO_POW_32);
  return high > 0 ? 64 - Math.clz32(high) : 32 - Math.clz32(n);
}

export function isPowerOfTwo(n: number): boolean {
  return n >= 1 && 2 ** (bitLength(n) - 1) === n;
}

/** RFC 9162 §2.1.1's k: the largest power of two strictly smaller than n, for n >= 2. */
export function largestPowerOfTwoBelow(n: number): number {
  if (!(n >= 2)) throw new MerkleError('size-out-of-range', `no power of two splits a tree of size ${n}`, { treeSize: n });
  return 2 ** (bitLength(n - 1) - 1);
}

export function popcount(n: number): number {
  let count = 0;
  for (let rest = n; rest > 0; rest = Math.floor(rest / 2)) count += rest % 2;
  return count;
}

const isOdd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => Math.floor(n / 2);

// ---------------------------------------------------------------------------------------------
// Geometry

/** The perfect subtree covering leaves [index·2^level, (index+1)·2^level). Level 0 is a leaf. */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** The naive recursive MTH of RFC 9162 §2.1.1: the reference for tests and small trees. */
export function rootFromLeafHashes(leafHashes: readonly Uint8Array[]): Buffer {
  checkHashes(leafHashes, 'leafHashes');
  const mth = (begin: number, end: number): Buffer => {
    if (end - begin === 1) return Buffer.from(itemAt(leafHashes, begin));
    const split = begin + largestPowerOfTwoBelow(end - begin);
    return nodeHash(mth(begin, split), mth(split, end));
  };
  return leafHashes.length === 0 ? Buffer.from(EMPTY_ROOT) : mth(0, leafHashes.length);
}

/**
 * Splits [begin, end) into maximal aligned perfect subtrees, left to right: greedily take the
 * largest subtree that starts at `begin` (aligned) and fits. This is the unique minimal cover,
 * so it names nodes that appendToFrontier stores once the tree reaches size `end`.
 */
export function rangeNodes(begin: number, end: number): NodeId[] {
  checkSize(begin, 'begin');
  checkSize(end, 'end');
  if (begin > end) throw new MerkleError('size-out-of-range', `range [${begin}, ${end}) is reversed`, { field: 'begin' });
  const nodes: NodeId[] = [];
  for (let pos = begin; pos < end; ) {
    let width = 1;
    let level = 0;
    // Sums stay exact: pos and width are multiples of width, so no rounding near 2^53.
    while (pos % (2 * width) === 0 && pos + 2 * width <= end) {
      width *= 2;
      level += 1;
    }
    nodes.push({ level, index: pos / width });
    pos += width;
  }
  return nodes;
}

/**
 * The MTH of a range from the hashes of its rangeNodes, folded right to left.
 * Precondition: the range is a subtree as RFC 9162 §2.1 splits trees, i.e. [begin, end) with
 * begin a multiple of some power of two P >= end - begin. Every root and proof element of
 * §2.1.3 and §2.1.4 has this shape. Then the nodes shrink strictly left to right and the first
 * one is exactly MTH's left half (k = largest power of two below the length), recursively.
 * For other ranges (e.g. [1, 4)) the result is NOT an MTH.
 */
export function foldRange(hashes: readonly Uint8Array[]): Buffer {
  checkHashes(hashes, 'hashes');
  const folded = hashes.reduceRight<Buffer | undefined>(
    (acc, h) => (acc === undefined ? Buffer.from(h) : nodeHash(h, acc)),
    undefined,
  );
  return folded ?? Buffer.from(EMPTY_ROOT);
}

// ---------------------------------------------------------------------------------------------
// Proof plans

export interface ProofPlan {
  /** The distinct stored nodes to read, O(log n) of them. */
  readonly nodes: readonly NodeId[];
  /** For each proof hash in RFC order, the nodes whose foldRange gives it. */
  readonly elements: readonly (readonly NodeId[])[];
}

interface Range {
  readonly begin: number;
  readonly end: number;
}

function planFromRanges(ranges: readonly Range[]): ProofPlan {
  const elements = ranges.map((r) => rangeNodes(r.begin, r.end));
  const distinct = new Map<string, NodeId>();
  for (const id of elements.flat()) distinct.set(`${id.level}/${id.index}`, id);
  return { nodes: [...distinct.values()], elements };
}

/**
 * PATH(m, D[n]) of RFC 9162 §2.1.3.1 as ranges, leaf to root: walk down from the root,
 * recording the sibling subtree at each split, then reverse. Only the first left turn can
 * have a truncated (multi-node) right sibling; below it every subtree is perfect.
 */
function inclusionRanges(index: number, treeSize: number): Range[] {
  const ranges: Range[] = [];
  let begin = 0;
  let end = treeSize;
  while (end - begin > 1) {
    const split = begin + largestPowerOfTwoBelow(end - begin);
    if (index < split) {
      ranges.push({ begin: split, end });
      end = split;
    } else {
      ranges.push({ begin, end: split });
      begin = split;
    }
  }
  return ranges.reverse();
}

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of RFC 9162 §2.1.4.1 as ranges, for 0 < m < n. */
function consistencyRanges(oldSize: number, treeSize: number): Range[] {
  const ranges: Range[] = [];
  let begin = 0;
  let end = treeSize;
  // SUBPROOF's b: true while the current subtree starts at leaf 0, so its old part is the whole
  // old tree, whose root the verifier already has.
  let isWholeOldTree = true;
  while (oldSize !== end) {
    const split = begin + largestPowerOfTwoBelow(end - begin);
    if (oldSize <= split) {
      ranges.push({ begin: split, end });
      end = split;
    } else {
      ranges.push({ begin, end: split });
      begin = split;
      isWholeOldTree = false;
    }
  }
  // SUBPROOF(m, D[m], false) = {MTH(D[m])}: the innermost element, first in the proof.
  if (!isWholeOldTree) ranges.push({ begin, end });
  return ranges.reverse();
}

export function inclusionProofPlan(index: number, treeSize: number): ProofPlan {
  checkSize(treeSize, 'treeSize');
  checkIndex(index, treeSize);
  return planFromRanges(inclusionRanges(index, treeSize));
}

/** Empty when oldSize is 0 (see verifyConsistency) or equals treeSize. */
export function consistencyProofPlan(oldSize: number, treeSize: number): ProofPlan {
  checkSizes(oldSize, treeSize);
  if (oldSize === 0 || oldSize === treeSize) return { nodes: [], elements: [] };
  return planFromRanges(consistencyRanges(oldSize, treeSize));
}

/** The nodes whose foldRange is the root of a tree of size treeSize (empty for size 0). */
export function rootPlan(treeSize: number): NodeId[] {
  return rangeNodes(0, treeSize);
}

/** Folds each plan element from `lookup`, which is called once per distinct node. */
export function assembleProof(plan: ProofPlan, lookup: (id: NodeId) => Uint8Array): Buffer[] {
  const read = new Map<string, Uint8Array>();
  const hashOf = (id: NodeId): Uint8Array => {
    const key = `${id.level}/${id.index}`;
    let hash = read.get(key);
    if (hash === undefined) {
      hash = lookup(id);
      checkHash(hash, `node ${key}`);
      read.set(key, hash);
    }
    return hash;
  };
  return plan.elements.map((element) => foldRange(element.map(hashOf)));
}

function checkSizes(oldSize: number, treeSize: number): void {
  checkSize(oldSize, 'oldSize');
  checkSize(treeSize, 'treeSize');
  if (oldSize > treeSize) {
    throw new MerkleError('size-out-of-range', `old size ${oldSize} exceeds tree size ${treeSize}`, { oldSize, treeSize });
  }
}

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
