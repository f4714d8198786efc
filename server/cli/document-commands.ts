// `keygate document …`: stored evidence documents, on the data dir.
import os from 'node:os';
import type { Command } from 'commander';
import type { Actor } from '../services/actor.ts';
import { withKeygate } from './common.ts';
import type { GlobalOptions } from './common.ts';
import { COMMANDS } from './commands.ts';
import { UsageError } from './report-error.ts';

/** The local operator: CLI commands run with access to the data dir act as admin. */
function localActor(): Actor {
  return { id: `cli:${os.userInfo().username}`, role: 'admin' };
}

export function registerDocumentCommands(program: Command): void {
  const document = program.command('document').description(COMMANDS.document.description);

  document
    .command('purge')
    .description("remove a stored document's content for good (logged with the reason; downloads then answer 410 Gone)")
    .argument('<sha256>', 'the SHA-256 (hex) the document is cited by')
    .requiredOption('--reason <text>', 'why the content is purged (recorded in the log)')
    .action(async (sha256: string, opts: { reason: string }, cmd: Command) => {
      if (!/^[0-9a-f]{64}$/.test(sha256)) throw new UsageError('the SHA-256 is 64 lower-case hex digits');
      if (opts.reason.trim() === '') throw new UsageError('--reason must not be empty');
      await withKeygate(cmd.optsWithGlobals<GlobalOptions>(), async (kg) => {
        const purge = await kg.approvals.purgeDocument(localActor(), sha256, opts.reason.trim());
        process.stdout.write(`purged ${sha256} at ${purge.at}; the purge is in the log\n`);
      });
    });
}
