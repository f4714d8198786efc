// CLI commands over the API for the DCC and members: `keygate request …` and `keygate vote …`.
// They use KEYGATE_URL and KEYGATE_TOKEN.
import fs from 'node:fs';
import type { Command } from 'commander';
import { loadClientConfig } from '../config.ts';
import { ApiClient } from './api-client.ts';
import { UsageError } from './report-error.ts';

interface RequestView {
  id: string;
  state: string;
  revisions: Array<{ number: number; hash: string; content: { keyId: string; sourceProviderId: string; targetProviderId: string; programme: string; executionWindow: { from: string; until: string } } }>;
  votes: Array<{ voterId: string; revisionHash: string; subject: string; choice: string }>;
  decision: { outcome: string } | null;
}

const SUBJECTS = ['transfer', 'mechanism', 'recipient_security'];
const CHOICES = ['approve', 'reject', 'abstain'];

function client(): ApiClient {
  return new ApiClient(loadClientConfig());
}

function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${file} is not JSON`);
  }
}

function describe(r: RequestView): string {
  const rev = r.revisions.at(-1);
  const lines = [`${r.id}: ${r.state}${r.decision === null ? '' : ` (decision: ${r.decision.outcome})`}`];
  if (rev !== undefined) {
    lines.push(
      `  revision ${rev.number} ${rev.hash}`,
      `  key ${rev.content.keyId}: ${rev.content.sourceProviderId} -> ${rev.content.targetProviderId} (${rev.content.programme})`,
      `  window ${rev.content.executionWindow.from} .. ${rev.content.executionWindow.until}`,
    );
    const current = r.votes.filter((v) => v.revisionHash === rev.hash);
    for (const s of SUBJECTS) {
      const latest = new Map(current.filter((v) => v.subject === s).map((v) => [v.voterId, v.choice]));
      const counts = CHOICES.map((c) => `${c} ${[...latest.values()].filter((x) => x === c).length}`).join(', ');
      lines.push(`  votes on ${s}: ${counts}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function registerClientCommands(program: Command): void {
  const request = program.command('request').description('transfer requests, over the API (KEYGATE_URL, KEYGATE_TOKEN)');

  request
    .command('submit')
    .description('create a request from FILE.json ({"requestId", "revision"}) and submit it')
    .argument('<file>', 'request JSON')
    .action(async (file: string) => {
      const body = readJsonFile(file) as { requestId?: unknown };
      if (typeof body !== 'object' || body === null || typeof body.requestId !== 'string') throw new UsageError(`${file} needs a "requestId" and a "revision"`);
      const api = client();
      const created = await api.post<{ data: { revisionHash: string } }>('/requests', body);
      await api.post(`/requests/${encodeURIComponent(body.requestId)}/submission`, { revisionHash: created.data.revisionHash });
      process.stdout.write(describe(await api.get<RequestView>(`/requests/${encodeURIComponent(body.requestId)}`)));
    });

  request
    .command('show')
    .argument('<id>', 'request id')
    .option('--json', 'print the request as JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const r = await client().get<RequestView>(`/requests/${encodeURIComponent(id)}`);
      process.stdout.write(opts.json === true ? `${JSON.stringify(r)}\n` : describe(r));
    });

  request
    .command('list')
    .option('--status <states>', 'comma-separated states')
    .action(async (opts: { status?: string }) => {
      const query = opts.status === undefined ? '' : `?status=${encodeURIComponent(opts.status)}`;
      const rows = await client().get<Array<{ id: string; state: string; sourceProviderId: string; targetProviderId: string }>>(`/requests${query}`);
      for (const r of rows) process.stdout.write(`${r.id}  ${r.state.padEnd(22)} ${r.sourceProviderId} -> ${r.targetProviderId}\n`);
    });

  program
    .command('vote')
    .description('cast (or change) your vote on one subject of a request\'s current revision')
    .argument('<request-id>', 'request id')
    .requiredOption('--subject <subject>', SUBJECTS.join(' | '))
    .requiredOption('--choice <choice>', CHOICES.join(' | '))
    .requiredOption('--reasons <text>', 'your reasons')
    .option('--condition <text>', 'a proposed condition (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--revision <hash>', 'the revision voted on (default: the current one)')
    .action(async (id: string, opts: { subject: string; choice: string; reasons: string; condition: string[]; revision?: string }) => {
      if (!SUBJECTS.includes(opts.subject)) throw new UsageError(`--subject must be one of ${SUBJECTS.join(', ')}`);
      if (!CHOICES.includes(opts.choice)) throw new UsageError(`--choice must be one of ${CHOICES.join(', ')}`);
      const api = client();
      const path = `/requests/${encodeURIComponent(id)}`;
      const revisionHash = opts.revision ?? (await api.get<RequestView>(path)).revisions.at(-1)?.hash;
      await api.post(`${path}/votes`, { revisionHash, subject: opts.subject, choice: opts.choice, reasons: opts.reasons, conditions: opts.condition });
      process.stdout.write(`vote recorded: ${opts.subject} ${opts.choice} on ${id}\n`);
    });
}
