// `keygate anchor …`: manage the SMKI trust anchors certificates are validated against.
import fs from 'node:fs';
import os from 'node:os';
import type { Command } from 'commander';
import type { Actor } from '../services/actor.ts';
import { withKeygate } from './common.ts';
import { UsageError } from './report-error.ts';
import type { GlobalOptions } from './common.ts';
import { COMMANDS } from './commands.ts';

/** The local operator: CLI commands run with access to the data dir act as admin. */
function localActor(): Actor {
  return { id: `cli:${os.userInfo().username}`, role: 'admin' };
}

export function registerAnchorCommands(program: Command): void {
  const anchor = program.command('anchor').description(COMMANDS.anchor.description);

  anchor
    .command('add')
    .description('register a CA certificate as a trust anchor (checked against the SMKI profile; logged)')
    .argument('<file>', 'CA certificate (PEM or DER)')
    .action(async (file: string, _o, cmd: Command) => {
      if (!fs.existsSync(file)) throw new UsageError(`cannot read ${file}`);
      const input = fs.readFileSync(file);
      await withKeygate(cmd.optsWithGlobals<GlobalOptions>(), async (kg) => {
        const record = await kg.trustAnchors.add(localActor(), input);
        process.stdout.write(`added ${record.kind} ${record.subject} (${record.fingerprint})\n`);
      });
    });

  anchor
    .command('list')
    .description('list the trust anchors in use')
    .option('--all', 'include removed anchors')
    .option('--json', 'print JSON')
    .action(async (opts: { all?: boolean; json?: boolean }, cmd: Command) => {
      await withKeygate(cmd.optsWithGlobals<GlobalOptions>(), async (kg) => {
        const anchors = await kg.trustAnchors.list({ includeRemoved: opts.all === true });
        if (opts.json === true) {
          process.stdout.write(`${JSON.stringify(anchors.map(({ der: _der, ...rest }) => rest))}\n`);
          return;
        }
        for (const a of anchors) process.stdout.write(`${a.fingerprint}  ${a.kind.padEnd(16)} ${a.subject}${a.removed === null ? '' : `  (removed ${a.removed.at}: ${a.removed.reason})`}\n`);
      });
    });

  anchor
    .command('remove')
    .description('stop trusting an anchor (logged with the reason)')
    .argument('<fingerprint>', 'SHA-256 fingerprint (hex) of the anchor')
    .requiredOption('--reason <text>', 'why the anchor is removed (recorded in the log)')
    .action(async (fingerprint: string, opts: { reason: string }, cmd: Command) => {
      if (!/^[0-9a-f]{64}$/.test(fingerprint)) throw new UsageError('the fingerprint is 64 lower-case hex digits');
      if (opts.reason.trim() === '') throw new UsageError('--reason must not be empty');
      await withKeygate(cmd.optsWithGlobals<GlobalOptions>(), async (kg) => {
        await kg.trustAnchors.remove(localActor(), fingerprint, opts.reason.trim());
        process.stdout.write(`removed ${fingerprint}\n`);
      });
    });
}
