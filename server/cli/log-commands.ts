// `keygate log …`: the auditor-facing contract (key, checkpoint, export, verify, proofs).
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parseVerifierKey } from '../../audit/note.ts';
import type { NoteVerifier } from '../../audit/note.ts';
import { consistencyProofToJson, getConsistencyProof, getInclusionProof, inclusionProofToJson } from '../../audit/proofs.ts';
import { verifyExport } from '../../audit/verify-export.ts';
import type { VerificationReport } from '../../audit/verify-export.ts';
import { exportLog } from '../log-export.ts';
import { parseCount, UsageError, withKeygate } from './common.ts';
import type { GlobalOptions } from './common.ts';

function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals<GlobalOptions>();
}

function print(json: unknown): void {
  process.stdout.write(`${JSON.stringify(json)}\n`);
}

/** --vkey takes a verifier key itself or the path of a file holding one. */
function loadVerifier(vkey: string): NoteVerifier {
  const text = fs.existsSync(vkey) ? fs.readFileSync(vkey, 'utf8') : vkey;
  try {
    return parseVerifierKey(text.trim());
  } catch {
    throw new UsageError(`--vkey ${JSON.stringify(vkey)} is neither a verifier key nor a file holding one`);
  }
}

function readFileOrUsage(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${what} ${file}`);
  }
}

function progressPrinter(): ((n: number, bytes: number) => void) | undefined {
  if (process.stderr.isTTY !== true) return undefined;
  let last = 0;
  return (n, bytes) => {
    const now = Date.now();
    if (now - last < 250) return;
    last = now;
    process.stderr.write(`\rverifying: ${n} entries, ${(bytes / 1e6).toFixed(1)} MB`);
  };
}

function printReport(report: VerificationReport): void {
  for (const c of report.checks) process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.check}: ${c.detail}\n`);
  if (report.failure === null) {
    process.stdout.write(`verified: origin ${report.origin}, ${report.entries} entries, root ${report.rootHash}\n`);
  } else {
    process.stdout.write(`verification FAILED (${report.failure.code}): ${report.failure.message}\n`);
  }
}

async function runVerify(dir: string, opts: { vkey?: string; trusted?: string; json?: boolean }): Promise<number> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a directory`);
  const verifier = loadVerifier(opts.vkey ?? path.join(dir, 'verifier-key'));
  const trusted = opts.trusted === undefined ? undefined : readFileOrUsage(opts.trusted, 'trusted checkpoint');
  const checkpointFile = path.join(dir, 'checkpoint');
  const entriesFile = path.join(dir, 'entries.jsonl');
  const missing = [checkpointFile, entriesFile].filter((f) => !fs.existsSync(f));
  const onProgress = opts.json === true ? undefined : progressPrinter();
  const report: VerificationReport =
    missing.length > 0
      ? {
          ok: false, origin: null, treeSize: null, rootHash: null, entries: 0,
          checks: [{ check: 'entries-well-formed', ok: false, detail: `missing ${missing.map((f) => path.basename(f)).join(', ')}` }],
          failure: { code: 'export-malformed', message: `the export lacks ${missing.map((f) => path.basename(f)).join(', ')}` },
        }
      : await verifyExport({
          checkpoint: fs.readFileSync(checkpointFile, 'utf8'),
          entries: fs.createReadStream(entriesFile, { highWaterMark: 1 << 20 }),
          verifier,
          ...(trusted === undefined ? {} : { trusted }),
          ...(onProgress === undefined ? {} : { onProgress }),
        });
  if (onProgress !== undefined) process.stderr.write('\n');
  if (opts.json === true) print(report);
  else printReport(report);
  return report.ok ? 0 : 1;
}

export function registerLogCommands(program: Command): void {
  const log = program.command('log').description('the tamper-evident audit log');

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
      await withKeygate(globals(cmd), async (kg) => {
        const r = await exportLog(kg.logStore, kg.log.verifierKey, opts.out);
        process.stderr.write(`exported ${r.treeSize} entries (${r.bytes} bytes) to ${r.dir}\n`);
      });
    });

  log
    .command('verify')
    .description('verify an export offline; exit 0 when it holds, 1 on failure, 2 on usage errors')
    .argument('<dir>', 'export directory')
    .option('--vkey <key>', 'verifier key, or a file holding it (default DIR/verifier-key)')
    .option('--trusted <file>', 'an earlier checkpoint the new one must extend')
    .option('--json', 'print the report as JSON')
    .action(async (dir: string, opts: { vkey?: string; trusted?: string; json?: boolean }) => {
      process.exitCode = await runVerify(dir, opts);
    });

  const proof = log.command('proof').description('print Merkle proofs as JSON');
  proof
    .command('inclusion')
    .requiredOption('--index <i>', 'leaf index')
    .option('--size <n>', 'tree size (default: the latest checkpoint)')
    .action(async (opts: { index: string; size?: string }, cmd: Command) => {
      const index = parseCount(opts.index, '--index');
      const size = opts.size === undefined ? undefined : parseCount(opts.size, '--size');
      await withKeygate(globals(cmd), async (kg) => print(inclusionProofToJson(await getInclusionProof(kg.logStore, index, size))));
    });
  proof
    .command('consistency')
    .requiredOption('--old <m>', 'old tree size')
    .option('--size <n>', 'tree size (default: the latest checkpoint)')
    .action(async (opts: { old: string; size?: string }, cmd: Command) => {
      const old = parseCount(opts.old, '--old');
      const size = opts.size === undefined ? undefined : parseCount(opts.size, '--size');
      await withKeygate(globals(cmd), async (kg) => print(consistencyProofToJson(await getConsistencyProof(kg.logStore, old, size))));
    });
}
