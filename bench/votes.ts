// Votes per second through the write path in process (no HTTP): ApprovalService.execute of
// request.vote_cast, one after another, on the demo world with requests in voting. Reports wall
// votes/s and the process's CPU time per vote; the CPU figure is the steadier one on a shared
// machine. Run it on the trees to compare, in turns.
//   node --import tsx bench/votes.ts [--votes 3000] [--engine sqlite|postgres]
// With `--import ./bench/count-canonicalize.mjs` it also counts canonicalizations per vote.
import { parseArgs } from 'node:util';
import { toRequestId } from '../approvals/index.ts';
import type { RequestId } from '../approvals/index.ts';
import { openKeygate } from '../server/compose.ts';
import { seedDemo } from '../server/demo/seed.ts';
import { benchConfig, freshDatabase, machine } from './common.ts';

const { values } = parseArgs({ options: { votes: { type: 'string', default: '3000' }, engine: { type: 'string', default: 'sqlite' } } });
const VOTES = Number(values.votes);
const engine = values.engine === 'postgres' ? 'postgres' : 'sqlite';
const REQUESTS = 40;
const VOTERS = ['spec-sam', 'sup-una', 'sup-vic', 'net-nia'];
const SUBJECTS = ['transfer', 'mechanism', 'recipient_security'] as const;

const kg = await openKeygate(benchConfig(freshDatabase(engine)));
try {
  await seedDemo(kg);
  const chair = { id: 'chair-clara', role: 'pma_chair' } as const;
  const demo = await kg.approvals.getRequest('REQ-DEMO-1');
  const open: Array<{ id: RequestId; hash: string }> = [];
  for (let i = 0; i < REQUESTS; i++) {
    const requestId = toRequestId(`REQ-BENCH-${i}`);
    await kg.approvals.execute({ action: 'request.created', actor: { id: 'dcc-dan', role: 'dcc' }, data: { requestId, revision: demo.revisions[0]!.content } });
    const hash = demo.revisions[0]!.hash;
    await kg.approvals.execute({ action: 'request.submitted', actor: { id: 'dcc-dan', role: 'dcc' }, data: { requestId, revisionHash: hash } });
    await kg.approvals.execute({ action: 'request.consultation_opened', actor: chair, data: { requestId, revisionHash: hash } });
    await kg.approvals.execute({ action: 'request.advice_recorded', actor: { id: 'ssc-sol', role: 'ssc_chair' }, data: { requestId, revisionHash: hash, position: 'support', text: 'Supported.', conditions: [], documents: [] } });
    await kg.approvals.execute({ action: 'request.voting_opened', actor: chair, data: { requestId, revisionHash: hash } });
    open.push({ id: requestId, hash });
  }
  const cast = (n: number) => {
    const r = open[n % REQUESTS]!;
    const voter = VOTERS[Math.floor(n / REQUESTS) % VOTERS.length]!;
    const subject = SUBJECTS[Math.floor(n / (REQUESTS * VOTERS.length)) % SUBJECTS.length]!;
    const choice = n % 5 === 0 ? 'reject' : 'approve';
    // The command's data as the API route builds it; the cast keeps this file valid on older trees.
    const data = { requestId: r.id, revisionHash: r.hash, subject, choice, reasons: 'Benchmark vote.', conditions: [] } as never;
    return kg.approvals.execute({ action: 'request.vote_cast', actor: { id: voter, role: 'pma_member' }, data });
  };
  for (let n = 0; n < 200; n++) await cast(n);
  const counter = globalThis as { __kgCanonicalizations?: number };
  const canonicalizedBefore = counter.__kgCanonicalizations ?? 0;
  let queries = 0;
  kg.db.knex.on('query', () => void queries++);
  const cpu = process.cpuUsage();
  const t = performance.now();
  for (let n = 200; n < 200 + VOTES; n++) await cast(n);
  const wall = performance.now() - t;
  const used = process.cpuUsage(cpu);
  const canonicalized = (counter.__kgCanonicalizations ?? 0) - canonicalizedBefore;
  console.log(`machine: ${machine()}; ${engine}; ${VOTES} votes, one at a time`);
  if (counter.__kgCanonicalizations !== undefined) console.log(`RFC 8785 canonicalizations per vote: ${canonicalized / VOTES}`);
  console.log(`SQL statements per vote (BEGIN and COMMIT included): ${queries / VOTES}`);
  console.log(`${Math.round((VOTES / wall) * 1000)} votes/s wall, ${Math.round((used.user + used.system) / VOTES)} µs CPU per vote (user ${Math.round(used.user / VOTES)}, system ${Math.round(used.system / VOTES)})`);
} finally {
  await kg.close();
}
