// Witnessing overhead (goal: votes/s without witnesses at most 1.1x votes/s with two): two logs
// in this process, the same vote load on each, one without witnesses and one with two
// `keygate witness serve` processes configured (KEYGATE_WITNESSES, quorum 2) and its witnessing
// loop running as in `keygate serve`. Blocks of votes alternate between the two logs so both see
// the same machine load; CPU time per vote (this process only) is the steadier figure on a
// shared machine. After the run the witnessed log must be cosigned up to its size.
//   node --import tsx bench/witnessing.ts [--votes 3000] [--block 250]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openKeygate } from '../server/compose.ts';
import type { Keygate } from '../server/compose.ts';
import type { Config } from '../server/config.ts';
import { startWitnessProcess } from '../test/helpers/processes.ts';
import type { WitnessProcess } from '../test/helpers/processes.ts';
import { benchConfig, benchDir, freshDatabase, machine, median } from './common.ts';
import { prepareVoting } from './vote-load.ts';

const { values } = parseArgs({ options: { votes: { type: 'string', default: '3000' }, block: { type: 'string', default: '250' } } });
const VOTES = Number(values.votes);
const BLOCK = Number(values.block);
const WARM_UP = 200;

interface Side {
  readonly name: string;
  readonly kg: Keygate;
  readonly cast: (n: number) => Promise<unknown>;
  next: number;
  ms: number;
  cpuUs: number;
  readonly rates: number[];
}

async function side(name: string, kg: Keygate): Promise<Side> {
  const cast = await prepareVoting(kg);
  for (let n = 0; n < WARM_UP; n++) await cast(n);
  return { name, kg, cast, next: WARM_UP, ms: 0, cpuUs: 0, rates: [] };
}

async function block(s: Side, count: number): Promise<void> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  for (let i = 0; i < count; i++) await s.cast(s.next++);
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  s.ms += ms;
  s.cpuUs += used.user + used.system;
  s.rates.push((count / ms) * 1000);
}

const plainConfig = benchConfig(freshDatabase('sqlite'));
const witnessedBase = benchConfig(freshDatabase('sqlite'));
// The log key must exist before its witnesses are started with its verifier key.
const first = await openKeygate(witnessedBase);
const logVkey = first.log.verifierKey;
await first.close();
const witnesses: WitnessProcess[] = [];
for (let i = 0; i < 2; i++) witnesses.push(await startWitnessProcess(fs.mkdtempSync(path.join(benchDir('witness'), 'w-')), [logVkey]));
const witnessedConfig: Config = { ...witnessedBase, witnesses: witnesses.map((w) => ({ vkey: w.vkey, url: w.url })), witnessQuorum: 2 };

const plain = await side('none', await openKeygate(plainConfig));
const witnessedKg = await openKeygate(witnessedConfig);
witnessedKg.witnessing!.start();
const witnessed = await side('two witnesses', witnessedKg);
try {
  for (let done = 0; done < VOTES; done += BLOCK) {
    const n = Math.min(BLOCK, VOTES - done);
    // Alternate which goes first, so neither always follows the other's leftover work.
    const order = (done / BLOCK) % 2 === 0 ? [plain, witnessed] : [witnessed, plain];
    for (const s of order) await block(s, n);
  }
  const size = (await witnessedKg.log.latestCheckpoint()).treeSize;
  const t = performance.now();
  while ((await witnessedKg.publisher.summary()).witnessedSize !== size) await new Promise((r) => setTimeout(r, 50));
  const catchUp = performance.now() - t;
  const cosigned = await witnessedKg.cosignatures.largestCosignedSizes();
  const rate = (s: Side) => (VOTES / s.ms) * 1000;
  console.log(`machine: ${machine()}; SQLite; ${VOTES} votes on each log in blocks of ${BLOCK}, alternating`);
  for (const s of [plain, witnessed]) {
    console.log(`${s.name.padEnd(14)} ${Math.round(rate(s))} votes/s overall; per block median ${Math.round(median(s.rates))}, min ${Math.round(Math.min(...s.rates))}, max ${Math.round(Math.max(...s.rates))}; ${Math.round(s.cpuUs / VOTES)} µs CPU per vote`);
  }
  console.log(`ratio none / two witnesses: ${(rate(plain) / rate(witnessed)).toFixed(3)}x overall, ${(median(plain.rates) / median(witnessed.rates)).toFixed(3)}x per-block medians, ${(witnessed.cpuUs / plain.cpuUs).toFixed(3)}x CPU per vote (this process; the witnesses run in their own)`);
  console.log(`witnessed log: tree size ${size}, cosigned by both ${[...cosigned.values()].join(' and ')}; quorum reached ${Math.round(catchUp)} ms after the last vote`);
} finally {
  await plain.kg.close();
  await witnessedKg.close();
  for (const w of witnesses) await w.stop();
}
