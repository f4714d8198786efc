// Writes an export an auditor can verify offline: DIR/checkpoint (the latest signed checkpoint),
// DIR/entries.jsonl (the leaf bytes of entries 0..size-1, each followed by "\n") and
// DIR/verifier-key. Entries below a checkpoint's size never change, so reading them after the
// checkpoint gives a consistent export even while the log grows.
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import type { LogStore, LogTransaction, StoredCheckpoint } from '../audit/log-store.ts';
import { AuditError } from '../audit/errors.ts';

const PAGE = 2_000;

export interface ExportResult {
  readonly dir: string;
  readonly treeSize: number;
  readonly bytes: number;
}

async function writeEntries(store: LogStore<LogTransaction>, file: string, treeSize: number): Promise<number> {
  const out = fs.createWriteStream(file);
  let bytes = 0;
  const done = new Promise<void>((resolve, reject) => {
    out.on('error', reject);
    out.on('finish', resolve);
  });
  for (let start = 0; start < treeSize; start += PAGE) {
    const end = Math.min(start + PAGE, treeSize);
    const leaves = await store.readLeaves(start, end);
    leaves.forEach((leaf, i) => {
      if (leaf.index !== start + i) {
        throw new AuditError('log-inconsistent', `entry ${start + i} is missing from the database`, { evidence: { index: start + i } });
      }
    });
    if (leaves.length !== end - start) {
      throw new AuditError('log-inconsistent', `entries ${start}..${end - 1} are incomplete in the database`);
    }
    const buf = Buffer.concat(leaves.flatMap((l) => [l.bytes, Buffer.from('\n')]));
    bytes += buf.length;
    if (!out.write(buf)) await once(out, 'drain');
  }
  out.end();
  await done;
  return bytes;
}

/**
 * Exports the log up to `published` (the checkpoint the log publishes, with its cosignatures when
 * witnessed), or up to the latest stored checkpoint when none is given.
 */
export async function exportLog(
  store: LogStore<LogTransaction>,
  verifierKey: string,
  dir: string,
  published?: { readonly treeSize: number; readonly note: string },
): Promise<ExportResult> {
  const checkpoint: Pick<StoredCheckpoint, 'treeSize' | 'note'> | null = published ?? (await store.latestCheckpoint());
  if (checkpoint === null) throw new AuditError('log-inconsistent', 'the log has no checkpoint; it was never initialized');
  fs.mkdirSync(dir, { recursive: true });
  const bytes = await writeEntries(store, path.join(dir, 'entries.jsonl'), checkpoint.treeSize);
  fs.writeFileSync(path.join(dir, 'checkpoint'), checkpoint.note);
  fs.writeFileSync(path.join(dir, 'verifier-key'), `${verifierKey}\n`);
  return { dir, treeSize: checkpoint.treeSize, bytes };
}
