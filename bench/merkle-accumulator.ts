// Micro-benchmark: MerkleAccumulator.pushEntry (leaf hash + tree) against raw SHA-256 of the
// same entry bytes. The goal is accumulator ≤ 2 × raw. Prints figures only; asserts nothing.
//
//   node --import tsx bench/merkle-accumulator.ts [leaves] [entryBytes]
//
// Entries come from a pool of distinct random buffers reused round-robin, so memory stays
// small and both loops read exactly the same bytes.
import { createHash, hash as oneShotHash, randomBytes } from 'node:crypto';
import { MerkleAccumulator } from '../audit/compact-range.ts';

const LEAVES = Number(process.argv[2] ?? 1_000_000);
const ENTRY_BYTES = Number(process.argv[3] ?? 300);
const POOL_SIZE = 4096;
const ROUNDS = 3;

const pool = Array.from({ length: POOL_SIZE }, () => randomBytes(ENTRY_BYTES));

function entry(i: number): Buffer {
  return pool[i % POOL_SIZE] ?? Buffer.alloc(0);
}

function nsPerLeaf(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / LEAVES;
}

// Three raw baselines, fastest last: the digest as a Buffer (the usual idiom, two of them) and
// as a 'binary' string (no Buffer allocation, which is most of Node 20's per-call cost).
const contenders: Record<string, () => void> = {
  'raw createHash(sha256).digest()': () => {
    for (let i = 0; i < LEAVES; i++) createHash('sha256').update(entry(i)).digest();
  },
  'raw crypto.hash(sha256, buffer)': () => {
    for (let i = 0; i < LEAVES; i++) oneShotHash('sha256', entry(i), 'buffer');
  },
  'raw crypto.hash(sha256, binary)': () => {
    for (let i = 0; i < LEAVES; i++) oneShotHash('sha256', entry(i), 'binary');
  },
  'MerkleAccumulator.pushEntry + root()': () => {
    const acc = new MerkleAccumulator();
    for (let i = 0; i < LEAVES; i++) acc.pushEntry(entry(i));
    acc.root();
  },
};

const best = new Map<string, number>();
for (let round = 1; round <= ROUNDS; round++) {
  for (const [name, run] of Object.entries(contenders)) {
    const ns = nsPerLeaf(run);
    best.set(name, Math.min(ns, best.get(name) ?? Infinity));
    console.log(`round ${round}  ${name.padEnd(38)} ${ns.toFixed(0).padStart(6)} ns/leaf`);
  }
}

const accumulator = best.get('MerkleAccumulator.pushEntry + root()') ?? NaN;
console.log(`\n${LEAVES} leaves of ${ENTRY_BYTES} bytes, best of ${ROUNDS} rounds (Node ${process.version})`);
for (const [name, ns] of best) {
  const ratio = name.startsWith('raw') ? `   accumulator = ${(accumulator / ns).toFixed(2)}x this` : '';
  console.log(`  ${name.padEnd(38)} ${ns.toFixed(0).padStart(6)} ns/leaf${ratio}`);
}
console.log('  goal: accumulator <= 2x raw SHA-256 of the same bytes');
