// `keygate log verify` of a 1,000,000-entry export vs raw SHA-256 of the same leaf bytes
// (goal: at most 2x, peak memory at most 150 MB).
//   node --import tsx bench/log-verify.ts [--entries 1000000]
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseVerifierKey } from '../audit/note.ts';
import { verifyExport } from '../audit/verify-export.ts';
import { exportLog } from '../server/log-export.ts';
import { benchDir, machine } from './common.ts';
import { openSeededLog } from './log-proofs.ts';

const { values } = parseArgs({ options: { entries: { type: 'string', default: '1000000' } } });
const ENTRIES = Number(values.entries);

/**
 * The baseline: stream the file, split lines, SHA-256 each line. `oneShot` uses crypto.hash with
 * a string result, the cheapest hashing call Node 20 offers; otherwise createHash per line.
 */
async function rawSha256(file: string, oneShot: boolean): Promise<number> {
  let carry: Buffer | null = null;
  let n = 0;
  for await (const raw of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    const chunk = raw as Buffer;
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl >= 0; nl = chunk.indexOf(10, start)) {
      const line = carry === null ? chunk.subarray(start, nl) : Buffer.concat([carry, chunk.subarray(start, nl)]);
      carry = null;
      if (oneShot) crypto.hash('sha256', line, 'binary');
      else crypto.createHash('sha256').update(line).digest();
      n++;
      start = nl + 1;
    }
    if (start < chunk.length) carry = Buffer.from(chunk.subarray(start));
  }
  return n;
}

console.log(`machine: ${machine()}`);
const dir = path.join(benchDir('export'), String(ENTRIES));
if (!fs.existsSync(path.join(dir, 'checkpoint'))) {
  const kg = await openSeededLog(ENTRIES, 'sqlite');
  await exportLog(kg.logStore, kg.log.verifierKey, dir);
  await kg.close();
}
const file = path.join(dir, 'entries.jsonl');
console.log(`export: ${ENTRIES} entries, ${(fs.statSync(file).size / 1e6).toFixed(1)} MB`);
const vkey = fs.readFileSync(path.join(dir, 'verifier-key'), 'utf8').trim();

const rounds = 3;
const raw: number[] = [];
const rawOneShot: number[] = [];
const inproc: number[] = [];
for (let r = 0; r < rounds; r++) {
  let t = performance.now();
  const lines = await rawSha256(file, false);
  raw.push(performance.now() - t);
  t = performance.now();
  await rawSha256(file, true);
  rawOneShot.push(performance.now() - t);
  t = performance.now();
  const report = await verifyExport({ checkpoint: fs.readFileSync(path.join(dir, 'checkpoint'), 'utf8'), entries: fs.createReadStream(file, { highWaterMark: 1 << 20 }), verifier: parseVerifierKey(vkey) });
  inproc.push(performance.now() - t);
  if (!report.ok || lines !== ENTRIES) throw new Error(`verification failed: ${JSON.stringify(report.failure)}`);
}
const best = (xs: number[]) => Math.min(...xs);
console.log(`raw SHA-256 of every line, createHash: best ${best(raw).toFixed(0)} ms of ${rounds}`);
console.log(`raw SHA-256 of every line, crypto.hash one-shot: best ${best(rawOneShot).toFixed(0)} ms of ${rounds}`);
console.log(
  `verifyExport (in process): best ${best(inproc).toFixed(0)} ms of ${rounds}, ratio ${(best(inproc) / best(raw)).toFixed(2)}x (createHash), ${(best(inproc) / best(rawOneShot)).toFixed(2)}x (one-shot)`,
);

// The CLI as a user runs it, with its peak resident memory.
const bin = path.resolve('bin/keygate.js');
const hasTime = fs.existsSync('/usr/bin/time');
const t = performance.now();
const cli = hasTime
  ? spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, bin, 'log', 'verify', dir], { encoding: 'utf8' })
  : spawnSync(process.execPath, [bin, 'log', 'verify', dir], { encoding: 'utf8' });
const wall = performance.now() - t;
if (cli.status !== 0) throw new Error(`keygate log verify failed: ${cli.stdout}${cli.stderr}`);
const peakKb = hasTime ? Number(cli.stderr.trim().split('\n').at(-1)) : NaN;
console.log(`keygate log verify (CLI, whole process incl. start-up): ${wall.toFixed(0)} ms, ratio ${(wall / best(raw)).toFixed(2)}x (createHash), ${(wall / best(rawOneShot)).toFixed(2)}x (one-shot), peak RSS ${hasTime ? `${(peakKb / 1024).toFixed(0)} MB` : 'n/a (no /usr/bin/time)'}`);
