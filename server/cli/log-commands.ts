// `keygate log …`: the auditor-facing contract (key, checkpoint, export, verify, proofs).
import type { Command } from 'commander';
import { consistencyProofToJson, getConsistencyProof, getInclusionProof, inclusionProofToJson } from '../../audit/proofs.ts';
import { exportLog } from '../log-export.ts';
import { parseCount, withKeygate } from './common.ts';
import { describeKeyUsed, progressPrinter, verifyExportDir, witnessPolicy } from './export-reader.ts';
import type { ExportVerificationReport } from './export-reader.ts';
import { registerHaltCommands } from './halt-commands.ts';
import { registerReplayCommand } from './replay-command.ts';
import type { GlobalOptions } from './common.ts';
import { checkOutDirectory } from './out-paths.ts';
import { COMMANDS } from './commands.ts';

function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals<GlobalOptions>();
}

function print(json: unknown): void {
  process.stdout.write(`${JSON.stringify(json)}\n`);
}

function printReport(report: ExportVerificationReport): void {
  process.stdout.write(`${describeKeyUsed(report.key)}\n`);
  for (const c of report.checks) process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.check}: ${c.detail}\n`);
  if (report.failure === null) {
    process.stdout.write(`verified: origin ${report.origin}, ${report.entries} entries, root ${report.rootHash}\n`);
  } else {
    process.stdout.write(`verification FAILED (${report.failure.code}): ${report.failure.message}\n`);
  }
}

interface VerifyOptions {
  vkey?: string;
  trusted?: string;
  json?: boolean;
  witness: string[];
  witnessQuorum?: string;
}

async function runVerify(dir: string, opts: VerifyOptions): Promise<number> {
  const policy = witnessPolicy(opts.witness, opts.witnessQuorum === undefined ? undefined : parseCount(opts.witnessQuorum, '--witness-quorum'));
  const onProgress = opts.json === true ? undefined : progressPrinter();
  const report = await verifyExportDir(dir, {
    ...(opts.vkey === undefined ? {} : { vkey: opts.vkey }),
    ...(opts.trusted === undefined ? {} : { trusted: opts.trusted }),
    ...policy,
    ...(onProgress === undefined ? {} : { onProgress }),
  });
  if (onProgress !== undefined) process.stderr.write('\n');
  if (opts.json === true) print(report);
  else printReport(report);
  return report.ok ? 0 : 1;
}

export function registerLogCommands(program: Command): void {
  const log = program.command('log').description(COMMANDS.log.description);

  log.command('key').description('print the verifier key').action(async (_o, cmd: Command) => {
    await withKeygate(globals(cmd), async (kg) => process.stdout.write(`${kg.log.verifierKey}\n`));
  });

  log.command('checkpoint').description('print the latest signed checkpoint').action(async (_o, cmd: Command) => {
    await withKeygate(globals(cmd), async (kg) => process.stdout.write((await kg.log.latestCheckpoint()).note));
  });

  log
    .command('export')
    .description('write checkpoint, entries.jsonl and verifier-key to a directory')
    .requiredOption('--out <dir>', 'output directory')
    .action(async (opts: { out: string }, cmd: Command) => {
      checkOutDirectory(opts.out);
      await withKeygate(globals(cmd), async (kg) => {
        const r = await exportLog(kg.logStore, kg.log.verifierKey, opts.out);
        process.stderr.write(`exported ${r.treeSize} entries (${r.bytes} bytes) to ${r.dir}\n`);
      });
    });

  log
    .command('verify')
    .description('verify an export offline; exit 0 when it holds, 1 on failure, 2 on usage errors')
    .argument('<dir>', 'export directory')
    .option('--vkey <key>', 'verifier key, or a file holding it (default KEYGATE_VKEY, else DIR/verifier-key)')
    .option('--trusted <file>', 'an earlier checkpoint the new one must extend')
    .option('--witness <vkey>', "a witness's cosigner verifier key, or a file holding it (repeatable): the checkpoint must carry its cosignature", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--witness-quorum <k>', 'how many of the --witness keys must have cosigned (default: all)')
    .option('--json', 'print the report as JSON')
    .action(async (dir: string, opts: VerifyOptions) => {
      process.exitCode = await runVerify(dir, opts);
    });

  registerReplayCommand(log);
  registerHaltCommands(log);

  const proof = log.command('proof').description('print Merkle proofs as JSON');
  proof
    .command('inclusion')
    .description('the inclusion proof of one entry, as JSON')
    .requiredOption('--index <i>', 'leaf index')
    .option('--size <n>', 'tree size (default: the latest checkpoint)')
    .action(async (opts: { index: string; size?: string }, cmd: Command) => {
      const index = parseCount(opts.index, '--index');
      const size = opts.size === undefined ? undefined : parseCount(opts.size, '--size');
      await withKeygate(globals(cmd), async (kg) => print(inclusionProofToJson(await getInclusionProof(kg.logStore, index, size))));
    });
  proof
    .command('consistency')
    .description('the consistency proof between two tree sizes, as JSON')
    .requiredOption('--old <m>', 'old tree size')
    .option('--size <n>', 'tree size (default: the latest checkpoint)')
    .action(async (opts: { old: string; size?: string }, cmd: Command) => {
      const old = parseCount(opts.old, '--old');
      const size = opts.size === undefined ? undefined : parseCount(opts.size, '--size');
      await withKeygate(globals(cmd), async (kg) => print(consistencyProofToJson(await getConsistencyProof(kg.logStore, old, size))));
    });
}
