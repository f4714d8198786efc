// `keygate user …` and `keygate token …`: account management by the local operator. Whoever can
// run these has the data dir, so acts as admin; changes are logged like the API's.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import type { Command } from 'commander';
import { isAccountRole } from '../auth/roles.ts';
import type { Actor } from '../services/actor.ts';
import { withKeygate } from './common.ts';
import { UsageError } from './report-error.ts';
import type { GlobalOptions } from './common.ts';
import { COMMANDS } from './commands.ts';

function localActor(): Actor {
  return { id: `cli:${os.userInfo().username}`, role: 'admin' };
}

/** All of stdin, less one final line break (what `echo` and a terminal add), nothing else. */
async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function fingerprintOption(opts: { fingerprint?: string; cert?: string }): string {
  if ((opts.fingerprint === undefined) === (opts.cert === undefined)) throw new UsageError('give exactly one of --fingerprint and --cert');
  if (opts.fingerprint !== undefined) return opts.fingerprint;
  const file = opts.cert as string;
  if (!fs.existsSync(file)) throw new UsageError(`cannot read ${file}`);
  return crypto.createHash('sha256').update(new crypto.X509Certificate(fs.readFileSync(file)).raw).digest('hex');
}

function registerUserCommands(program: Command): void {
  const user = program.command('user').description(COMMANDS.user.description);
  user
    .command('add')
    .description('create an account (with a password from stdin when --password-stdin is given)')
    .requiredOption('--username <name>', 'login name: lower-case letters, digits, ".", "_", "-"')
    .requiredOption('--role <role>', 'dcc, pma_member, pma_chair, ssc, auditor or admin')
    .option('--person <id>', 'the roster person (required for dcc, pma_member, pma_chair, ssc)')
    .option('--password-stdin', 'read a password from stdin (otherwise the account is token-only)')
    .action(async (opts: { username: string; role: string; person?: string; passwordStdin?: boolean }, cmd: Command) => {
      if (!isAccountRole(opts.role)) throw new UsageError(`unknown role ${JSON.stringify(opts.role)}`);
      const role = opts.role;
      const password = opts.passwordStdin === true ? await readPasswordFromStdin() : undefined;
      await withKeygate(cmd.optsWithGlobals<GlobalOptions>(), async (kg) => {
        const account = await kg.accounts.createAccount(localActor(), { username: opts.username, role, personId: opts.person ?? null, ...(password === undefined ? {} : { password }) });
        process.stdout.write(`created ${account.role} account ${account.username} (${account.id})\n`);
      });
    });

  user
    .command('list')
    .description('list accounts with their tokens and client certificates')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withKeygate(cmd.optsWithGlobals<GlobalOptions>(), async (kg) => {
        const accounts = await kg.accounts.list();
        if (opts.json === true) return void process.stdout.write(`${JSON.stringify(accounts)}\n`);
        for (const a of accounts) {
          const active = a.tokens.filter((t) => t.revokedAt === null).length;
          process.stdout.write(`${a.id}  ${a.username.padEnd(24)} ${a.role.padEnd(10)} ${(a.personId ?? '-').padEnd(20)} tokens:${active}${a.disabledAt === null ? '' : `  (disabled ${a.disabledAt})`}\n`);
        }
      });
    });

  user
    .command('password')
    .requiredOption('--username <name>')
    .description("set an account's password, read from stdin; its sessions end")
    .action(async (opts: { username: string }, cmd: Command) => {
      const password = await readPasswordFromStdin();
      await withKeygate(cmd.optsWithGlobals<GlobalOptions>(), async (kg) => {
        await kg.accounts.setPassword(localActor(), (await kg.accounts.getByUsername(opts.username)).id, password);
        process.stdout.write(`password set for ${opts.username}\n`);
      });
    });

  user
    .command('disable')
    .description('disable an account for good: its tokens, sessions and certificates stop working')
    .requiredOption('--username <name>')
    .action(async (opts: { username: string }, cmd: Command) => {
      await withKeygate(cmd.optsWithGlobals<GlobalOptions>(), async (kg) => {
        await kg.accounts.disable(localActor(), (await kg.accounts.getByUsername(opts.username)).id);
        process.stdout.write(`disabled ${opts.username}\n`);
      });
    });

  user
    .command('add-certificate')
    .description('map a client certificate to the account')
    .requiredOption('--username <name>')
    .option('--fingerprint <hex>', 'SHA-256 of the certificate DER, lower-case hex')
    .option('--cert <file>', 'the certificate (PEM or DER); its fingerprint is computed')
    .action(async (opts: { username: string; fingerprint?: string; cert?: string }, cmd: Command) => {
      const fingerprint = fingerprintOption(opts);
      await withKeygate(cmd.optsWithGlobals<GlobalOptions>(), async (kg) => {
        await kg.accounts.addClientCertificate(localActor(), (await kg.accounts.getByUsername(opts.username)).id, fingerprint);
        process.stdout.write(`certificate ${fingerprint} mapped to ${opts.username}\n`);
      });
    });
}

function registerTokenCommands(program: Command): void {
  const token = program.command('token').description(COMMANDS.token.description);
  token
    .command('create')
    .requiredOption('--username <name>')
    .requiredOption('--name <name>', 'what the token is for')
    .description('create an API token and print it: it is shown this once')
    .action(async (opts: { username: string; name: string }, cmd: Command) => {
      await withKeygate(cmd.optsWithGlobals<GlobalOptions>(), async (kg) => {
        const { token: created, secret } = await kg.accounts.createToken(localActor(), (await kg.accounts.getByUsername(opts.username)).id, opts.name);
        process.stderr.write(`token ${created.id} for ${opts.username}; it is shown this once:\n`);
        process.stdout.write(`${secret}\n`);
      });
    });

  token
    .command('revoke')
    .description('revoke an API token')
    .requiredOption('--username <name>')
    .requiredOption('--id <tokenId>', 'the token id (tok_…), from `keygate user list --json`')
    .action(async (opts: { username: string; id: string }, cmd: Command) => {
      await withKeygate(cmd.optsWithGlobals<GlobalOptions>(), async (kg) => {
        await kg.accounts.revokeToken(localActor(), (await kg.accounts.getByUsername(opts.username)).id, opts.id);
        process.stdout.write(`revoked ${opts.id}\n`);
      });
    });
}

export function registerAccountCommands(program: Command): void {
  registerUserCommands(program);
  registerTokenCommands(program);
}
