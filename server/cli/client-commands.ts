// CLI commands over the API for the DCC and members: `keygate request …` and `keygate vote …`.
// They use KEYGATE_URL and KEYGATE_TOKEN.
import fs from 'node:fs';
import type { Command } from 'commander';
import { REQUEST_STATES } from '../../approvals/index.ts';
import type { Policy, TransferRequest } from '../../approvals/index.ts';
import { loadClientConfig, signerConfigDir } from '../config.ts';
import { ApiClient } from './api-client.ts';
import { UsageError } from './report-error.ts';
import { REQUEST_TEMPLATE, stripLineComments } from './request-template.ts';
import { describeRequest, formatRequestList } from './request-view.ts';
import type { RequestSummary } from './request-view.ts';
import { COMMANDS } from './commands.ts';
import { readAttachments, uploadAttachments, withAttachments } from './attachments.ts';
import { CommandSigner, readSignerKey } from './signer.ts';

const SUBJECTS = ['transfer', 'mechanism', 'recipient_security'];
const CHOICES = ['approve', 'reject', 'abstain'];

function client(): ApiClient {
  return new ApiClient(loadClientConfig());
}

/** Signs with the person's key when one exists in the signer config dir (`keygate signer init`). */
function signerFor(api: ApiClient, configDir: string | undefined): CommandSigner {
  return new CommandSigner(api, readSignerKey(signerConfigDir(configDir)));
}

const CONFIG_DIR = ['--config-dir <dir>', 'signer key dir (default $XDG_CONFIG_HOME/keygate or ~/.config/keygate); commands are signed when it holds a key'] as const;

/** A request file: JSON, with `//` comments allowed (as `keygate request template` writes them). */
function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }
  try {
    return JSON.parse(stripLineComments(text));
  } catch (err) {
    throw new UsageError(`${file} is not JSON: ${(err as Error).message}`);
  }
}

/** The comma-separated states, checked here so a typo is named with the states that exist. */
function parseStates(value: string): string {
  const unknown = value.split(',').filter((s) => !(REQUEST_STATES as readonly string[]).includes(s));
  if (unknown.length > 0) throw new UsageError(`--status: unknown state ${unknown.map((s) => JSON.stringify(s)).join(', ')}; the states are ${REQUEST_STATES.join(', ')}`);
  return value;
}

/** The policy in force (the last version), for the quorum rule; null when it cannot be read. */
async function policyInForce(api: ApiClient): Promise<Policy['terms'] | null> {
  try {
    return (await api.get<Policy[]>('/policy')).at(-1)?.terms ?? null;
  } catch {
    return null;
  }
}

async function showRequest(api: ApiClient, id: string): Promise<string> {
  const [request, policy] = await Promise.all([api.get<TransferRequest>(`/requests/${encodeURIComponent(id)}`), policyInForce(api)]);
  return describeRequest(request, policy);
}

export function registerClientCommands(program: Command): void {
  const request = program.command('request').description(COMMANDS.request.description);

  request
    .command('submit')
    .description('create a request from FILE.json ({"requestId", "revision"}; see `request template`) and submit it')
    .argument('<file>', 'request JSON (// comments allowed)')
    .option('--attach <file>', 'an evidence document to upload and cite in the revision\'s attachments (repeatable; at most 25 MiB each; a file holding a private key is refused before anything is sent)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option(...CONFIG_DIR)
    .action(async (file: string, opts: { attach: string[]; configDir?: string }) => {
      const body = readJsonFile(file) as { requestId?: unknown; revision?: unknown };
      if (typeof body !== 'object' || body === null || typeof body.requestId !== 'string') throw new UsageError(`${file} needs a "requestId" and a "revision"`);
      // Every file is read and scanned before the first is sent: a refusal sends and stores nothing.
      const documents = await readAttachments(opts.attach);
      const api = client();
      if (documents.length > 0) body.revision = withAttachments(body.revision, await uploadAttachments(api, documents));
      const signer = signerFor(api, opts.configDir);
      const created = await api.post<{ data: { revisionHash: string } }>('/requests', await signer.sign('request.created', body as Record<string, unknown>));
      const submission = { requestId: body.requestId, revisionHash: created.data.revisionHash };
      await api.post(`/requests/${encodeURIComponent(body.requestId)}/submission`, await signer.sign('request.submitted', { revisionHash: created.data.revisionHash }, submission));
      process.stdout.write(await showRequest(api, body.requestId));
    });

  request
    .command('show')
    .description('show a request: revision, SSC advice, votes and quorum, decision, conditions, execution')
    .argument('<id>', 'request id')
    .option('--json', 'print the request as the API returns it (JSON)')
    .action(async (id: string, opts: { json?: boolean }) => {
      const api = client();
      if (opts.json === true) process.stdout.write(`${JSON.stringify(await api.get<TransferRequest>(`/requests/${encodeURIComponent(id)}`))}\n`);
      else process.stdout.write(await showRequest(api, id));
    });

  request
    .command('list')
    .description('list requests, one line each (id, state, revision, providers, programme, window)')
    .option('--status <states>', `only these states, comma-separated: ${REQUEST_STATES.join(', ')}`, parseStates)
    .option('--json', 'print the list as the API returns it (JSON)')
    .action(async (opts: { status?: string; json?: boolean }) => {
      const query = opts.status === undefined ? '' : `?status=${encodeURIComponent(opts.status)}`;
      const rows = await client().get<RequestSummary[]>(`/requests${query}`);
      process.stdout.write(opts.json === true ? `${JSON.stringify(rows)}\n` : formatRequestList(rows));
    });

  request
    .command('template')
    .description('print a commented example request file for `request submit`')
    .action(() => {
      process.stdout.write(REQUEST_TEMPLATE);
    });

  program
    .command('vote')
    .description(COMMANDS.vote.description)
    .argument('<request-id>', 'request id')
    .requiredOption('--subject <subject>', SUBJECTS.join(' | '))
    .requiredOption('--choice <choice>', CHOICES.join(' | '))
    .requiredOption('--reasons <text>', 'your reasons')
    .option('--condition <text>', 'a proposed condition (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--revision <hash>', 'the revision voted on (default: the current one)')
    .option(...CONFIG_DIR)
    .action(async (id: string, opts: { subject: string; choice: string; reasons: string; condition: string[]; revision?: string; configDir?: string }) => {
      if (!SUBJECTS.includes(opts.subject)) throw new UsageError(`--subject must be one of ${SUBJECTS.join(', ')}`);
      if (!CHOICES.includes(opts.choice)) throw new UsageError(`--choice must be one of ${CHOICES.join(', ')}`);
      const api = client();
      const path = `/requests/${encodeURIComponent(id)}`;
      const revisionHash = opts.revision ?? (await api.get<TransferRequest>(path)).revisions.at(-1)?.hash;
      const vote = { revisionHash, subject: opts.subject, choice: opts.choice, reasons: opts.reasons, conditions: opts.condition };
      await api.post(`${path}/votes`, await signerFor(api, opts.configDir).sign('request.vote_cast', vote, { requestId: id, ...vote }));
      process.stdout.write(`vote recorded: ${opts.subject} ${opts.choice} on ${id}\n`);
    });
}
