// `keygate signer init | show | enrol`: the person's own Ed25519 signing key for the CLI and API
// clients. init creates it in the config dir (mode 0600) and prints the public key and its
// fingerprint; enrol sends the public key with a proof of possession over the API.
import type { Command } from 'commander';
import fs from 'node:fs';
import { signStatementEd25519, statementForCommand } from '../../approvals/index.ts';
import { loadClientConfig, signerConfigDir } from '../config.ts';
import { ApiClient } from './api-client.ts';
import { COMMANDS } from './commands.ts';
import { UsageError } from './report-error.ts';
import { signerKeyPath } from '../signer-key.ts';
import { CommandSigner, createSignerKey, credentialOfKey, describeCredential, readSignerKey } from './signer.ts';

interface DirOption {
  readonly configDir?: string;
}

function requireKey(dir: string) {
  const key = readSignerKey(dir);
  if (key === null) throw new UsageError(`no signer key in ${dir}: run \`keygate signer init\` first`);
  return key;
}

export function registerSignerCommands(program: Command): void {
  const signer = program.command('signer').description(COMMANDS.signer.description);
  const dirOption = ['--config-dir <dir>', 'where the key is kept (default $XDG_CONFIG_HOME/keygate or ~/.config/keygate)'] as const;

  signer
    .command('init')
    .description('create your Ed25519 signing key (mode 0600) and print its public key and fingerprint')
    .option(...dirOption)
    .action((opts: DirOption) => {
      const dir = signerConfigDir(opts.configDir);
      const credential = createSignerKey(dir);
      process.stdout.write(`signer key created: ${signerKeyPath(dir)}\n${describeCredential(credential)}next: keygate signer enrol\n`);
    });

  signer
    .command('show')
    .description('print the public key, credential id and fingerprint of your signing key')
    .option(...dirOption)
    .action((opts: DirOption) => {
      process.stdout.write(describeCredential(credentialOfKey(requireKey(signerConfigDir(opts.configDir)))));
    });

  signer
    .command('enrol')
    .description('enrol your signing key over the API (KEYGATE_URL, KEYGATE_TOKEN), signed by the key itself')
    .option(...dirOption)
    .option('--approve-with <dir>', 'config dir of a key you already enrolled: it approves this one (needed for every key after the first)')
    .action(async (opts: DirOption & { approveWith?: string }) => {
      const key = requireKey(signerConfigDir(opts.configDir));
      const api = new ApiClient(loadClientConfig());
      const { origin, person } = await new CommandSigner(api, key).identity();
      const credential = credentialOfKey(key);
      const data = { personId: person, credential };
      const statement = statementForCommand({ action: 'credential.enrolled', actor: { id: person }, data }, { origin, time: new Date() });
      const approval = opts.approveWith === undefined ? null : signStatementEd25519(requireKey(opts.approveWith), statement);
      await api.post(`/roster/people/${encodeURIComponent(person)}/credentials`, { credential, signature: signStatementEd25519(key, statement), approval });
      process.stdout.write(`enrolled for ${person}\n${describeCredential(credential)}`);
    });

  signer
    .command('approve')
    .description('approve a passkey you are enrolling on the pages: sign its enrolment statement (from stdin or --statement) with your key and print the approval')
    .option(...dirOption)
    .option('--statement <file>', 'the enrolment statement the page shows (default: read stdin)')
    .action(async (opts: DirOption & { statement?: string }) => {
      const key = requireKey(signerConfigDir(opts.configDir));
      const statement = (opts.statement === undefined ? await readAll(process.stdin) : fs.readFileSync(opts.statement, 'utf8')).replace(/\r?\n$/, '');
      const stated = enrolmentOf(statement);
      process.stderr.write(`approving for ${stated.person} the enrolment of credential ${stated.subject} (statement of ${stated.time}, log ${stated.origin})\n`);
      process.stdout.write(`${JSON.stringify(signStatementEd25519(key, statement))}\n`);
    });
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The statement, if it is an enrolment statement: the personal key approves enrolments only, so
 * this command never signs a vote or a decision that a page put in front of it.
 */
function enrolmentOf(text: string): { person: string; subject: string; time: string; origin: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError('the statement is not JSON: paste it exactly as the page shows it');
  }
  const s = parsed as Record<string, unknown>;
  if (s.action !== 'credential.enrolled') throw new UsageError('this is not an enrolment statement: `signer approve` approves enrolments only');
  return { person: String(s.person), subject: String(s.subject), time: String(s.time), origin: String(s.origin) };
}
