// HTTP throughput and latency at 50 connections (autocannon, in its own process), against a
// `keygate serve` process on SQLite seeded with the demo (goals: checkpoint and request-detail
// reads at least 3,000 requests/s with p99 at most 20 ms; casting votes at least 300/s).
//   node --import tsx bench/http.ts [--duration 10]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { toRequestId } from '../approvals/index.ts';
import type { RequestId } from '../approvals/index.ts';
import autocannon from 'autocannon';
import { openKeygate } from '../server/compose.ts';
import { seedDemo } from '../server/demo/seed.ts';
import { benchConfig, benchDir, machine } from './common.ts';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, port: { type: 'string', default: '18480' } } });
const PORT = Number(values.port);
const BASE = `http://127.0.0.1:${PORT}`;
const REQUEST = toRequestId('REQ-DEMO-1');

/** Requests in voting for the spread vote run, and the members who vote on them. */
const SPREAD_REQUESTS = 40;
const VOTERS = ['spec-sam', 'sup-una', 'sup-vic', 'net-nia'];

interface Prepared {
  auditor: string;
  member: string;
  revisionHash: string;
  voters: string[];
  open: Array<{ id: string; hash: string }>;
}

async function prepare(dataDir: string): Promise<Prepared> {
  const kg = await openKeygate(benchConfig({ engine: 'sqlite', filename: path.join(dataDir, 'keygate.sqlite') }, dataDir));
  try {
    await seedDemo(kg);
    const token = async (username: string) => {
      const account = await kg.accounts.getByUsername(username);
      return (await kg.accounts.createToken({ id: 'bench', role: 'admin' }, account!.id, 'bench')).secret;
    };
    const chair = { id: 'chair-clara', role: 'pma_chair' } as const;
    const toVoting = async (requestId: RequestId): Promise<string> => {
      const hash = (await kg.approvals.getRequest(requestId)).revisions.at(-1)!.hash;
      await kg.approvals.execute({ action: 'request.consultation_opened', actor: chair, data: { requestId, revisionHash: hash } });
      await kg.approvals.execute({ action: 'request.advice_recorded', actor: { id: 'ssc-sol', role: 'ssc_chair' }, data: { requestId, revisionHash: hash, position: 'support', text: 'Supported.', conditions: [], documents: [] } });
      await kg.approvals.execute({ action: 'request.voting_opened', actor: chair, data: { requestId, revisionHash: hash } });
      return hash;
    };
    const hash = await toVoting(REQUEST);
    const demo = await kg.approvals.getRequest(REQUEST);
    const open: Array<{ id: string; hash: string }> = [];
    for (let i = 0; i < SPREAD_REQUESTS; i++) {
      const requestId = toRequestId(`REQ-BENCH-${i}`);
      await kg.approvals.execute({ action: 'request.created', actor: { id: 'dcc-dan', role: 'dcc' }, data: { requestId, revision: demo.revisions[0]!.content } });
      await kg.approvals.execute({ action: 'request.submitted', actor: { id: 'dcc-dan', role: 'dcc' }, data: { requestId, revisionHash: demo.revisions[0]!.hash } });
      open.push({ id: requestId, hash: await toVoting(requestId) });
    }
    const voters: string[] = [];
    for (const v of VOTERS) voters.push(await token(v));
    return { auditor: await token('auditor'), member: await token('spec-sam'), revisionHash: hash, voters, open };
  } finally {
    await kg.close();
  }
}

interface CannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
}

function cannon(args: string[]): CannonResult {
  const bin = path.resolve('node_modules/.bin/autocannon');
  const r = spawnSync(bin, ['-c', '50', '-d', values.duration!, '-j', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`autocannon failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as CannonResult;
}

function rssMb(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

function report(name: string, r: CannonResult): void {
  console.log(`${name}: ${Math.round(r.requests.average)} requests/s, latency p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors}`);
}

const dataDir = fs.mkdtempSync(path.join(benchDir('http'), 'd-'));
const tokens = await prepare(dataDir);
const server = spawn(process.execPath, [path.resolve('bin/keygate.js'), '--data-dir', dataDir, 'serve', '--port', String(PORT)], {
  env: { ...process.env, KEYGATE_LOG_LEVEL: process.env.KEYGATE_LOG_LEVEL ?? 'info' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((resolve, reject) => {
  server.stdout.on('data', (d: Buffer) => (d.toString().includes('listening on') ? resolve() : undefined));
  server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
});
try {
  console.log(`machine: ${machine()}; server: keygate serve on SQLite, pid ${server.pid}; autocannon -c 50 -d ${values.duration}`);
  console.log(`server memory at start: ${rssMb(server.pid!).rss} MB`);
  report('GET /api/v1/log/checkpoint', cannon(['-H', `authorization=Bearer ${tokens.auditor}`, `${BASE}/api/v1/log/checkpoint`]));
  report(`GET /api/v1/requests/${REQUEST}`, cannon(['-H', `authorization=Bearer ${tokens.auditor}`, `${BASE}/api/v1/requests/${REQUEST}`]));
  const vote = JSON.stringify({ revisionHash: tokens.revisionHash, subject: 'transfer', choice: 'approve', reasons: 'Benchmark vote.', conditions: [] });
  report(`POST /api/v1/requests/${REQUEST}/votes`, cannon(['-m', 'POST', '-H', `authorization=Bearer ${tokens.member}`, '-H', 'content-type=application/json', '-b', vote, `${BASE}/api/v1/requests/${REQUEST}/votes`]));
  // Votes as a committee casts them: many requests, several members, three subjects each.
  let n = 0;
  const subjects = ['transfer', 'mechanism', 'recipient_security'];
  const spread = await autocannon({
    url: BASE,
    connections: 50,
    duration: Number(values.duration),
    requests: [
      {
        setupRequest: (req) => {
          const r = tokens.open[n % tokens.open.length]!;
          const voter = tokens.voters[Math.floor(n / tokens.open.length) % tokens.voters.length]!;
          const subject = subjects[Math.floor(n / (tokens.open.length * tokens.voters.length)) % subjects.length]!;
          n++;
          return {
            ...req,
            method: 'POST',
            path: `/api/v1/requests/${r.id}/votes`,
            headers: { authorization: `Bearer ${voter}`, 'content-type': 'application/json' },
            body: JSON.stringify({ revisionHash: r.hash, subject, choice: n % 5 === 0 ? 'reject' : 'approve', reasons: 'Benchmark vote.', conditions: [] }),
          };
        },
      },
    ],
  });
  report(`POST votes spread over ${SPREAD_REQUESTS} requests x ${VOTERS.length} members x 3 subjects`, spread);
  const mem = rssMb(server.pid!);
  console.log(`server memory after the runs: ${mem.rss} MB resident, ${mem.peak} MB peak`);
} finally {
  server.kill('SIGTERM');
}
