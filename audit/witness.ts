// The witness's decision on an add-checkpoint submission (C2SP tlog-witness), as pure checks in
// the order of the spec. Storage, the clock and signing are the caller's: it runs checkSubmission,
// then, holding its store's lock, reads its latest cosigned head for the origin, runs
// judgeSubmission, persists the new head and only then cosigns.
import { parseCheckpointText } from './checkpoint.ts';
import type { Checkpoint } from './checkpoint.ts';
import { AuditError } from './errors.ts';
import { hashEquals } from './hash.ts';
import { verifyConsistency } from './merkle-verify.ts';
import { parseNote } from './note.ts';
import type { NoteVerifier } from './note.ts';
import { parseAddCheckpointRequest } from './witness-protocol.ts';
import type { AddCheckpointRequest } from './witness-protocol.ts';

export type WitnessErrorCode =
  /** 400: the body does not parse, or the old size exceeds the checkpoint's size. */
  | 'request-malformed'
  /** 404: no log with this origin is configured. */
  | 'unknown-origin'
  /** 403: no trusted signature, or a line by a trusted key that does not verify. */
  | 'signature-untrusted'
  /** 409: the old size is not the witness's size, or the same size with another root (`size` set). */
  | 'size-conflict'
  /** 422: the consistency proof does not verify against the witness's head. */
  | 'not-consistent';

export class WitnessError extends Error {
  readonly code: WitnessErrorCode;
  /** For 'size-conflict': the size of the latest checkpoint the witness cosigned. */
  readonly size: number | undefined;

  constructor(code: WitnessErrorCode, message: string, options: { size?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WitnessError';
    this.code = code;
    this.size = options.size;
  }
}

/** The latest checkpoint a witness cosigned for an origin. */
export interface WitnessedHead {
  readonly origin: string;
  readonly treeSize: number;
  readonly rootHash: Buffer;
}

export interface CheckedSubmission {
  readonly request: AddCheckpointRequest;
  readonly checkpoint: Checkpoint;
  /** The checkpoint's note text (what a cosignature covers after its header lines). */
  readonly text: string;
}

function parseBody(body: string): { request: AddCheckpointRequest; text: string; checkpoint: Checkpoint } {
  try {
    const request = parseAddCheckpointRequest(body);
    const { text } = parseNote(request.checkpoint);
    return { request, text, checkpoint: parseCheckpointText(text) };
  } catch (cause) {
    if (cause instanceof AuditError) throw new WitnessError('request-malformed', cause.message, { cause });
    throw cause;
  }
}

/**
 * signed-note: lines by unknown keys are ignored; a line whose name and key ID match a trusted
 * key must verify (tlog-witness answers 403 otherwise), and at least one must.
 */
function checkLogSignatures(note: string, text: string, keys: readonly NoteVerifier[]): void {
  const message = Buffer.from(text, 'utf8');
  let verified = 0;
  for (const sig of parseNote(note).signatures) {
    const key = keys.find((k) => k.name === sig.name && k.keyId === sig.keyId);
    if (key === undefined) continue;
    if (!key.verify(message, sig.signature)) throw new WitnessError('signature-untrusted', `a signature by ${key.name} does not verify`);
    verified += 1;
  }
  if (verified === 0) throw new WitnessError('signature-untrusted', 'the checkpoint carries no signature by a trusted key for its origin');
}

/** The checks that need no state: body (400), origin (404), signatures (403), old size (400). */
export function checkSubmission(body: string, trustedKeys: (origin: string) => readonly NoteVerifier[] | undefined): CheckedSubmission {
  const { request, text, checkpoint } = parseBody(body);
  const keys = trustedKeys(checkpoint.origin);
  if (keys === undefined || keys.length === 0) throw new WitnessError('unknown-origin', `no log with origin ${JSON.stringify(checkpoint.origin)} is configured`);
  checkLogSignatures(request.checkpoint, text, keys);
  if (request.oldSize > checkpoint.treeSize) {
    throw new WitnessError('request-malformed', `old size ${request.oldSize} exceeds the checkpoint size ${checkpoint.treeSize}`);
  }
  return { request, checkpoint, text };
}

/**
 * The checks against the witness's latest cosigned head for the origin (null: never cosigned, so
 * size 0 and any first checkpoint is trusted on first use). Throws 409 or 422; returning means the
 * head may advance to the submitted checkpoint.
 */
export function judgeSubmission(sub: CheckedSubmission, latest: WitnessedHead | null): void {
  const size = latest?.treeSize ?? 0;
  const { request, checkpoint } = sub;
  if (request.oldSize !== size) {
    throw new WitnessError('size-conflict', `old size ${request.oldSize} is not the size ${size} this witness cosigned last`, { size });
  }
  if (latest === null || size === 0) {
    if (request.proof.length > 0) throw new WitnessError('not-consistent', 'a consistency proof from size 0 must be empty');
    return;
  }
  if (request.oldSize === checkpoint.treeSize) {
    if (!hashEquals(latest.rootHash, checkpoint.rootHash)) {
      throw new WitnessError('size-conflict', `another root for size ${size} than the one this witness cosigned`, { size });
    }
    if (request.proof.length > 0) throw new WitnessError('not-consistent', 'a consistency proof between equal sizes must be empty');
    return;
  }
  try {
    verifyConsistency({ oldSize: size, treeSize: checkpoint.treeSize, oldRoot: latest.rootHash, root: checkpoint.rootHash, proof: request.proof });
  } catch (cause) {
    throw new WitnessError('not-consistent', `the consistency proof from size ${size} does not verify`, { cause });
  }
}
