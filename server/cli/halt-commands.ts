// `keygate log check` and `keygate log resume`: the operator's side of the log's fatal stop. An
// integrity error halts the log (every append refused, /readyz not ready); the operator checks
// it, repairs it if need be (see the README on backups), and resumes it with a recorded reason.
import os from 'node:os';
import type { Command } from 'commander';
import { checkLogHead } from '../../audit/log-check.ts';
import type { LogHalt } from '../../audit/log-halt.ts';
import type { Keygate } from '../compose.ts';
import { withKeygate } from './common.ts';
import { UsageError } from './report-error.ts';
import type { GlobalOptions } from './common.ts';

function describeHalt(halt: LogHalt): string {
  return `halted since ${halt.at} by ${halt.code}: ${halt.message}`;
}

/** Runs the log's self-check; an integrity error found halts the log (and is thrown). */
async function selfCheck(kg: Keygate): Promise<string> {
  try {
    const head = await checkLogHead(kg.logStore, kg.log.verifier, kg.log.origin);
    return `tree size ${head.treeSize}, root ${head.rootHash}`;
  } catch (err) {
    await kg.writes.reportIntegrityError(err);
    throw err;
  }
}

export function registerHaltCommands(log: Command): void {
  log
    .command('check')
    .description("the log's self-check (checkpoint signature, entry count, stored tree); exit 1 when it fails or the log is halted")
    .action(async (_o, cmd: Command) => {
      await withKeygate(cmd.optsWithGlobals<GlobalOptions>(), async (kg) => {
        process.stdout.write(`self-check ok: ${await selfCheck(kg)}\n`);
        const halt = await kg.log.currentHalt();
        if (halt === null) return;
        process.stdout.write(`the log is ${describeHalt(halt)}\n`);
        process.exitCode = 1;
      });
    });

  log
    .command('resume')
    .description('end a halt after an integrity error, once the log passes its self-check again')
    .requiredOption('--reason <text>', 'what was checked or repaired (recorded with the resumption)')
    .action(async (opts: { reason: string }, cmd: Command) => {
      const reason = opts.reason.trim();
      if (reason === '') throw new UsageError('--reason must say what was checked or repaired');
      await withKeygate(cmd.optsWithGlobals<GlobalOptions>(), async (kg) => {
        const checked = await selfCheck(kg);
        const by = `cli:${os.userInfo().username}`;
        const ended = await kg.db.transaction((tx) => kg.log.resume(tx, { at: kg.clock().toISOString(), by, reason }));
        if (ended === null) {
          process.stdout.write(`the log is not halted (self-check ok: ${checked})\n`);
          return;
        }
        process.stdout.write(`resumed: the log was ${describeHalt(ended)}; self-check ok: ${checked}\n`);
      });
    });
}
