// Proof latency at 1,000,000 entries (goal: median at most 1 ms each).
//   node --import tsx bench/log-proofs.ts [--entries 1000000] [--samples 2000] [--engine sqlite|postgres]
// The log is built once (batched appends) in $TMPDIR/keygate-bench and reused by later runs.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { verifyConsistency, verifyInclusion } from '../audit/merkle-verify.ts';
import { getConsistencyProof, getInclusionProof } from '../audit/proofs.ts';
import { openKeygate } from '../server/compose.ts';
import type { Keygate } from '../server/compose.ts';
import { benchConfig, benchDir, machine, median, percentile, PG_URL } from './common.ts';
import { syntheticEntry } from './synthetic.ts';

const { values } = parseArgs({
  options: { entries: { type: 'string', default: '1000000' }, samples: { type: 'string', default: '2000' }, engine: { type: 'string', default: 'sqlite' } },
});
const ENTRIES = Number(values.entries);
const SAMPLES = Number(values.samples);
const engine = values.engine === 'postgres' ? 'postgres' : 'sqlite';

export async function openSeededLog(entries: number, which: 'sqlite' | 'postgres'): Promise<Keygate> {
  const dir = benchDir(`log-${which}-${entries}`);
  const database = which === 'sqlite' ? { engine: 'sqlite' as const, filename: path.join(dir, 'keygate.sqlite') } : { engine: 'postgres' as const, url: PG_URL, schema: `bench_log_${entries}` };
  fs.mkdirSync(dir, { recursive: true });
  const kg = await openKeygate(benchConfig(database, dir));
  const have = (await kg.log.latestCheckpoint()).treeSize;
  if (have < entries) {
    const t = performance.now();
    for (let done = have; done < entries; done += 1000) {
      const n = Math.min(1000, entries - done);
      await kg.db.transaction(async (tx) => {
        for (let i = 0; i < n; i++) await kg.log.append(tx, syntheticEntry(done + i));
      });
    }
    console.log(`seeded ${entries - have} entries in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  return kg;
}

const rand = (n: number) => Math.floor(Math.random() * n);

async function main(): Promise<void> {
  console.log(`machine: ${machine()}`);
  const kg = await openSeededLog(ENTRIES, engine);
  try {
    const size = (await kg.log.latestCheckpoint()).treeSize;
    const inc: number[] = [];
    const con: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const index = rand(size);
      let t = performance.now();
      const p = await getInclusionProof(kg.logStore, index);
      inc.push(performance.now() - t);
      if (i % 100 === 0) verifyInclusion({ index, treeSize: size, leafHash: p.leafHash, proof: p.hashes, root: p.root });
      const old = 1 + rand(size - 1);
      t = performance.now();
      const c = await getConsistencyProof(kg.logStore, old);
      con.push(performance.now() - t);
      if (i % 100 === 0) verifyConsistency({ oldSize: old, treeSize: size, oldRoot: c.oldRoot, root: c.root, proof: c.hashes });
    }
    const fmt = (xs: number[]) => `median ${median(xs).toFixed(3)} ms, p99 ${percentile(xs, 99).toFixed(3)} ms`;
    console.log(`${engine}, tree size ${size}, ${SAMPLES} random samples each`);
    console.log(`  inclusion proof:   ${fmt(inc)}`);
    console.log(`  consistency proof: ${fmt(con)}`);
  } finally {
    await kg.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
