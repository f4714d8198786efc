// Errors and input checks of the Merkle core. Evidence holds public values only.
import { HASH_SIZE } from './hash.ts';

// ---------------------------------------------------------------------------------------------
// Errors

export type MerkleErrorCode =
  | 'index-out-of-range'
  | 'size-out-of-range'
  | 'wrong-proof-length'
  | 'root-mismatch'
  | 'old-root-mismatch'
  | 'empty-proof-expected'
  | 'bad-hash-length'
  | 'bad-frontier';

/** What was checked and what was found. Public values only: sizes, lengths, hex hashes. */
export interface MerkleErrorEvidence {
  readonly field?: string;
  readonly index?: number;
  readonly oldSize?: number;
  readonly treeSize?: number;
  readonly expectedLength?: number;
  readonly actualLength?: number;
  /** The root the caller trusts (from a checkpoint), hex. */
  readonly expectedRoot?: string;
  /** The root recomputed from the proof, hex. */
  readonly computedRoot?: string;
}

export class MerkleError extends Error {
  readonly code: MerkleErrorCode;
  readonly evidence: MerkleErrorEvidence;

  constructor(code: MerkleErrorCode, message: string, evidence: MerkleErrorEvidence = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MerkleError';
    this.code = code;
    this.evidence = evidence;
  }
}

/** Throws 'size-out-of-range' unless `value` is a non-negative safe integer. */
export function checkSize(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new MerkleError('size-out-of-range', `${field} ${value} is not a non-negative safe integer`, { field });
  }
}

/** Throws 'bad-hash-length' unless `hash` is a SHA-256 output. */
export function checkHash(hash: Uint8Array, field: string): void {
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
    const actualLength = hash instanceof Uint8Array ? hash.length : -1;
    throw new MerkleError('bad-hash-length', `${field} is ${actualLength} bytes, not ${HASH_SIZE}`, {
      field,
      expectedLength: HASH_SIZE,
      actualLength,
    });
  }
}

export function checkHashes(hashes: readonly Uint8Array[], field: string): void {
  hashes.forEach((h, i) => checkHash(h, `${field}[${i}]`));
}

export function checkIndex(index: number, treeSize: number): void {
  if (!Number.isSafeInteger(index) || index < 0 || index >= treeSize) {
    throw new MerkleError('index-out-of-range', `index ${index} is not below tree size ${treeSize}`, { index, treeSize });
  }
}

/** list[i], for indices the caller has already bounded (noUncheckedIndexedAccess). */
export function itemAt<T>(list: readonly T[], i: number): T {
  const item = list[i];
  if (item === undefined) throw new RangeError(`no item ${i} in a list of ${list.length}`);
  return item;
}

export function hex(hash: Uint8Array): string {
  return Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString('hex');
}
