// The CPU cost of deciding one vote and producing its log entry bytes, without the database: what
// the write path does between loading the state and saving it. On trees with decideEntry the
// decision returns the encoded entry (built, checked and canonicalized once); on older trees it is
// decide() followed by the service's eventToLogEntry + encodeEntry, as their ApprovalService did.
// The minimum over batches is reported: it is the figure least disturbed by other load.
//   node --import tsx bench/vote-decide.ts [--batches 30] [--size 300]
import { parseArgs } from 'node:util';
import * as approvals from '../approvals/index.ts';
import { encodeEntry } from '../audit/entry.ts';
import { openKeygate } from '../server/compose.ts';
import { seedDemo } from '../server/demo/seed.ts';
import { loadWorld } from '../server/storage/approval-store.ts';
import { benchConfig, freshDatabase, machine, median } from './common.ts';

const { values } = parseArgs({ options: { batches: { type: 'string', default: '30' }, size: { type: 'string', default: '300' } } });
const BATCHES = Number(values.batches);
const SIZE = Number(values.size);

const kg = await openKeygate(benchConfig(freshDatabase('sqlite')));
let state: approvals.ApprovalState;
let hash: string;
try {
  await seedDemo(kg);
  const requestId = approvals.toRequestId('REQ-DEMO-1');
  hash = (await kg.approvals.getRequest(requestId)).revisions.at(-1)!.hash;
  const chair = { id: 'chair-clara', role: 'pma_chair' } as const;
  await kg.approvals.execute({ action: 'request.consultation_opened', actor: chair, data: { requestId, revisionHash: hash } } as never);
  await kg.approvals.execute({ action: 'request.advice_recorded', actor: { id: 'ssc-sol', role: 'ssc_chair' }, data: { requestId, revisionHash: hash, position: 'support', text: 'Supported.', conditions: [], documents: [] } } as never);
  await kg.approvals.execute({ action: 'request.voting_opened', actor: chair, data: { requestId, revisionHash: hash } } as never);
  state = approvals.buildState(await loadWorld(kg.db.knex, requestId));
} finally {
  await kg.close();
}

const command = {
  action: 'request.vote_cast',
  actor: { id: 'spec-sam', role: 'pma_member' },
  data: { requestId: 'REQ-DEMO-1', revisionHash: hash, subject: 'transfer', choice: 'approve', reasons: 'Benchmark vote.', conditions: [] },
} as never;
const at = new Date();
const api = approvals as unknown as Record<string, unknown>;
type DecideEntry = (s: unknown, c: unknown, at: Date) => { entry: { bytes: Buffer } };
const decideEntry = api.decideEntry as DecideEntry | undefined;
const once: () => Buffer =
  decideEntry === undefined
    ? () => encodeEntry(approvals.eventToLogEntry(approvals.decide(state, command, at)))
    : () => decideEntry(state, command, at).entry.bytes;

const perDecision: number[] = [];
for (let b = 0; b < BATCHES; b++) {
  const t = performance.now();
  for (let i = 0; i < SIZE; i++) once();
  perDecision.push(((performance.now() - t) * 1000) / SIZE);
}
console.log(`machine: ${machine()}; path: ${decideEntry === undefined ? 'decide + eventToLogEntry + encodeEntry' : 'decideEntry'}`);
console.log(`per vote decision with its entry bytes: min ${Math.round(Math.min(...perDecision))} µs, median ${Math.round(median(perDecision))} µs (${BATCHES} batches of ${SIZE})`);
