// `keygate log fsck --full` of the 1,000,000-entry log vs `keygate log verify` of its export
// (goal: at most 2x). Both are whole CLI processes (start-up included), timed with
// /usr/bin/time for wall, CPU and peak memory, run in turns. Run `npm run build` first so both
// run the compiled bin.
//   node --import tsx bench/log-fsck.ts [--runs 3] [--entries 1000000]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { KEYGATE_BIN } from '../test/helpers/processes.ts';
import { benchDir, machine, median } from './common.ts';
import { benchLog, MILLION } from './million-log.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, entries: { type: 'string', default: String(MILLION) } } });

interface Timed {
  wall: number;
  cpu: number;
  peakMb: number;
}

function timed(args: string[]): Timed {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIMED %e %U %S %M', process.execPath, KEYGATE_BIN, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`keygate ${args.join(' ')} exited ${r.status}: ${r.stdout}${r.stderr}`);
  const m = /TIMED (\S+) (\S+) (\S+) (\S+)/.exec(r.stderr);
  if (m === null) throw new Error(`no timing in ${r.stderr}`);
  return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), peakMb: Math.round(Number(m[4]) / 1024) };
}

const log = await benchLog(Number(values.entries));
const exported = path.join(benchDir('export'), `log-${values.entries}`);
if (!fs.existsSync(path.join(exported, 'checkpoint'))) {
  fs.rmSync(exported, { recursive: true, force: true });
  timed(['--data-dir', log.dataDir, 'log', 'export', '--out', exported]);
}
const fsck: Timed[] = [];
const verify: Timed[] = [];
for (let i = 0; i < Number(values.runs); i++) {
  fsck.push(timed(['--data-dir', log.dataDir, 'log', 'fsck', '--full']));
  verify.push(timed(['log', 'verify', exported]));
}
const line = (name: string, xs: Timed[]) =>
  `| ${name} | ${xs.map((x) => x.wall.toFixed(2)).join(' / ')} s | ${median(xs.map((x) => x.wall)).toFixed(2)} s | ${median(xs.map((x) => x.cpu)).toFixed(2)} s | ${Math.max(...xs.map((x) => x.peakMb))} MB |`;
console.log(`machine: ${machine()}; SQLite; ${values.runs} runs each, in turns; export in ${exported}`);
console.log('| command | wall, each run | wall median | CPU median | peak RSS |\n| --- | --- | --- | --- | --- |');
console.log(line('keygate log fsck --full', fsck));
console.log(line('keygate log verify (its export)', verify));
const ratio = (f: (t: Timed) => number) => (median(fsck.map(f)) / median(verify.map(f))).toFixed(2);
console.log(`ratio fsck --full / verify: ${ratio((t) => t.wall)}x wall, ${ratio((t) => t.cpu)}x CPU`);
