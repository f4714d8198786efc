// Hashing (hash.ts) and tree geometry, proof plans and verifiers (merkle.ts). Every expectation
// comes from an independent reference written here straight from RFC 9162 §2.1 with
// createHash, or from published known answers; none reuses the code under test.
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { EMPTY_FRONTIER, appendToFrontier } from '../../audit/compact-range.ts';
import { EMPTY_ROOT, HASH_SIZE, hashEquals, hashNodeFrameInto, leafHash, leafHashInto, newNodeFrame, nodeHash } from '../../audit/hash.ts';
import { MerkleError, assembleProof, bitLength, consistencyProofPlan, foldRange, inclusionProofPlan, isPowerOfTwo, largestPowerOfTwoBelow, popcount, rangeNodes, rootFromLeafHashes, rootPlan } from '../../audit/merkle.ts';
import { verifyConsistency, verifyInclusion } from '../../audit/merkle-verify.ts';
import type { MerkleErrorCode, NodeId, ProofPlan } from '../../audit/merkle.ts';

// ---- independent references (RFC 9162 §2.1, createHash, no shared helpers) ----

const sha256 = (...parts: Uint8Array[]): Buffer => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
const refLeaf = (entry: Uint8Array): Buffer => sha256(Buffer.from([0]), entry);
const refNode = (l: Uint8Array, r: Uint8Array): Buffer => sha256(Buffer.from([1]), l, r);
const hex = (h: Uint8Array): string => Buffer.from(h).toString('hex');

/** k of RFC 9162 §2.1.1, by doubling (exact for every safe integer). */
function refSplit(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH over leaves [begin, end) of some tree. */
type Mth = (begin: number, end: number) => Buffer;

function refMthOf(leafHashes: readonly Buffer[]): Mth {
  const memo = new Map<string, Buffer>();
  const mth: Mth = (begin, end) => {
    if (end - begin === 0) return sha256();
    if (end - begin === 1) return leafHashes[begin] as Buffer;
    const key = `${begin}/${end}`;
    const k = refSplit(end - begin);
    const hash = memo.get(key) ?? refNode(mth(begin, begin + k), mth(begin + k, end));
    memo.set(key, hash);
    return hash;
  };
  return mth;
}

/** PATH(m, D[begin:end]), RFC 9162 §2.1.3.1. */
function refPath(m: number, begin: number, end: number, mth: Mth): Buffer[] {
  if (end - begin === 1) return [];
  const k = refSplit(end - begin);
  return m < k ? [...refPath(m, begin, begin + k, mth), mth(begin + k, end)] : [...refPath(m - k, begin + k, end, mth), mth(begin, begin + k)];
}

/** SUBPROOF(m, D[begin:end], b), RFC 9162 §2.1.4.1. */
function refSubproof(m: number, begin: number, end: number, b: boolean, mth: Mth): Buffer[] {
  if (m === end - begin) return b ? [] : [mth(begin, end)];
  const k = refSplit(end - begin);
  return m <= k
    ? [...refSubproof(m, begin, begin + k, b, mth), mth(begin + k, end)]
    : [...refSubproof(m - k, begin + k, end, false, mth), mth(begin, begin + k)];
}

/** The minimal cover of [begin, end) by perfect subtrees, found top-down (BigInt arithmetic). */
function refRangeNodes(begin: number, end: number): NodeId[] {
  const [b, e] = [BigInt(begin), BigInt(end)];
  const visit = (level: bigint, index: bigint): NodeId[] => {
    const lo = index << level;
    const hi = (index + 1n) << level;
    if (hi <= b || lo >= e) return [];
    if (lo >= b && hi <= e) return [{ level: Number(level), index: Number(index) }];
    return [...visit(level - 1n, 2n * index), ...visit(level - 1n, 2n * index + 1n)];
  };
  return begin === end ? [] : visit(BigInt(end.toString(2).length), 0n);
}

// ---- fixtures ----

/** transparency-dev/merkle testonly/constants.go (Apache-2.0): the CT reference tree. */
const REFERENCE_INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) =>
  Buffer.from(h, 'hex'),
);
const REFERENCE_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

const leavesOf = (count: number, salt = ''): Buffer[] => Array.from({ length: count }, (_, i) => refLeaf(Buffer.from(`${salt}entry ${i}`)));

/** The stored-node table a log would hold: every node appendToFrontier reported. */
function nodeTable(leafHashes: readonly Buffer[]): (id: NodeId) => Buffer {
  const table = new Map<string, Buffer>();
  let frontier = EMPTY_FRONTIER;
  for (const h of leafHashes) {
    const appended = appendToFrontier(frontier, h);
    frontier = appended.frontier;
    for (const n of appended.newNodes) table.set(`${n.id.level}/${n.id.index}`, n.hash);
  }
  return (id) => {
    const hash = table.get(`${id.level}/${id.index}`);
    if (hash === undefined) throw new Error(`node ${id.level}/${id.index} was never stored`);
    return hash;
  };
}

function expectMerkleError(run: () => unknown, code: MerkleErrorCode): MerkleError {
  try {
    run();
  } catch (err) {
    expect(err).to.be.instanceOf(MerkleError);
    expect((err as MerkleError).code).to.equal(code);
    return err as MerkleError;
  }
  return expect.fail(`expected a MerkleError with code ${code}`);
}

/** A copy of h with one bit inverted. */
function flipBit(h: Uint8Array, bit: number): Buffer {
  const copy = Buffer.from(h);
  const at = Math.floor(bit / 8) % copy.length;
  copy.writeUInt8((copy.readUInt8(at) ^ (1 << (bit % 8))) & 0xff, at);
  return copy;
}

const ceilLog2 = (n: number): number => (n <= 1 ? 0 : bitLength(n - 1));

// ---- hashing ----

describe('leafHash', () => {
  it('is SHA-256(0x00 || entry) (RFC 9162 §2.1.1), across the scratch and view-cache boundaries', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (entry) => hashEquals(leafHash(entry), refLeaf(entry))), { numRuns: 200 });
    for (const size of [4095, 4096, 4097, 65535, 65536, 65537, 200_000]) {
      const entry = Buffer.alloc(size, size % 251);
      expect(hex(leafHash(entry)), `size ${size}`).to.equal(hex(refLeaf(entry)));
    }
  });

  it('returns a new buffer each call', () => {
    const first = leafHash(Buffer.from('a'));
    const copy = Buffer.from(first);
    leafHash(Buffer.from('b'));
    expect(hex(first)).to.equal(hex(copy));
  });
});

describe('nodeHash', () => {
  it('is SHA-256(0x01 || left || right) (RFC 9162 §2.1.1)', () => {
    const hash32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
    fc.assert(fc.property(hash32, hash32, (l, r) => hashEquals(nodeHash(l, r), refNode(l, r))), { numRuns: 200 });
  });

  context('when the inputs are not 32 bytes', () => {
    it('still hashes them exactly, on the slow path', () => {
      expect(hex(nodeHash(Buffer.from('ab'), Buffer.alloc(40, 7)))).to.equal(hex(refNode(Buffer.from('ab'), Buffer.alloc(40, 7))));
    });
  });
});

describe('leafHashInto and hashNodeFrameInto', () => {
  it('write the digest at the offset and nothing else', () => {
    const target = Buffer.alloc(80, 0xee);
    leafHashInto(Buffer.from('entry'), target, 7);
    expect(hex(target.subarray(7, 39))).to.equal(hex(refLeaf(Buffer.from('entry'))));
    expect([...target.subarray(0, 7), ...target.subarray(39)].every((b) => b === 0xee)).to.equal(true);

    const frame = newNodeFrame();
    const [l, r] = [refLeaf(Buffer.from('l')), refLeaf(Buffer.from('r'))];
    frame.set(l, 1);
    frame.set(r, 33);
    hashNodeFrameInto(frame, target, 48);
    expect(hex(target.subarray(48))).to.equal(hex(refNode(l, r)));
  });

  context('when the target has no room at the offset', () => {
    it('throws instead of writing a truncated hash', () => {
      expect(() => leafHashInto(Buffer.from('x'), Buffer.alloc(40), 9)).to.throw(RangeError);
      expect(() => leafHashInto(Buffer.from('x'), Buffer.alloc(40), -1)).to.throw(RangeError);
    });
  });

  context('when the frame was not made by newNodeFrame', () => {
    it('throws', () => {
      expect(() => hashNodeFrameInto(Buffer.alloc(65), Buffer.alloc(32), 0)).to.throw(RangeError);
      expect(() => hashNodeFrameInto(Buffer.alloc(64, 1), Buffer.alloc(32), 0)).to.throw(RangeError);
    });
  });
});

describe('EMPTY_ROOT and hashEquals', () => {
  it('EMPTY_ROOT is SHA-256 of the empty string', () => {
    expect(hex(EMPTY_ROOT)).to.equal('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(HASH_SIZE).to.equal(32);
  });

  it('hashEquals compares bytes and lengths', () => {
    expect(hashEquals(Buffer.from('abc'), new Uint8Array([97, 98, 99]))).to.equal(true);
    expect(hashEquals(Buffer.from('abc'), Buffer.from('abd'))).to.equal(false);
    expect(hashEquals(Buffer.from('abc'), Buffer.from('abcd'))).to.equal(false);
  });
});

// ---- integer helpers ----

describe('bitLength, popcount, isPowerOfTwo, largestPowerOfTwoBelow', () => {
  const near = (p: number): number[] => [-3, -2, -1, 0, 1, 2, 3].map((d) => 2 ** p + d).filter((n) => n >= 0 && Number.isSafeInteger(n));
  const samples = [...Array.from({ length: 300 }, (_, i) => i), ...[31, 32, 33, 40, 52, 53].flatMap(near)];

  it('agree with BigInt references on small values and around 2^31, 2^32, 2^33 and 2^53', () => {
    const check = (n: number): void => {
      const bits = n.toString(2);
      expect(bitLength(n), `bitLength ${n}`).to.equal(n === 0 ? 0 : bits.length);
      expect(popcount(n), `popcount ${n}`).to.equal([...bits].filter((c) => c === '1').length);
      expect(isPowerOfTwo(n), `isPowerOfTwo ${n}`).to.equal(n > 0 && (BigInt(n) & (BigInt(n) - 1n)) === 0n);
      if (n >= 2) expect(largestPowerOfTwoBelow(n), `k(${n})`).to.equal(refSplit(n));
    };
    samples.forEach(check);
    fc.assert(fc.property(fc.maxSafeNat(), (n) => check(n)), { numRuns: 300 });
  });

  context('when no power of two splits the size', () => {
    it('largestPowerOfTwoBelow throws size-out-of-range', () => {
      expectMerkleError(() => largestPowerOfTwoBelow(1), 'size-out-of-range');
    });
  });
});

// ---- roots and ranges ----

describe('rootFromLeafHashes', () => {
  context('when given the RFC 6962 reference tree of the CT test suites', () => {
    it('reproduces the published roots of sizes 0 to 8', () => {
      const leaves = REFERENCE_INPUTS.map(leafHash);
      REFERENCE_ROOTS.forEach((root, n) => expect(hex(rootFromLeafHashes(leaves.slice(0, n))), `size ${n}`).to.equal(root));
    });
  });

  it('equals the reference MTH for random trees', () => {
    const leaves = fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 70 });
    fc.assert(fc.property(leaves, (ls) => hashEquals(rootFromLeafHashes(ls), refMthOf(ls.map((l) => Buffer.from(l)))(0, ls.length))), {
      numRuns: 60,
    });
  });

  context('when a leaf hash is not 32 bytes', () => {
    it('throws bad-hash-length naming the leaf', () => {
      const err = expectMerkleError(() => rootFromLeafHashes([EMPTY_ROOT, Buffer.alloc(31)]), 'bad-hash-length');
      expect(err.evidence).to.include({ field: 'leafHashes[1]', actualLength: 31, expectedLength: 32 });
    });
  });
});

describe('rangeNodes', () => {
  it('splits ranges into maximal aligned perfect subtrees, left to right', () => {
    expect(rangeNodes(0, 0)).to.deep.equal([]);
    expect(rangeNodes(0, 8)).to.deep.equal([{ level: 3, index: 0 }]);
    expect(rangeNodes(0, 7)).to.deep.equal([{ level: 2, index: 0 }, { level: 1, index: 2 }, { level: 0, index: 6 }]);
    expect(rangeNodes(3, 13)).to.deep.equal([{ level: 0, index: 3 }, { level: 2, index: 1 }, { level: 2, index: 2 }, { level: 0, index: 12 }]);
  });

  it('equals a top-down BigInt reference, up to 2^53', () => {
    const pair = fc.tuple(fc.maxSafeNat(), fc.maxSafeNat()).map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a]));
    fc.assert(
      fc.property(pair, ([b, e]) => {
        expect(rangeNodes(b, e)).to.deep.equal(refRangeNodes(b, e));
      }),
      { numRuns: 300 },
    );
    const around33 = [2 ** 33 - 5, 2 ** 33, 2 ** 33 + 2 ** 20 + 3];
    for (const b of around33) for (const e of around33) if (b <= e) expect(rangeNodes(b, e)).to.deep.equal(refRangeNodes(b, e));
  });

  context('when the range is reversed or a bound is not a safe non-negative integer', () => {
    it('throws size-out-of-range', () => {
      for (const [b, e] of [[5, 4], [-1, 3], [0, 1.5], [0, 2 ** 53], [Number.NaN, 1]] as const) {
        expectMerkleError(() => rangeNodes(b, e), 'size-out-of-range');
      }
    });
  });
});

describe('foldRange and rootPlan', () => {
  const leaves = leavesOf(40);
  const lookup = nodeTable(leaves);
  const mth = refMthOf(leaves);

  it('folds the nodes of every subtree-shaped range into its MTH', () => {
    for (let n = 1; n <= 40; n++) {
      for (let p = 1; p < 2 * n; p *= 2) {
        for (let begin = 0; begin < n; begin += p) {
          const end = Math.min(begin + p, n);
          expect(hex(foldRange(rangeNodes(begin, end).map(lookup))), `[${begin}, ${end})`).to.equal(hex(mth(begin, end)));
        }
      }
      expect(hex(foldRange(rootPlan(n).map(lookup))), `root ${n}`).to.equal(hex(mth(0, n)));
    }
  });

  context('when there are no hashes or a single one', () => {
    it('gives a copy of EMPTY_ROOT, or a copy of the hash', () => {
      const empty = foldRange([]);
      expect(hex(empty)).to.equal(hex(EMPTY_ROOT));
      empty[0] = 0;
      expect(EMPTY_ROOT[0]).to.equal(0xe3);
      const one = leaves[3] as Buffer;
      const folded = foldRange([one]);
      expect(hex(folded)).to.equal(hex(one));
      expect(folded).to.not.equal(one);
    });
  });

  context('when a hash is not 32 bytes', () => {
    it('throws bad-hash-length', () => {
      expectMerkleError(() => foldRange([EMPTY_ROOT, Buffer.alloc(33)]), 'bad-hash-length');
    });
  });
});

// ---- proof plans ----

const MAX_EXHAUSTIVE_SIZE = 40;

/**
 * Tight bound on distinct nodes. Every proof element is one perfect subtree except at most one:
 * the right sibling [split, n) at the path's first left turn, whose nodes are the set bits of
 * n below split, at most popcount(n) - 1 of them. So nodes <= elements + max(0, popcount(n) - 2),
 * and elements <= ceil(log2 n) (inclusion) or ceil(log2 n) + 1 (consistency, C2SP).
 */
const nodeBound = (n: number, elements: number): number => elements + Math.max(0, popcount(n) - 2);

function expectReadsOnlyPlanNodes(plan: ProofPlan, lookup: (id: NodeId) => Buffer): Buffer[] {
  const asked: string[] = [];
  const proof = assembleProof(plan, (id) => {
    asked.push(`${id.level}/${id.index}`);
    return lookup(id);
  });
  expect(asked).to.have.members(plan.nodes.map((id) => `${id.level}/${id.index}`));
  return proof;
}

describe('inclusionProofPlan with assembleProof', () => {
  context(`when every tree size up to ${MAX_EXHAUSTIVE_SIZE} and every index is tried`, () => {
    it('yields exactly PATH (RFC 9162 §2.1.3.1) from stored nodes, and it verifies against the naive root', () => {
      const leaves = leavesOf(MAX_EXHAUSTIVE_SIZE);
      const lookup = nodeTable(leaves);
      const mth = refMthOf(leaves);
      for (let n = 1; n <= MAX_EXHAUSTIVE_SIZE; n++) {
        const root = rootFromLeafHashes(leaves.slice(0, n));
        for (let index = 0; index < n; index++) {
          const plan = inclusionProofPlan(index, n);
          const proof = expectReadsOnlyPlanNodes(plan, lookup);
          expect(proof.map(hex), `PATH(${index}, D[${n}])`).to.deep.equal(refPath(index, 0, n, mth).map(hex));
          expect(plan.elements.length).to.be.at.most(ceilLog2(n));
          expect(plan.nodes.length, `nodes for ${index} in ${n}`).to.be.at.most(nodeBound(n, ceilLog2(n)));
          verifyInclusion({ index, treeSize: n, leafHash: leaves[index] as Buffer, proof, root });
        }
      }
    });
  });

  context('when the index is not below the tree size', () => {
    it('throws index-out-of-range', () => {
      for (const [index, size] of [[0, 0], [5, 5], [-1, 5], [1.5, 5]] as const) {
        const err = expectMerkleError(() => inclusionProofPlan(index, size), 'index-out-of-range');
        expect(err.evidence).to.include({ index, treeSize: size });
      }
    });
  });

  context('when the tree size is not a safe non-negative integer', () => {
    it('throws size-out-of-range', () => {
      expectMerkleError(() => inclusionProofPlan(0, 2 ** 53), 'size-out-of-range');
    });
  });
});

describe('consistencyProofPlan with assembleProof', () => {
  context(`when every pair of sizes up to ${MAX_EXHAUSTIVE_SIZE} is tried`, () => {
    it('yields exactly PROOF (RFC 9162 §2.1.4.1) from stored nodes, and it verifies', () => {
      const leaves = leavesOf(MAX_EXHAUSTIVE_SIZE);
      const lookup = nodeTable(leaves);
      const mth = refMthOf(leaves);
      for (let n = 1; n <= MAX_EXHAUSTIVE_SIZE; n++) {
        for (let m = 0; m <= n; m++) {
          const plan = consistencyProofPlan(m, n);
          const proof = expectReadsOnlyPlanNodes(plan, lookup);
          const expected = m === 0 ? [] : refSubproof(m, 0, n, true, mth);
          expect(proof.map(hex), `PROOF(${m}, D[${n}])`).to.deep.equal(expected.map(hex));
          expect(plan.elements.length).to.be.at.most(ceilLog2(n) + 1);
          expect(plan.nodes.length, `nodes for ${m} to ${n}`).to.be.at.most(nodeBound(n, ceilLog2(n) + 1));
          verifyConsistency({ oldSize: m, treeSize: n, oldRoot: mth(0, m), root: mth(0, n), proof });
        }
      }
    });
  });

  context('when the old size exceeds the tree size', () => {
    it('throws size-out-of-range', () => {
      const err = expectMerkleError(() => consistencyProofPlan(6, 5), 'size-out-of-range');
      expect(err.evidence).to.include({ oldSize: 6, treeSize: 5 });
    });
  });
});

// ---- sizes beyond 2^32 ----

/**
 * A consistent tree of any size whose leaves all equal FILL except a few: a perfect subtree
 * without a special leaf has a hash that depends on its level only, so every node and every
 * MTH costs O(log² n) and trees of 2^33 leaves are cheap.
 */
function sparseTree(special: ReadonlyMap<number, Buffer>): { node: (id: NodeId) => Buffer; mth: Mth } {
  const fill = [refLeaf(Buffer.from('fill'))];
  for (let level = 1; level <= 54; level++) fill.push(refNode(fill[level - 1] as Buffer, fill[level - 1] as Buffer));
  const hasSpecial = (begin: number, end: number): boolean => [...special.keys()].some((i) => i >= begin && i < end);
  const node = ({ level, index }: NodeId): Buffer => {
    const begin = index * 2 ** level;
    if (!hasSpecial(begin, begin + 2 ** level)) return fill[level] as Buffer;
    if (level === 0) return special.get(index) as Buffer;
    return refNode(node({ level: level - 1, index: 2 * index }), node({ level: level - 1, index: 2 * index + 1 }));
  };
  const mth: Mth = (begin, end) => {
    const width = end - begin;
    if (width === 1 || (width === refSplit(width) * 2 && begin % width === 0)) {
      return node({ level: width.toString(2).length - 1, index: begin / width });
    }
    const k = refSplit(width);
    return refNode(mth(begin, begin + k), mth(begin + k, end));
  };
  return { node, mth };
}

describe('proof plans and verifiers on trees larger than 2^32 leaves', () => {
  const n = 2 ** 33 + 2 ** 20 + 7;
  const specials = [5, 2 ** 32 + 1, 2 ** 33 - 3, 2 ** 33 + 2 ** 20 + 5];
  const tree = sparseTree(new Map(specials.map((i) => [i, refLeaf(Buffer.from(`special ${i}`))])));
  const root = tree.mth(0, n);

  it('plans, assembles and verifies inclusion proofs equal to PATH', () => {
    for (const index of specials) {
      const proof = assembleProof(inclusionProofPlan(index, n), tree.node);
      expect(proof.map(hex), `index ${index}`).to.deep.equal(refPath(index, 0, n, tree.mth).map(hex));
      const leaf = tree.node({ level: 0, index });
      verifyInclusion({ index, treeSize: n, leafHash: leaf, proof, root });
      expectMerkleError(() => verifyInclusion({ index, treeSize: n, leafHash: flipBit(leaf, 3), proof, root }), 'root-mismatch');
    }
  });

  it('plans, assembles and verifies consistency proofs equal to PROOF', () => {
    for (const m of [2 ** 32 + 2, 2 ** 33 - 1, 2 ** 33, n - 1]) {
      const proof = assembleProof(consistencyProofPlan(m, n), tree.node);
      expect(proof.map(hex), `old size ${m}`).to.deep.equal(refSubproof(m, 0, n, true, tree.mth).map(hex));
      verifyConsistency({ oldSize: m, treeSize: n, oldRoot: tree.mth(0, m), root, proof });
      expectMerkleError(() => verifyConsistency({ oldSize: m, treeSize: n, oldRoot: tree.mth(0, m), root: flipBit(root, 9), proof }), 'root-mismatch');
    }
  });

  it('rootPlan reads one node per set bit of the size', () => {
    expect(rootPlan(n)).to.deep.equal([{ level: 33, index: 0 }, { level: 20, index: 2 ** 13 }, { level: 2, index: (2 ** 33 + 2 ** 20) / 4 }, { level: 1, index: (2 ** 33 + 2 ** 20 + 4) / 2 }, { level: 0, index: n - 1 }]);
    expect(hex(foldRange(rootPlan(n).map(tree.node)))).to.equal(hex(root));
  });
});

// ---- verifiers ----

/** A random tree with one proof of each kind. */
const treeCase = fc
  .record({ size: fc.integer({ min: 1, max: 48 }), salt: fc.string({ maxLength: 4 }), a: fc.nat(), b: fc.nat() })
  .map(({ size, salt, a, b }) => {
    const leaves = leavesOf(size, salt);
    const lookup = nodeTable(leaves);
    const index = a % size;
    const oldSize = 1 + (b % size);
    return {
      leaves,
      size,
      index,
      oldSize,
      root: rootFromLeafHashes(leaves),
      oldRoot: rootFromLeafHashes(leaves.slice(0, oldSize)),
      inclusion: assembleProof(inclusionProofPlan(index, size), lookup),
      consistency: assembleProof(consistencyProofPlan(oldSize, size), lookup),
    };
  });

describe('verifyInclusion', () => {
  const leaves = leavesOf(13);
  const root = rootFromLeafHashes(leaves);
  const proof = assembleProof(inclusionProofPlan(6, 13), nodeTable(leaves));
  const valid = { index: 6, treeSize: 13, leafHash: leaves[6] as Buffer, proof, root };

  it('accepts generated proofs and rejects any single-bit change in a proof hash, the leaf hash or the root', () => {
    const bit = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(treeCase, bit, fc.nat(), (t, flip, which) => {
        const base = { index: t.index, treeSize: t.size, leafHash: t.leaves[t.index] as Buffer, proof: t.inclusion, root: t.root };
        verifyInclusion(base);
        expectMerkleError(() => verifyInclusion({ ...base, leafHash: flipBit(base.leafHash, flip) }), 'root-mismatch');
        expectMerkleError(() => verifyInclusion({ ...base, root: flipBit(base.root, flip) }), 'root-mismatch');
        if (t.inclusion.length > 0) {
          const at = which % t.inclusion.length;
          const proof = t.inclusion.map((h, i) => (i === at ? flipBit(h, flip) : h));
          expectMerkleError(() => verifyInclusion({ ...base, proof }), 'root-mismatch');
        }
      }),
      { numRuns: 150 },
    );
  });

  context('when the root does not match', () => {
    it('throws root-mismatch with both roots as evidence', () => {
      const wrong = flipBit(root, 0);
      const err = expectMerkleError(() => verifyInclusion({ ...valid, root: wrong }), 'root-mismatch');
      expect(err.evidence).to.include({ index: 6, treeSize: 13, expectedRoot: hex(wrong), computedRoot: hex(root) });
    });
  });

  context('when the proof has a hash too many or too few', () => {
    it('throws wrong-proof-length with both lengths', () => {
      const long = expectMerkleError(() => verifyInclusion({ ...valid, proof: [...proof, root] }), 'wrong-proof-length');
      expect(long.evidence).to.include({ expectedLength: 4, actualLength: 5 });
      expectMerkleError(() => verifyInclusion({ ...valid, proof: proof.slice(1) }), 'wrong-proof-length');
    });
  });

  context('when a hash is not 32 bytes', () => {
    it('throws bad-hash-length naming the field', () => {
      const short = Buffer.alloc(31);
      expect(expectMerkleError(() => verifyInclusion({ ...valid, leafHash: short }), 'bad-hash-length').evidence.field).to.equal('leafHash');
      expect(expectMerkleError(() => verifyInclusion({ ...valid, root: short }), 'bad-hash-length').evidence.field).to.equal('root');
      const badProof = [proof[0] as Buffer, Buffer.alloc(33), ...proof.slice(2)];
      expect(expectMerkleError(() => verifyInclusion({ ...valid, proof: badProof }), 'bad-hash-length').evidence.field).to.equal('proof[1]');
    });
  });

  context('when the index or size is out of range', () => {
    it('throws index-out-of-range or size-out-of-range', () => {
      for (const index of [13, -1, 0.5, 18446744073709552000]) expectMerkleError(() => verifyInclusion({ ...valid, index }), 'index-out-of-range');
      for (const treeSize of [-13, Number.NaN, 2 ** 53]) expectMerkleError(() => verifyInclusion({ ...valid, treeSize }), 'size-out-of-range');
    });
  });
});

const ROOT_CODES: readonly MerkleErrorCode[] = ['old-root-mismatch', 'root-mismatch'];

describe('verifyConsistency', () => {
  const leaves = leavesOf(13);
  const root = rootFromLeafHashes(leaves);
  const oldRoot = rootFromLeafHashes(leaves.slice(0, 6));
  const proof = assembleProof(consistencyProofPlan(6, 13), nodeTable(leaves));
  const valid = { oldSize: 6, treeSize: 13, oldRoot, root, proof };

  it('holds for every m <= n of random trees, and any single-bit change makes it fail', () => {
    const bit = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(treeCase, bit, fc.nat(), (t, flip, which) => {
        const base = { oldSize: t.oldSize, treeSize: t.size, oldRoot: t.oldRoot, root: t.root, proof: t.consistency };
        verifyConsistency(base);
        expectMerkleError(() => verifyConsistency({ ...base, root: flipBit(base.root, flip) }), 'root-mismatch');
        if (t.oldSize < t.size) {
          // When oldSize is a power of two the old root is the proof's seed and only the new
          // root's check can catch a change to it (RFC 9162 §2.1.4.2 step 2).
          expectMerkleErrorIn(() => verifyConsistency({ ...base, oldRoot: flipBit(base.oldRoot, flip) }), ROOT_CODES);
          const at = which % t.consistency.length;
          const mutated = t.consistency.map((h, i) => (i === at ? flipBit(h, flip) : h));
          expectMerkleErrorIn(() => verifyConsistency({ ...base, proof: mutated }), ROOT_CODES);
        } else {
          expectMerkleError(() => verifyConsistency({ ...base, oldRoot: flipBit(base.oldRoot, flip) }), 'root-mismatch');
        }
      }),
      { numRuns: 150 },
    );
  });

  context('when the old root does not match', () => {
    it('throws old-root-mismatch with both roots as evidence', () => {
      const wrong = flipBit(oldRoot, 1);
      const err = expectMerkleError(() => verifyConsistency({ ...valid, oldRoot: wrong }), 'old-root-mismatch');
      expect(err.evidence).to.include({ oldSize: 6, treeSize: 13, expectedRoot: hex(wrong), computedRoot: hex(oldRoot) });
    });
  });

  context('when the sizes are equal', () => {
    it('accepts an empty proof and equal roots', () => {
      verifyConsistency({ oldSize: 13, treeSize: 13, oldRoot: root, root, proof: [] });
    });

    it('throws root-mismatch for two different roots of one size (a split view)', () => {
      const err = expectMerkleError(() => verifyConsistency({ oldSize: 13, treeSize: 13, oldRoot, root, proof: [] }), 'root-mismatch');
      expect(err.evidence).to.include({ expectedRoot: hex(root), computedRoot: hex(oldRoot) });
    });

    it('throws empty-proof-expected for a non-empty proof', () => {
      expectMerkleError(() => verifyConsistency({ oldSize: 13, treeSize: 13, oldRoot: root, root, proof: [root] }), 'empty-proof-expected');
    });
  });

  context('when the old size is 0 (RFC 9162 §2.1.4 with C2SP: every tree extends the empty tree)', () => {
    it('accepts an empty proof whatever the roots, and rejects a non-empty one', () => {
      verifyConsistency({ oldSize: 0, treeSize: 13, oldRoot: EMPTY_ROOT, root, proof: [] });
      verifyConsistency({ oldSize: 0, treeSize: 13, oldRoot: root, root: oldRoot, proof: [] });
      expectMerkleError(() => verifyConsistency({ oldSize: 0, treeSize: 13, oldRoot: EMPTY_ROOT, root, proof }), 'empty-proof-expected');
    });

    it('still requires 32-byte roots', () => {
      expectMerkleError(() => verifyConsistency({ oldSize: 0, treeSize: 13, oldRoot: Buffer.alloc(0), root, proof: [] }), 'bad-hash-length');
    });
  });

  context('when the proof length does not match the sizes', () => {
    it('throws wrong-proof-length', () => {
      expectMerkleError(() => verifyConsistency({ ...valid, proof: [] }), 'wrong-proof-length');
      expectMerkleError(() => verifyConsistency({ ...valid, proof: [...proof, root] }), 'wrong-proof-length');
    });
  });

  context('when the old size exceeds the tree size or a size is invalid', () => {
    it('throws size-out-of-range', () => {
      expectMerkleError(() => verifyConsistency({ ...valid, oldSize: 14 }), 'size-out-of-range');
      expectMerkleError(() => verifyConsistency({ ...valid, oldSize: -1 }), 'size-out-of-range');
      expectMerkleError(() => verifyConsistency({ ...valid, treeSize: 2 ** 53 }), 'size-out-of-range');
    });
  });
});

function expectMerkleErrorIn(run: () => unknown, codes: readonly MerkleErrorCode[]): MerkleError {
  try {
    run();
  } catch (err) {
    expect(err).to.be.instanceOf(MerkleError);
    expect(codes).to.include((err as MerkleError).code);
    return err as MerkleError;
  }
  return expect.fail(`expected a MerkleError with one of ${codes.join(', ')}`);
}
