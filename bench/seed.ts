// npm run bench:seed -- --entries N [--data-dir DIR] [--batch B]
// Appends N synthetic entries to the log in the data dir (creating it if needed), B per
// transaction. A benchmark and test tool, not a product feature.
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.ts';
import { openKeygate } from '../server/compose.ts';
import { syntheticEntry } from './synthetic.ts';

const { values } = parseArgs({
  options: { entries: { type: 'string' }, 'data-dir': { type: 'string' }, batch: { type: 'string', default: '1000' } },
});
const total = Number(values.entries);
const batch = Number(values.batch);
if (!Number.isSafeInteger(total) || total < 0 || !Number.isSafeInteger(batch) || batch < 1) {
  process.stderr.write('usage: npm run bench:seed -- --entries N [--data-dir DIR] [--batch B]\n');
  process.exit(2);
}

const config = loadConfig(process.env, values['data-dir'] === undefined ? {} : { dataDir: values['data-dir'] });
const kg = await openKeygate(config);
try {
  const start = performance.now();
  const base = (await kg.log.latestCheckpoint()).treeSize;
  for (let done = 0; done < total; done += batch) {
    const n = Math.min(batch, total - done);
    await kg.db.transaction(async (tx) => {
      for (let i = 0; i < n; i++) await kg.log.append(tx, syntheticEntry(base + done + i));
    });
    if (process.stderr.isTTY) process.stderr.write(`\rappended ${done + n}/${total}`);
  }
  const seconds = (performance.now() - start) / 1000;
  const size = (await kg.log.latestCheckpoint()).treeSize;
  process.stdout.write(`${process.stderr.isTTY ? '\n' : ''}appended ${total} entries in ${seconds.toFixed(1)} s (${Math.round(total / seconds)} entries/s); tree size ${size}\n`);
} finally {
  await kg.close();
}
