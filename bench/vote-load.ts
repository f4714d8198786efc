// The vote load shared by the vote benchmarks: the demo world with 40 requests in voting, and
// `cast(n)` executing the n-th vote (4 members × 3 subjects per request, one request after the
// other) through ApprovalService.execute, the way the API route does.
import { toRequestId } from '../approvals/index.ts';
import type { RequestId } from '../approvals/index.ts';
import type { Keygate } from '../server/compose.ts';
import { seedDemo } from '../server/demo/seed.ts';

const REQUESTS = 40;
const VOTERS = ['spec-sam', 'sup-una', 'sup-vic', 'net-nia'];
const SUBJECTS = ['transfer', 'mechanism', 'recipient_security'] as const;

/** Distinct votes `cast` can make before votes start replacing earlier ones. */
export const DISTINCT_VOTES = REQUESTS * VOTERS.length * SUBJECTS.length;

export async function prepareVoting(kg: Keygate): Promise<(n: number) => Promise<unknown>> {
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
  return (n: number) => {
    const r = open[n % REQUESTS]!;
    const voter = VOTERS[Math.floor(n / REQUESTS) % VOTERS.length]!;
    const subject = SUBJECTS[Math.floor(n / (REQUESTS * VOTERS.length)) % SUBJECTS.length]!;
    const choice = n % 5 === 0 ? 'reject' : 'approve';
    // The command's data as the API route builds it; the cast keeps this file valid on older trees.
    const data = { requestId: r.id, revisionHash: r.hash, subject, choice, reasons: 'Benchmark vote.', conditions: [] } as never;
    return kg.approvals.execute({ action: 'request.vote_cast', actor: { id: voter, role: 'pma_member' }, data });
  };
}
