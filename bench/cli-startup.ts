// Wall time of short CLI commands, process start to exit, as a user at a shell sees it: each
// command runs `--runs` times (after one warm-up run for the file-system cache), interleaved with
// a bare `node -e 0` for the floor. Run after `npm run build` (the bin runs dist/ only when it is
// current; otherwise it says which path ran).
//   node --import tsx bench/cli-startup.ts [--runs 30] [--cert FILE]
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { isDistCurrent } from '../bin/source-state.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const runs = Number(option('--runs', '30'));
const cert = option('--cert', path.resolve('..', 'shared', 'vectors', 'smki-test-certs', 'Z1-supplier-ds.pem'));
const BIN = path.resolve('bin/keygate.js');

const commands: [string, string[]][] = [
  ['node -e 0 (floor)', ['-e', '0']],
  ['keygate --help', [BIN, '--help']],
  ['keygate cert inspect FILE', [BIN, 'cert', 'inspect', cert]],
  ['keygate cert inspect --json FILE', [BIN, 'cert', 'inspect', '--json', cert]],
];

function once(argv: string[]): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, argv, { stdio: 'ignore' });
  // cert inspect exits 1 for a certificate that is not valid (no anchor given): still a full run.
  if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(' ')} exited with ${r.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const samples = new Map<string, number[]>(commands.map(([label]) => [label, []]));
for (const [, argv] of commands) once(argv);
for (let i = 0; i < runs; i++) for (const [label, argv] of commands) samples.get(label)!.push(once(argv));

const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
console.log(`bin runs ${isDistCurrent() ? 'dist/ (compiled)' : 'the sources through tsx (dist/ is stale)'}; ${runs} runs each; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log('| command | min | median | p90 |');
console.log('| --- | --- | --- | --- |');
for (const [label, xs] of samples) console.log(`| \`${label}\` | ${pct(xs, 0).toFixed(0)} ms | ${pct(xs, 0.5).toFixed(0)} ms | ${pct(xs, 0.9).toFixed(0)} ms |`);
