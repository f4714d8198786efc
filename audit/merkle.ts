// Tree geometry, proof planning and proof verification for the RFC 9162 §2.1 Merkle tree.
// Pure: no I/O. Proof generation is split in two so storage stays out of this file: a plan
// names the stored nodes to read, then assembleProof folds what storage returned.
//
// Tree sizes may exceed 2^31 (up to 2^53 - 1), so sizes and indices are handled with
// arithmetic only: JavaScript's bitwise operators truncate their operands to 32 bits.
import { EMPTY_ROOT, nodeHash } from './hash.ts';

import { checkHash, checkHashes, checkIndex, checkSize, itemAt, MerkleError } from './merkle-error.ts';

export { checkHash, checkSize } from './merkle-error.ts';

export { MerkleError } from './merkle-error.ts';
export type { MerkleErrorCode } from './merkle-error.ts';

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

export const isOdd = (n: number): boolean => n % 2 === 1;
export const half = (n: number): number => Math.floor(n / 2);

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
/** @internal shared with merkle-verify.ts */
export function inclusionRanges(index: number, treeSize: number): Range[] {
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
/** @internal shared with merkle-verify.ts */
export function consistencyRanges(oldSize: number, treeSize: number): Range[] {
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

/** @internal shared with merkle-verify.ts */
export function checkSizes(oldSize: number, treeSize: number): void {
  checkSize(oldSize, 'oldSize');
  checkSize(treeSize, 'treeSize');
  if (oldSize > treeSize) {
    throw new MerkleError('size-out-of-range', `old size ${oldSize} exceeds tree size ${treeSize}`, { oldSize, treeSize });
  }
}
