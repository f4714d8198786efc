// Log append benchmarks.
//   node --import tsx bench/log-append.ts [--single N] [--batches B]
// 1. One entry appended in its own durable transaction vs a bare INSERT of the same bytes in its
//    own transaction, in the same database, on SQLite and PostgreSQL (goal: at most 1.5x).
// 2. Batched appends, 1,000 per transaction, on SQLite (goal: at least 50,000 entries/s).
import { parseArgs } from 'node:util';
import { encodeEntry } from '../audit/entry.ts';
import { openKeygate } from '../server/compose.ts';
import type { Keygate } from '../server/compose.ts';
import { benchConfig, freshDatabase, machine, median, percentile } from './common.ts';
import { syntheticEntry } from './synthetic.ts';

const { values } = parseArgs({ options: { single: { type: 'string', default: '1000' }, batches: { type: 'string', default: '100' } } });
const SINGLE = Number(values.single);
const BATCHES = Number(values.batches);

async function single(engine: 'sqlite' | 'postgres'): Promise<void> {
  const kg: Keygate = await openKeygate(benchConfig(freshDatabase(engine)));
  try {
    await kg.db.knex.schema.createTable('bench_bare', (t) => {
      t.bigInteger('idx').primary();
      t.binary('leaf').notNullable();
    });
    const append: number[] = [];
    const bare: number[] = [];
    // Warm-up, then interleave the two so drift in the machine affects both alike.
    for (let i = 0; i < 50; i++) {
      await kg.db.transaction((tx) => kg.log.append(tx, syntheticEntry(i)).then(() => undefined));
      await kg.db.knex.transaction((trx) => trx('bench_bare').insert({ idx: i, leaf: encodeEntry({ ...syntheticEntry(i), time: syntheticEntry(i).time! }) }));
    }
    for (let i = 50; i < 50 + SINGLE; i++) {
      const entry = syntheticEntry(i);
      const bytes = encodeEntry({ ...entry, time: entry.time! });
      let t = performance.now();
      await kg.db.transaction((tx) => kg.log.append(tx, entry).then(() => undefined));
      append.push(performance.now() - t);
      t = performance.now();
      await kg.db.knex.transaction((trx) => trx('bench_bare').insert({ idx: i, leaf: bytes }));
      bare.push(performance.now() - t);
    }
    const a = median(append);
    const b = median(bare);
    console.log(
      `${engine}: single append median ${(a * 1000).toFixed(0)} µs (p99 ${(percentile(append, 99) * 1000).toFixed(0)} µs), ` +
        `bare insert median ${(b * 1000).toFixed(0)} µs (p99 ${(percentile(bare, 99) * 1000).toFixed(0)} µs), ratio ${(a / b).toFixed(2)}x  [${SINGLE} each]`,
    );
    if (engine === 'postgres') await kg.db.knex.raw('DROP SCHEMA ?? CASCADE', [kg.config.database.engine === 'postgres' ? kg.config.database.schema! : '']);
  } finally {
    await kg.close();
  }
}

async function batched(): Promise<void> {
  const kg = await openKeygate(benchConfig(freshDatabase('sqlite')));
  try {
    const entries = Array.from({ length: 1000 * BATCHES }, (_, i) => syntheticEntry(i));
    const t = performance.now();
    for (let b = 0; b < BATCHES; b++) {
      await kg.db.transaction(async (tx) => {
        for (let i = 0; i < 1000; i++) await kg.log.append(tx, entries[b * 1000 + i]!);
      });
    }
    const s = (performance.now() - t) / 1000;
    console.log(`sqlite: batched append, 1,000 per transaction: ${Math.round((1000 * BATCHES) / s)} entries/s (${1000 * BATCHES} entries in ${s.toFixed(2)} s)`);
  } finally {
    await kg.close();
  }
}

console.log(`machine: ${machine()}`);
await single('sqlite');
await single('postgres');
await batched();
