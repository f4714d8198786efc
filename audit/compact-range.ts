// The right frontier of an RFC 9162 §2.1 tree: the hashes of rangeNodes(0, size), one per set
// bit of size, largest subtree first. Appending a leaf is a binary carry: each trailing 1 bit
// of the old size is a perfect subtree that the new leaf completes. So an append costs
// O(log n) hashes, and the frontier alone gives the root (folded right to left).
import { EMPTY_ROOT, HASH_SIZE, hashNodeFrameInto, leafHashInto, newNodeFrame, nodeHash } from './hash.ts';
import { MerkleError, checkHash, checkSize, foldRange, popcount } from './merkle.ts';
import type { NodeId } from './merkle.ts';

export interface Frontier {
  readonly size: number;
  /** The hashes of rangeNodes(0, size), left to right. */
  readonly hashes: readonly Buffer[];
}

export const EMPTY_FRONTIER: Frontier = Object.freeze({ size: 0, hashes: Object.freeze([]) });

/** Sizes are safe integers; a log at the last one cannot grow. */
function checkCanGrow(size: number): void {
  if (size >= Number.MAX_SAFE_INTEGER) {
    throw new MerkleError('size-out-of-range', `a tree of size ${size} cannot grow`, { treeSize: size });
  }
}

function checkFrontier(frontier: Frontier): void {
  checkSize(frontier.size, 'frontier size');
  const expected = popcount(frontier.size);
  if (frontier.hashes.length !== expected) {
    throw new MerkleError('bad-frontier', `a frontier of size ${frontier.size} has ${expected} hashes, not ${frontier.hashes.length}`, {
      treeSize: frontier.size,
      expectedLength: expected,
      actualLength: frontier.hashes.length,
    });
  }
  frontier.hashes.forEach((h, i) => checkHash(h, `frontier.hashes[${i}]`));
}

/**
 * Appends one leaf hash. `newNodes` holds the leaf (level 0) and every perfect subtree this
 * append completes, lowest first: storing them for every append stores every perfect subtree
 * of the tree, which is all that proof plans (merkle.ts) ever read.
 */
export function appendToFrontier(
  frontier: Frontier,
  leafHash: Uint8Array,
): { frontier: Frontier; newNodes: Array<{ id: NodeId; hash: Buffer }> } {
  checkFrontier(frontier);
  checkHash(leafHash, 'leafHash');
  checkCanGrow(frontier.size);
  const hashes = [...frontier.hashes];
  let node: { id: NodeId; hash: Buffer } = { id: { level: 0, index: frontier.size }, hash: Buffer.from(leafHash) };
  const newNodes = [node];
  for (let rest = frontier.size; rest % 2 === 1; rest = Math.floor(rest / 2)) {
    const left = hashes.pop();
    if (left === undefined) throw new RangeError('frontier shorter than popcount(size)'); // excluded by checkFrontier
    node = {
      id: { level: node.id.level + 1, index: Math.floor(node.id.index / 2) },
      hash: nodeHash(left, node.hash),
    };
    newNodes.push(node);
  }
  hashes.push(node.hash);
  return { frontier: Object.freeze({ size: frontier.size + 1, hashes: Object.freeze(hashes) }), newNodes };
}

/** MTH(D[0:size]) (RFC 9162 §2.1.1); EMPTY_ROOT (a copy) for size 0. */
export function frontierRoot(frontier: Frontier): Buffer {
  checkFrontier(frontier);
  return foldRange(frontier.hashes);
}

export function encodeFrontier(frontier: Frontier): Buffer {
  checkFrontier(frontier);
  return Buffer.concat(frontier.hashes, frontier.hashes.length * HASH_SIZE);
}

/** Parses stored bytes; the hashes are copies, so later changes to `bytes` do not leak in. */
export function decodeFrontier(size: number, bytes: Uint8Array): Frontier {
  checkSize(size, 'size');
  const expectedLength = popcount(size) * HASH_SIZE;
  if (!(bytes instanceof Uint8Array) || bytes.length !== expectedLength) {
    const actualLength = bytes instanceof Uint8Array ? bytes.length : -1;
    throw new MerkleError('bad-frontier', `a frontier of size ${size} is ${expectedLength} bytes, not ${actualLength}`, {
      treeSize: size,
      expectedLength,
      actualLength,
    });
  }
  const hashes: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += HASH_SIZE) {
    hashes.push(Buffer.from(bytes.subarray(offset, offset + HASH_SIZE)));
  }
  return Object.freeze({ size, hashes: Object.freeze(hashes) });
}

/** Safe integers have at most 53 binary digits, so the frontier has at most 53 levels. */
const MAX_LEVELS = 53;
/** Where a node frame (hash.ts newNodeFrame) holds its left and right children. */
const LEFT_OFFSET = 1;
const RIGHT_OFFSET = 1 + HASH_SIZE;

/**
 * A mutable streaming root computation, e.g. over a 1,000,000-entry export. Same frontier as
 * above, kept by level in node frames (hash.ts newNodeFrame): frame L holds at its left slot
 * the perfect subtree of 2^L leaves, meaningful iff binary digit L of `size` is 1. Every hash
 * is written straight to where it is consumed: the left slot of its level if that level is
 * empty, else the right slot, and then that frame is hashed as is. So a push allocates no
 * Buffer and makes one hash call per subtree it completes (n - 1 over n pushes).
 */
export class MerkleAccumulator {
  #size = 0;
  readonly #frames: readonly Buffer[] = Array.from({ length: MAX_LEVELS }, newNodeFrame);
  readonly #rootScratch = Buffer.alloc(HASH_SIZE);

  /**
   * Resumes from a frontier (e.g. a checkpoint's), so an auditor can check that the entries
   * after a checkpoint extend it without rehashing the entries before it.
   */
  static fromFrontier(frontier: Frontier): MerkleAccumulator {
    checkFrontier(frontier);
    const acc = new MerkleAccumulator();
    // frontier.hashes runs from the highest occupied level down; walk the levels upward.
    let next = frontier.hashes.length - 1;
    let level = 0;
    for (let rest = frontier.size; rest > 0; rest = Math.floor(rest / 2), level += 1) {
      if (rest % 2 === 1) {
        const hash = frontier.hashes[next];
        if (hash === undefined) throw new RangeError('frontier shorter than popcount(size)'); // excluded by checkFrontier
        acc.#frame(level).set(hash, LEFT_OFFSET);
        next -= 1;
      }
    }
    acc.#size = frontier.size;
    return acc;
  }

  get size(): number {
    return this.#size;
  }

  /** Hashes an entry as a leaf (RFC 9162 §2.1.1) and appends it. */
  pushEntry(entryBytes: Uint8Array): void {
    checkCanGrow(this.#size);
    leafHashInto(entryBytes, this.#frame(0), slotOffset(this.#size));
    this.#carry();
  }

  push(leafHash: Uint8Array): void {
    checkHash(leafHash, 'leafHash');
    checkCanGrow(this.#size);
    this.#frame(0).set(leafHash, slotOffset(this.#size));
    this.#carry();
  }

  /**
   * Appends a leaf hash and compares every node the append completes with `stored`, the nodes a
   * log stored for this leaf (log-store.ts AppendedLeaf: level 0 first, 32 bytes each). Returns
   * null when they all match, else what differs. Same cost as push: fsck walks a whole log with it.
   */
  pushComparing(leafHash: Uint8Array, stored: Uint8Array): string | null {
    checkHash(leafHash, 'leafHash');
    checkCanGrow(this.#size);
    let levels = 1;
    for (let rest = this.#size; rest % 2 === 1; rest = Math.floor(rest / 2)) levels += 1;
    const index = this.#size;
    this.#frame(0).set(leafHash, slotOffset(this.#size));
    const problem = this.#carry(stored);
    if (problem !== null) return `leaf ${index}: ${problem}`;
    if (stored.length !== levels * HASH_SIZE) return `leaf ${index}: ${stored.length / HASH_SIZE} stored nodes, expected ${levels}`;
    return null;
  }

  /** The frontier (rangeNodes(0, size) hashes, largest subtree first), as a log stores it. */
  frontierBytes(): Buffer {
    const parts: Buffer[] = [];
    let level = 0;
    for (let rest = this.#size; rest > 0; rest = Math.floor(rest / 2), level += 1) {
      if (rest % 2 === 1) parts.push(this.#frame(level).subarray(LEFT_OFFSET, RIGHT_OFFSET));
    }
    return Buffer.concat(parts.reverse());
  }

  /**
   * The new leaf is in frame 0; merge it up through every level the old size had occupied. With
   * `stored`, each completed node (and the leaf) is compared with it; the first mismatch is returned.
   */
  #carry(stored?: Uint8Array): string | null {
    let level = 0;
    let slot = slotOffset(this.#size);
    let problem: string | null = null;
    if (stored !== undefined && !sameHash(this.#frame(0), slot, stored, 0)) problem = 'the stored leaf hash differs';
    for (let rest = this.#size; rest % 2 === 1; level += 1) {
      rest = Math.floor(rest / 2);
      slot = slotOffset(rest);
      hashNodeFrameInto(this.#frame(level), this.#frame(level + 1), slot);
      if (stored !== undefined && problem === null && !sameHash(this.#frame(level + 1), slot, stored, (level + 1) * HASH_SIZE)) {
        problem = `the stored node at level ${level + 1} differs`;
      }
    }
    this.#size += 1;
    return problem;
  }

  #frame(level: number): Buffer {
    const frame = this.#frames[level];
    if (frame === undefined) throw new RangeError(`no frontier level ${level}`); // excluded by checkCanGrow
    return frame;
  }

  /** MTH of everything pushed so far: fold the occupied levels from the lowest (rightmost) up. */
  root(): Buffer {
    const acc = this.#rootScratch;
    let found = false;
    let level = 0;
    for (let rest = this.#size; rest > 0; rest = Math.floor(rest / 2), level += 1) {
      if (rest % 2 === 0) continue;
      const frame = this.#frame(level);
      if (found) {
        frame.set(acc, RIGHT_OFFSET); // the right slot is scratch outside #carry
        hashNodeFrameInto(frame, acc, 0);
      } else {
        frame.copy(acc, 0, LEFT_OFFSET, RIGHT_OFFSET);
        found = true;
      }
    }
    return found ? Buffer.from(acc) : Buffer.from(EMPTY_ROOT);
  }
}

function sameHash(frame: Buffer, slot: number, stored: Uint8Array, offset: number): boolean {
  if (stored.length < offset + HASH_SIZE) return false;
  return frame.compare(stored, offset, offset + HASH_SIZE, slot, slot + HASH_SIZE) === 0;
}

/** Where a hash lands in its level's frame: the left slot if the level is empty, else the right. */
function slotOffset(sizeAtLevel: number): number {
  return sizeAtLevel % 2 === 1 ? RIGHT_OFFSET : LEFT_OFFSET;
}
