// The log's self-check (readiness, operators): the latest checkpoint verifies with the log's own
// key, the stored entries end exactly at its tree size, and the stored tree nodes give its root.
// Cheap: O(log n) reads. A full recomputation from every leaf is `keygate log export` + verify.
import { verifyCheckpoint } from './checkpoint.ts';
import { AuditError } from './errors.ts';
import { hashEquals } from './hash.ts';
import type { LogStore, LogTransaction } from './log-store.ts';
import type { NoteVerifier } from './note.ts';
import { getRootAt } from './proofs.ts';

export interface HeadCheck {
  readonly treeSize: number;
  readonly rootHash: string;
}

/** Returns the checked head, or throws AuditError 'log-inconsistent' with evidence. */
export async function checkLogHead(store: LogStore<LogTransaction>, verifier: NoteVerifier, origin: string): Promise<HeadCheck> {
  const stored = await store.latestCheckpoint();
  if (stored === null) throw new AuditError('log-inconsistent', 'the log has no checkpoint');
  let cp;
  try {
    cp = verifyCheckpoint(stored.note, verifier, origin);
  } catch (cause) {
    throw new AuditError('log-inconsistent', 'the latest stored checkpoint does not verify with the log key', { cause });
  }
  if (cp.treeSize !== stored.treeSize) {
    throw new AuditError('log-inconsistent', `the checkpoint stored for size ${stored.treeSize} says ${cp.treeSize}`);
  }
  const count = await store.countLeaves();
  if (count !== cp.treeSize) {
    throw new AuditError('log-inconsistent', `${count} entries are stored but the latest checkpoint covers ${cp.treeSize}`, {
      evidence: { stored: count, treeSize: cp.treeSize },
    });
  }
  const root = await getRootAt(store, cp.treeSize);
  if (!hashEquals(root, cp.rootHash)) {
    throw new AuditError('log-inconsistent', 'the stored tree nodes do not give the checkpoint root', {
      evidence: { treeSize: cp.treeSize, checkpointRoot: cp.rootHash.toString('base64'), storedRoot: root.toString('base64') },
    });
  }
  return { treeSize: cp.treeSize, rootHash: cp.rootHash.toString('base64') };
}
