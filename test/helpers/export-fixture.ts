// Builds a real export from a SQLite log, to be tampered with by verification tests.
import fs from 'node:fs';
import path from 'node:path';
import { exportLog } from '../../server/log-export.ts';
import { parseVerifierKey } from '../../audit/note.ts';
import { verifyExport } from '../../audit/verify-export.ts';
import { openKeygate } from '../../server/compose.ts';
import type { Config } from '../../server/config.ts';
import { tempDir } from './databases.ts';
import { sampleEntry, testConfig } from './keygate.ts';

export interface ExportFixture {
  readonly dir: string;
  readonly config: Config;
  readonly verifierKey: string;
  readonly origin: string;
}

export async function makeExport(entries: number, overrides: Partial<Config> = {}, offset = 0): Promise<ExportFixture> {
  const dataDir = overrides.dataDir ?? tempDir();
  const config = testConfig({ engine: 'sqlite', filename: path.join(dataDir, 'keygate.sqlite') }, { dataDir, ...overrides });
  const kg = await openKeygate(config);
  try {
    await kg.db.transaction(async (tx) => {
      for (let i = 0; i < entries; i++) await kg.log.append(tx, sampleEntry(offset + i));
    });
    const dir = tempDir('keygate-export-');
    await exportLog(kg.logStore, kg.log.verifierKey, dir);
    return { dir, config, verifierKey: kg.log.verifierKey, origin: kg.log.origin };
  } finally {
    await kg.close();
  }
}

export function copyExport(dir: string): string {
  const copy = tempDir('keygate-export-');
  for (const f of fs.readdirSync(dir)) fs.copyFileSync(path.join(dir, f), path.join(copy, f));
  return copy;
}

export function readLines(dir: string): Buffer[] {
  const all = fs.readFileSync(path.join(dir, 'entries.jsonl'));
  const lines: Buffer[] = [];
  for (let start = 0, nl = all.indexOf(10); nl >= 0; start = nl + 1, nl = all.indexOf(10, start)) lines.push(all.subarray(start, nl));
  return lines;
}

export function writeLines(dir: string, lines: readonly Buffer[]): void {
  fs.writeFileSync(path.join(dir, 'entries.jsonl'), Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')])));
}

/** Exports the log of `kg` and verifies the export offline; returns the report. */
export async function exportAndVerify(kg: { logStore: Parameters<typeof exportLog>[0]; log: { verifierKey: string } }) {
  const dir = tempDir('keygate-export-');
  await exportLog(kg.logStore, kg.log.verifierKey, dir);
  return verifyExport({
    checkpoint: fs.readFileSync(path.join(dir, 'checkpoint'), 'utf8'),
    entries: fs.createReadStream(path.join(dir, 'entries.jsonl')),
    verifier: parseVerifierKey(kg.log.verifierKey),
  });
}
