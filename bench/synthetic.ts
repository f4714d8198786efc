// Synthetic log entries of a realistic size (about 300 bytes canonical) for benchmarks.
import type { NewLogEntry } from '../audit/entry.ts';

export function syntheticEntry(n: number): NewLogEntry {
  return {
    time: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
    actor: { id: `member-${n % 7}`, role: 'pma_member' },
    action: 'vote.cast',
    subject: { type: 'transfer-request', id: `req-${Math.floor(n / 50)}` },
    data: {
      revision: `sha256:${(n * 2654435761 % 2 ** 32).toString(16).padStart(8, '0')}${'0'.repeat(56)}`,
      subjectOfVote: 'mechanism',
      vote: n % 3 === 0 ? 'abstain' : 'approve',
      reason: 'The mechanism follows the agreed key ceremony with split knowledge.',
    },
  };
}
