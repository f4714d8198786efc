// The right frontier (compact range [0, size)) and the streaming MerkleAccumulator, checked
// against published known answers and the naive recursive root.
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import {
  EMPTY_FRONTIER,
  MerkleAccumulator,
  appendToFrontier,
  decodeFrontier,
  encodeFrontier,
  frontierRoot,
} from '../../audit/compact-range.ts';
import type { Frontier } from '../../audit/compact-range.ts';
import { EMPTY_ROOT, leafHash } from '../../audit/hash.ts';
import { MerkleError, rootFromLeafHashes } from '../../audit/merkle.ts';
import type { MerkleErrorCode, NodeId } from '../../audit/merkle.ts';

const sha256 = (...parts: Uint8Array[]): Buffer => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
const refLeaf = (entry: Uint8Array): Buffer => sha256(Buffer.from([0]), entry);
const refNode = (l: Uint8Array, r: Uint8Array): Buffer => sha256(Buffer.from([1]), l, r);
const hex = (h: Uint8Array): string => Buffer.from(h).toString('hex');
const leavesOf = (count: number): Buffer[] => Array.from({ length: count }, (_, i) => refLeaf(Buffer.from(`entry ${i}`)));

/** transparency-dev/merkle testonly/constants.go (Apache-2.0): the CT reference tree. */
const REFERENCE_INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) =>
  Buffer.from(h, 'hex'),
);
const NODE_HASHES: Readonly<Record<string, string>> = {
  '0/0': '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  '0/2': '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
  '0/4': 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
  '0/6': 'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
  '1/0': 'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  '1/2': '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
  '2/0': 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '3/0': '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
};
/** CompactTrees(): the frontier after each size, as node ids into NODE_HASHES. */
const COMPACT_TREES = [[], ['0/0'], ['1/0'], ['1/0', '0/2'], ['2/0'], ['2/0', '0/4'], ['2/0', '1/2'], ['2/0', '1/2', '0/6'], ['3/0']];
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

function frontierOf(leaves: readonly Uint8Array[]): Frontier {
  return leaves.reduce((f, h) => appendToFrontier(f, h).frontier, EMPTY_FRONTIER);
}

/** Hashes of a tree whose leaves are all equal: a perfect subtree's hash depends on its level only. */
const UNIFORM = ((): Buffer[] => {
  const levels = [refLeaf(Buffer.from('same'))];
  for (let l = 1; l <= 53; l++) levels.push(refNode(levels[l - 1] as Buffer, levels[l - 1] as Buffer));
  return levels;
})();
const uniform = (level: number): Buffer => UNIFORM[level] as Buffer;

describe('EMPTY_FRONTIER and frontierRoot', () => {
  it('the empty frontier has size 0, no hashes, and a copy of EMPTY_ROOT as its root', () => {
    expect(EMPTY_FRONTIER).to.deep.equal({ size: 0, hashes: [] });
    const root = frontierRoot(EMPTY_FRONTIER);
    expect(hex(root)).to.equal(hex(EMPTY_ROOT));
    root[0] = 0;
    expect(EMPTY_ROOT[0]).to.equal(0xe3);
  });
});

describe('appendToFrontier', () => {
  context('when fed the RFC 6962 reference tree of the CT test suites', () => {
    it('matches the published compact ranges and roots of sizes 0 to 8', () => {
      let frontier = EMPTY_FRONTIER;
      for (let size = 0; size <= 8; size++) {
        if (size > 0) frontier = appendToFrontier(frontier, leafHash(REFERENCE_INPUTS[size - 1] as Buffer)).frontier;
        expect(frontier.hashes.map(hex), `frontier ${size}`).to.deep.equal((COMPACT_TREES[size] ?? []).map((id) => NODE_HASHES[id]));
        expect(hex(frontierRoot(frontier)), `root ${size}`).to.equal(REFERENCE_ROOTS[size]);
      }
    });
  });

  it('reports the leaf and every perfect subtree it completes, lowest first, so all of them get stored', () => {
    const leaves = leavesOf(64);
    const stored = new Map<string, Buffer>();
    let frontier = EMPTY_FRONTIER;
    leaves.forEach((leaf, size) => {
      const { frontier: next, newNodes } = appendToFrontier(frontier, leaf);
      const expectedIds: NodeId[] = [{ level: 0, index: size }];
      for (let level = 1; (size + 1) % 2 ** level === 0; level++) expectedIds.push({ level, index: (size + 1) / 2 ** level - 1 });
      expect(newNodes.map((n) => n.id), `append #${size}`).to.deep.equal(expectedIds);
      for (const { id, hash } of newNodes) {
        const begin = id.index * 2 ** id.level;
        expect(hex(hash)).to.equal(hex(rootFromLeafHashes(leaves.slice(begin, begin + 2 ** id.level))));
        stored.set(`${id.level}/${id.index}`, hash);
      }
      frontier = next;
    });
    // Every perfect subtree of a 64-leaf tree: 64 + 32 + ... + 1.
    expect(stored.size).to.equal(127);
  });

  it('leaves the input frontier untouched and returns a frozen one', () => {
    const before = frontierOf(leavesOf(5));
    const snapshot = before.hashes.map(hex);
    const { frontier } = appendToFrontier(before, refLeaf(Buffer.from('x')));
    expect(before.hashes.map(hex)).to.deep.equal(snapshot);
    expect(before.size).to.equal(5);
    expect(Object.isFrozen(frontier) && Object.isFrozen(frontier.hashes)).to.equal(true);
  });

  context('when the frontier is beyond 2^32 leaves', () => {
    it('carries through 33 levels with exact node ids', () => {
      const size = 2 ** 33 - 1;
      const frontier: Frontier = { size, hashes: Array.from({ length: 33 }, (_, i) => uniform(32 - i)) };
      const { frontier: next, newNodes } = appendToFrontier(frontier, uniform(0));
      expect(newNodes.map((n) => n.id)).to.deep.equal(Array.from({ length: 34 }, (_, level) => ({ level, index: (2 ** 33 - 2 ** level) / 2 ** level })));
      expect(newNodes.map((n) => hex(n.hash))).to.deep.equal(UNIFORM.slice(0, 34).map(hex));
      expect(next.size).to.equal(2 ** 33);
      expect(next.hashes.map(hex)).to.deep.equal([hex(uniform(33))]);
    });
  });

  context('when the tree is at the largest safe size', () => {
    it('throws size-out-of-range instead of losing precision', () => {
      const full = decodeFrontier(Number.MAX_SAFE_INTEGER, Buffer.alloc(53 * 32));
      expectMerkleError(() => appendToFrontier(full, uniform(0)), 'size-out-of-range');
    });
  });

  context('when the leaf hash is not 32 bytes', () => {
    it('throws bad-hash-length', () => {
      expectMerkleError(() => appendToFrontier(EMPTY_FRONTIER, Buffer.alloc(20)), 'bad-hash-length');
    });
  });

  context('when the frontier does not have popcount(size) hashes', () => {
    it('throws bad-frontier', () => {
      const err = expectMerkleError(() => appendToFrontier({ size: 3, hashes: [uniform(1)] }, uniform(0)), 'bad-frontier');
      expect(err.evidence).to.include({ treeSize: 3, expectedLength: 2, actualLength: 1 });
    });
  });
});

describe('encodeFrontier and decodeFrontier', () => {
  it('round-trip every frontier, including one of 2^33 + 5 leaves', () => {
    for (let size = 0; size <= 40; size++) {
      const frontier = frontierOf(leavesOf(size));
      const bytes = encodeFrontier(frontier);
      expect(bytes.length).to.equal(frontier.hashes.length * 32);
      expect(decodeFrontier(size, bytes)).to.deep.equal(frontier);
    }
    const big: Frontier = { size: 2 ** 33 + 5, hashes: [uniform(33), uniform(2), uniform(0)] };
    expect(decodeFrontier(big.size, encodeFrontier(big))).to.deep.equal(big);
  });

  it('copies the bytes it decodes', () => {
    const bytes = encodeFrontier(frontierOf(leavesOf(3)));
    const frontier = decodeFrontier(3, bytes);
    const before = frontier.hashes.map(hex);
    bytes.fill(0);
    expect(frontier.hashes.map(hex)).to.deep.equal(before);
  });

  context('when the byte length is not popcount(size) * 32', () => {
    it('throws bad-frontier with the expected and actual lengths', () => {
      const err = expectMerkleError(() => decodeFrontier(7, Buffer.alloc(64)), 'bad-frontier');
      expect(err.evidence).to.include({ treeSize: 7, expectedLength: 96, actualLength: 64 });
      expectMerkleError(() => decodeFrontier(0, Buffer.alloc(1)), 'bad-frontier');
      expectMerkleError(() => decodeFrontier(8, Buffer.alloc(33)), 'bad-frontier');
    });
  });

  context('when the size is not a safe non-negative integer', () => {
    it('throws size-out-of-range', () => {
      expectMerkleError(() => decodeFrontier(-1, Buffer.alloc(0)), 'size-out-of-range');
      expectMerkleError(() => decodeFrontier(2 ** 53, Buffer.alloc(32)), 'size-out-of-range');
    });
  });
});

describe('MerkleAccumulator', () => {
  it('starts empty with EMPTY_ROOT', () => {
    const acc = new MerkleAccumulator();
    expect(acc.size).to.equal(0);
    expect(hex(acc.root())).to.equal(hex(EMPTY_ROOT));
  });

  context('when fed the RFC 6962 reference entries', () => {
    it('reproduces the published roots after each entry', () => {
      const acc = new MerkleAccumulator();
      REFERENCE_INPUTS.forEach((entry, i) => {
        acc.pushEntry(entry);
        expect(hex(acc.root()), `size ${i + 1}`).to.equal(REFERENCE_ROOTS[i + 1]);
      });
    });
  });

  it('equals the frontier root and the naive root at every step, even when root() is read mid-stream', () => {
    const leaves = fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 80 });
    fc.assert(
      fc.property(leaves, fc.array(fc.boolean(), { minLength: 80, maxLength: 80 }), (ls, readRoot) => {
        const acc = new MerkleAccumulator();
        let frontier = EMPTY_FRONTIER;
        ls.forEach((leaf, i) => {
          acc.push(leaf);
          frontier = appendToFrontier(frontier, leaf).frontier;
          if (readRoot[i] === true) expect(hex(acc.root())).to.equal(hex(frontierRoot(frontier)));
        });
        const naive = hex(rootFromLeafHashes(ls));
        expect(acc.size).to.equal(ls.length);
        expect(hex(frontierRoot(frontier))).to.equal(naive);
        expect(hex(acc.root())).to.equal(naive);
      }),
      { numRuns: 100 },
    );
  });

  it('pushEntry(e) is push(leafHash(e))', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 40 }), (entries) => {
        const byEntry = new MerkleAccumulator();
        const byHash = new MerkleAccumulator();
        for (const e of entries) {
          byEntry.pushEntry(e);
          byHash.push(refLeaf(e));
        }
        expect(hex(byEntry.root())).to.equal(hex(byHash.root()));
      }),
      { numRuns: 100 },
    );
  });

  it('matches the naive root over 5000 entries, across many carries', () => {
    const entries = Array.from({ length: 5000 }, (_, i) => Buffer.from(`export entry ${i}`));
    const acc = new MerkleAccumulator();
    entries.forEach((e) => acc.pushEntry(e));
    expect(hex(acc.root())).to.equal(hex(rootFromLeafHashes(entries.map(refLeaf))));
  });

  context('when resumed from a frontier', () => {
    it('continues exactly like appendToFrontier', () => {
      const leaves = leavesOf(45);
      for (const cut of [0, 1, 7, 8, 31, 44]) {
        const acc = MerkleAccumulator.fromFrontier(frontierOf(leaves.slice(0, cut)));
        expect(acc.size).to.equal(cut);
        leaves.slice(cut).forEach((l) => acc.push(l));
        expect(hex(acc.root()), `resumed at ${cut}`).to.equal(hex(rootFromLeafHashes(leaves)));
      }
    });

    it('keeps exact sizes and levels beyond 2^32 leaves', () => {
      const sizes = fc.integer({ min: 2 ** 31 - 40, max: 2 ** 34 });
      fc.assert(
        fc.property(sizes, fc.integer({ min: 1, max: 40 }), (size, extra) => {
          // A tree of equal leaves: its frontier has uniform(L) for every set bit L of size.
          const levels = [...size.toString(2)].map((bit, i, bits) => (bit === '1' ? bits.length - 1 - i : -1)).filter((l) => l >= 0);
          let frontier: Frontier = { size, hashes: levels.map(uniform) };
          const acc = MerkleAccumulator.fromFrontier(frontier);
          const distinct = leavesOf(extra);
          for (const leaf of distinct) {
            acc.push(leaf);
            frontier = appendToFrontier(frontier, leaf).frontier;
          }
          expect(acc.size).to.equal(size + extra);
          expect(hex(acc.root())).to.equal(hex(frontierRoot(frontier)));
        }),
        { numRuns: 40 },
      );
    });

    it('rejects a frontier without popcount(size) hashes', () => {
      expectMerkleError(() => MerkleAccumulator.fromFrontier({ size: 2, hashes: [] }), 'bad-frontier');
    });
  });

  it('returns a fresh buffer from root()', () => {
    const acc = new MerkleAccumulator();
    acc.push(uniform(0));
    const first = acc.root();
    first.fill(0);
    expect(hex(acc.root())).to.equal(hex(uniform(0)));
  });

  context('when a leaf hash is not 32 bytes', () => {
    it('throws bad-hash-length and does not grow', () => {
      const acc = new MerkleAccumulator();
      acc.push(uniform(0));
      expectMerkleError(() => acc.push(Buffer.alloc(31)), 'bad-hash-length');
      expect(acc.size).to.equal(1);
      expect(hex(acc.root())).to.equal(hex(uniform(0)));
    });
  });
});
