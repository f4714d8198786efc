// C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the note text is
//   <origin>\n<decimal tree size>\n<base64 root hash>\n[extension lines\n]
// signed as a C2SP signed note.
import { AuditError } from './errors.ts';
import { openNote, signNote } from './note.ts';
import type { NoteSigner, NoteVerifier } from './note.ts';

export const ROOT_HASH_SIZE = 32;

export interface Checkpoint {
  readonly origin: string;
  readonly treeSize: number;
  readonly rootHash: Buffer;
  readonly extensions: readonly string[];
}

export interface SignedCheckpoint extends Checkpoint {
  /** The whole signed note, byte for byte as issued. */
  readonly note: string;
}

export function formatCheckpointText(cp: Pick<Checkpoint, 'origin' | 'treeSize' | 'rootHash'>): string {
  if (cp.origin.length === 0 || cp.origin.includes('\n')) {
    throw new AuditError('checkpoint-malformed', 'origin must be one non-empty line');
  }
  if (!Number.isSafeInteger(cp.treeSize) || cp.treeSize < 0) {
    throw new AuditError('checkpoint-malformed', 'tree size must be a non-negative integer');
  }
  if (cp.rootHash.length !== ROOT_HASH_SIZE) throw new AuditError('checkpoint-malformed', 'root hash must be 32 bytes');
  return `${cp.origin}\n${cp.treeSize}\n${Buffer.from(cp.rootHash).toString('base64')}\n`;
}

/** Parses checkpoint note text (already verified, or for inspection). */
export function parseCheckpointText(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new AuditError('checkpoint-malformed', 'checkpoint text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new AuditError('checkpoint-malformed', 'checkpoint needs origin, size and root lines');
  const [origin, sizeLine, rootLine, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin.length === 0) throw new AuditError('checkpoint-malformed', 'checkpoint origin is empty');
  if (!/^(0|[1-9][0-9]{0,15})$/.test(sizeLine) || !Number.isSafeInteger(Number(sizeLine))) {
    throw new AuditError('checkpoint-malformed', 'checkpoint tree size is not a decimal integer');
  }
  const rootHash = Buffer.from(rootLine, 'base64');
  if (rootHash.length !== ROOT_HASH_SIZE || rootHash.toString('base64') !== rootLine) {
    throw new AuditError('checkpoint-malformed', 'checkpoint root hash is not 32 bytes of standard base64');
  }
  if (extensions.some((l) => l.length === 0)) throw new AuditError('checkpoint-malformed', 'empty extension line');
  return { origin, treeSize: Number(sizeLine), rootHash, extensions };
}

export function signCheckpoint(
  cp: Pick<Checkpoint, 'origin' | 'treeSize' | 'rootHash'>,
  signer: NoteSigner,
): SignedCheckpoint {
  const note = signNote(formatCheckpointText(cp), signer);
  return { origin: cp.origin, treeSize: cp.treeSize, rootHash: Buffer.from(cp.rootHash), extensions: [], note };
}

/**
 * Verifies a signed checkpoint against a verifier key and returns it.
 * With `origin`, the checkpoint must name that origin exactly.
 */
export function verifyCheckpoint(note: string, verifier: NoteVerifier, origin?: string): SignedCheckpoint {
  const { text } = openNote(note, verifier);
  const cp = parseCheckpointText(text);
  if (origin !== undefined && cp.origin !== origin) {
    throw new AuditError('origin-mismatch', `checkpoint origin ${JSON.stringify(cp.origin)} is not ${JSON.stringify(origin)}`);
  }
  return { ...cp, note };
}
