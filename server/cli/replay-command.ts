// `keygate log replay DIR`: the auditor's semantic check. Verifies the export, then replays every
// approval event through the same pure rules the server applies, without the database, and
// reports each entry that breaks them. Exit 0 when all holds, 1 otherwise, 2 on usage errors.
import path from 'node:path';
import type { Command } from 'commander';
import { replayEntries } from '../../approvals/index.ts';
import type { ReplayViolation } from '../../approvals/index.ts';
import { describeKeyUsed, readLinesSync, verifyExportDir } from './export-reader.ts';
import type { ExportVerificationReport } from './export-reader.ts';

export interface ReplayReport {
  readonly ok: boolean;
  readonly verification: ExportVerificationReport;
  readonly entries: number;
  /** Entries that are not approval events (trust anchors, for example): not judged by these rules. */
  readonly skipped: number;
  readonly violations: readonly ReplayViolation[];
}

/** Each line parsed as JSON; a line that is not JSON is passed on as is, for replay to report. */
function* entriesOf(file: string): Generator<unknown> {
  for (const line of readLinesSync(file)) {
    try {
      yield JSON.parse(line.toString('utf8')) as unknown;
    } catch {
      yield line.toString('utf8');
    }
  }
}

export async function replayExportDir(dir: string, opts: { vkey?: string }): Promise<ReplayReport> {
  const verification = await verifyExportDir(dir, opts);
  if (!verification.ok) return { ok: false, verification, entries: 0, skipped: 0, violations: [] };
  // Statements are checked against the origin of the checkpoint the export verified under.
  const result = replayEntries(entriesOf(path.join(dir, 'entries.jsonl')), verification.origin === null ? {} : { origin: verification.origin });
  return {
    ok: result.violations.length === 0,
    verification,
    entries: verification.entries,
    skipped: result.skipped.length,
    violations: result.violations,
  };
}

function printReplay(r: ReplayReport): void {
  process.stdout.write(`${describeKeyUsed(r.verification.key)}\n`);
  if (!r.verification.ok) {
    process.stdout.write(`replay not run: the export does not verify (${r.verification.failure?.code}): ${r.verification.failure?.message}\n`);
    return;
  }
  for (const v of r.violations) process.stdout.write(`entry ${v.index} (${v.action}): ${v.code}: ${v.message}\n`);
  const judged = r.entries - r.skipped;
  process.stdout.write(
    r.ok
      ? `replayed: ${judged} approval entries follow the rules (${r.skipped} other entries not judged)\n`
      : `replay FAILED: ${r.violations.length} of ${judged} approval entries break the rules\n`,
  );
}

export function registerReplayCommand(log: Command): void {
  log
    .command('replay')
    .description('verify an export, then check every approval entry against the workflow rules')
    .argument('<dir>', 'export directory')
    .option('--vkey <key>', 'verifier key, or a file holding it (default KEYGATE_VKEY, else DIR/verifier-key)')
    .option('--json', 'print the report as JSON')
    .action(async (dir: string, opts: { vkey?: string; json?: boolean }) => {
      const report = await replayExportDir(dir, opts);
      if (opts.json === true) process.stdout.write(`${JSON.stringify(report)}\n`);
      else printReplay(report);
      process.exitCode = report.ok ? 0 : 1;
    });
}

