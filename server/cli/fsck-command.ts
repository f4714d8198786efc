// `keygate log fsck [--full] [--json]`: the server's storage checked against its own log (see
// server/integrity/fsck.ts). Exit 0 when everything holds, 1 when a check fails (the log is then
// halted, as for any integrity error), 2 on usage errors.
import type { Command } from 'commander';
import { fsckError, runFsck } from '../integrity/fsck.ts';
import type { FsckReport } from '../integrity/fsck.ts';
import { configuredWitnesses } from '../witnessing/witnesses.ts';
import { withKeygate } from './common.ts';
import type { GlobalOptions } from './common.ts';

function printFsck(report: FsckReport): void {
  for (const c of report.checks) {
    process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.check}: ${c.detail}\n`);
    for (const p of c.ok ? [] : c.problems.slice(1)) process.stdout.write(`        ${p}\n`);
  }
  process.stdout.write(report.ok ? `fsck${report.full ? ' --full' : ''}: the storage matches the log (tree size ${report.treeSize})\n` : 'fsck FAILED: the storage does not match the log; appends are halted until an operator resumes the log\n');
}

export function registerFsckCommand(log: Command): void {
  log
    .command('fsck')
    .description('check the stored log, its tree, checkpoints, triggers, witness records and the workflow state tables; exit 0 when all hold, 1 otherwise')
    .option('--full', 'recompute the whole tree from entry 0 and verify every stored cosignature (default: the last 1,000 entries)')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { full?: boolean; json?: boolean }, cmd: Command) => {
      await withKeygate(cmd.optsWithGlobals<GlobalOptions>(), async (kg) => {
        const progress = opts.json !== true && process.stderr.isTTY === true;
        const report = await runFsck(
          { db: kg.db, log: kg.log, logStore: kg.logStore, cosignatures: kg.cosignatures, witnesses: configuredWitnesses(kg.config.witnesses ?? []) },
          { full: opts.full === true, ...(progress ? { onProgress: (check, n) => process.stderr.write(`\r${check}: ${n} entries`) } : {}) },
        );
        if (progress) process.stderr.write('\n');
        if (opts.json === true) process.stdout.write(`${JSON.stringify(report)}\n`);
        else printFsck(report);
        const err = fsckError(report);
        if (err !== null) await kg.writes.reportIntegrityError(err);
        process.exitCode = report.ok ? 0 : 1;
      });
    });
}
