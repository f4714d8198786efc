// Benchmark: /healthz latency while a 25 MiB upload is received, scanned for private keys (in the
// document scanner's worker thread) and stored. Goal (issue 12): p99 at most 100 ms.
//
//   node --import tsx bench/upload-healthz.ts [uploads]
//
// A server on a temporary SQLite database; one client polls GET /healthz back to back (a new
// request as soon as the last answered) while another uploads a 25 MiB document, `uploads` times
// (default 3): benign text (Markdown cycled, the detector's slowest benign input) and random bytes.
// Latencies of the polls that overlap an upload are reported. The scanner's worker is started by
// a small upload first, as after any server start. The same polling without an upload is
// reported first, as the machine's baseline.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../server/app.ts';
import { openKeygate } from '../server/compose.ts';
import { createServer } from 'node:http';
import { createPrincipal } from '../test/helpers/auth.ts';
import { machine } from './common.ts';

const UPLOADS = Number(process.argv[2] ?? 3);
const SIZE = 25 * 1024 * 1024;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keygate-bench-'));
const kg = await openKeygate({ dataDir: dir, database: { engine: 'sqlite', filename: path.join(dir, 'db.sqlite') }, origin: undefined, logKeyPath: undefined, port: 0, host: '127.0.0.1' });
const server = createServer(createApp(kg, { error: () => undefined }));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const address = server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
const dan = await createPrincipal(kg, { role: 'dcc' });

function text(size: number): Buffer {
  const md = fs.readFileSync('README.md', 'utf8');
  const out = Buffer.alloc(size);
  for (let n = 0; n < size; ) n += out.write(md, n);
  return out;
}

async function upload(content: Buffer, name: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${base}/api/v1/documents?name=${name}`, { method: 'POST', headers: { ...dan.headers, 'content-type': 'application/octet-stream' }, body: content });
  if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
  return performance.now() - started;
}

/** Polls that failed (a kept-alive connection closed under the poller): counted and reported, then retried. */
let failedPolls = 0;

async function pollWhile(done: () => boolean): Promise<number[]> {
  const latencies: number[] = [];
  while (!done()) {
    const t = performance.now();
    try {
      const res = await fetch(`${base}/healthz`);
      await res.arrayBuffer();
    } catch {
      failedPolls += 1;
      continue;
    }
    latencies.push(performance.now() - t);
  }
  return latencies;
}

const pct = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

console.log(`upload-healthz: ${UPLOADS} x 2 uploads of ${SIZE / 2 ** 20} MiB; ${machine()}`);
await upload(Buffer.from('warm-up'), 'warm.txt');
// The same polling for 10 s without an upload: what the machine gives /healthz anyway.
const idleUntil = performance.now() + 10_000;
const idle = (await pollWhile(() => performance.now() > idleUntil)).sort((a, b) => a - b);
console.log(`  no upload         /healthz polls ${String(idle.length).padStart(5)}: p50 ${pct(idle, 50).toFixed(1)} ms, p99 ${pct(idle, 99).toFixed(1)} ms, max ${idle.at(-1)!.toFixed(1)} ms`);
const all: number[] = [];
for (let i = 0; i < UPLOADS; i++) {
  for (const [kind, content] of [['text', text(SIZE - 16)], ['random', crypto.randomBytes(SIZE - 16)]] as const) {
    content.write(String(i).padStart(8, '0')); // a new document each time (no dedup by hash)
    let finished = false;
    const polling = pollWhile(() => finished);
    const ms = await upload(content, `${kind}-${i}.bin`).finally(() => {
      finished = true;
    });
    const latencies = (await polling).sort((a, b) => a - b);
    all.push(...latencies);
    console.log(`  ${kind.padEnd(6)} upload ${ms.toFixed(0).padStart(6)} ms; /healthz polls ${String(latencies.length).padStart(5)}: p50 ${pct(latencies, 50).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`);
  }
}
all.sort((a, b) => a - b);
console.log(`failed polls (connection closed, retried): ${failedPolls}`);
console.log(`all polls ${all.length}: p50 ${pct(all, 50).toFixed(1)} ms, p99 ${pct(all, 99).toFixed(1)} ms, max ${all.at(-1)!.toFixed(1)} ms; goal p99 <= 100 ms: ${pct(all, 99) <= 100 ? 'met' : 'NOT met'}`);
server.close();
await kg.close();
fs.rmSync(dir, { recursive: true, force: true });
