// Offline verification of an exported log: the checkpoint's signature, the entry count, the
// recomputed root, and (given a trusted earlier checkpoint) that the new tree extends the old
// one. Streams the entries: memory does not grow with the log. No I/O: the caller supplies
// the bytes.
import { verifyCheckpoint } from './checkpoint.ts';
import type { SignedCheckpoint } from './checkpoint.ts';
import { MerkleAccumulator } from './compact-range.ts';
import { verifyCosignatureQuorum } from './cosignature.ts';
import type { CosignerVerifier } from './cosignature.ts';
import { AuditError } from './errors.ts';
import type { AuditErrorCode } from './errors.ts';
import { EMPTY_ROOT, hashEquals } from './hash.ts';
import type { NoteVerifier } from './note.ts';

export type CheckName = 'checkpoint-signature' | 'cosignatures' | 'trusted-checkpoint' | 'entries-well-formed' | 'entry-count' | 'root-hash' | 'consistency';

export interface CheckResult {
  readonly check: CheckName;
  readonly ok: boolean;
  readonly detail: string;
}

export interface VerificationReport {
  readonly ok: boolean;
  readonly origin: string | null;
  readonly treeSize: number | null;
  readonly rootHash: string | null;
  readonly entries: number;
  readonly checks: readonly CheckResult[];
  /** Set when ok is false: the first failure. */
  readonly failure: { readonly code: AuditErrorCode; readonly message: string } | null;
}

export interface VerifyExportInput {
  /** The signed checkpoint note. */
  readonly checkpoint: string;
  /** entries.jsonl as a stream of chunks: each entry's bytes followed by one "\n". */
  readonly entries: AsyncIterable<Uint8Array>;
  readonly verifier: NoteVerifier;
  /** A checkpoint the auditor trusts from before; the export must extend it. */
  readonly trusted?: string;
  /** Witnesses whose cosignatures (C2SP tlog-cosignature) the checkpoint must carry. */
  readonly witnesses?: readonly CosignerVerifier[];
  /** How many distinct witnesses must have cosigned; default: all of `witnesses`. */
  readonly witnessQuorum?: number;
  readonly onProgress?: (entries: number, bytes: number) => void;
  /** How many entries between progress calls. */
  readonly progressEvery?: number;
}

const NEWLINE = 0x0a;

interface StreamResult {
  readonly count: number;
  readonly root: Buffer;
  readonly rootAtTrusted: Buffer | null;
  readonly trailingBytes: number;
}

/** Feeds every "\n"-terminated line to the accumulator; keeps the root at `snapshotAt`. */
async function accumulate(input: VerifyExportInput, snapshotAt: number | null): Promise<StreamResult> {
  const acc = new MerkleAccumulator();
  let rootAtTrusted = snapshotAt === 0 ? EMPTY_ROOT : null;
  let carry: Buffer | null = null;
  let bytes = 0;
  const every = input.progressEvery ?? 100_000;
  for await (const raw of input.entries) {
    let chunk = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    bytes += chunk.length;
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE, start); nl >= 0; nl = chunk.indexOf(NEWLINE, start)) {
      const line: Buffer = carry === null ? chunk.subarray(start, nl) : Buffer.concat([carry, chunk.subarray(start, nl)]);
      carry = null;
      acc.pushEntry(line);
      start = nl + 1;
      if (acc.size === snapshotAt) rootAtTrusted = acc.root();
      if (input.onProgress !== undefined && acc.size % every === 0) input.onProgress(acc.size, bytes);
    }
    if (start < chunk.length) {
      chunk = chunk.subarray(start);
      carry = carry === null ? Buffer.from(chunk) : Buffer.concat([carry, chunk]);
    }
  }
  input.onProgress?.(acc.size, bytes);
  return { count: acc.size, root: acc.root(), rootAtTrusted, trailingBytes: carry?.length ?? 0 };
}

function errorOf(err: unknown): { code: AuditErrorCode; message: string } {
  if (err instanceof AuditError) return { code: err.code, message: err.message };
  throw err;
}

/** Runs the checks in order and stops at the first failure. Never throws for bad material. */
export async function verifyExport(input: VerifyExportInput): Promise<VerificationReport> {
  const checks: CheckResult[] = [];
  let cp: SignedCheckpoint | null = null;
  let entries = 0;
  const report = (failure: { code: AuditErrorCode; message: string } | null): VerificationReport => ({
    ok: failure === null,
    origin: cp?.origin ?? null,
    treeSize: cp?.treeSize ?? null,
    rootHash: cp === null ? null : cp.rootHash.toString('base64'),
    entries,
    checks,
    failure,
  });
  const fail = (check: CheckName, code: AuditErrorCode, message: string): VerificationReport => {
    checks.push({ check, ok: false, detail: message });
    return report({ code, message });
  };
  const pass = (check: CheckName, detail: string): void => {
    checks.push({ check, ok: true, detail });
  };

  try {
    cp = verifyCheckpoint(input.checkpoint, input.verifier);
  } catch (err) {
    const e = errorOf(err);
    return fail('checkpoint-signature', e.code, `checkpoint: ${e.message}`);
  }
  pass('checkpoint-signature', `signed by ${input.verifier.name}; origin ${cp.origin}, size ${cp.treeSize}`);

  if (input.witnesses !== undefined && input.witnesses.length > 0) {
    const quorum = input.witnessQuorum ?? input.witnesses.length;
    try {
      const found = verifyCosignatureQuorum(input.checkpoint, input.witnesses, quorum);
      pass('cosignatures', `${found.length} of ${input.witnesses.length} witnesses cosigned (quorum ${quorum}): ${found.map((c) => c.name).join(', ')}`);
    } catch (err) {
      const e = errorOf(err);
      return fail('cosignatures', e.code, `cosignatures: ${e.message}`);
    }
  }

  let trusted: SignedCheckpoint | null = null;
  if (input.trusted !== undefined) {
    try {
      trusted = verifyCheckpoint(input.trusted, input.verifier, cp.origin);
    } catch (err) {
      const e = errorOf(err);
      return fail('trusted-checkpoint', e.code, `trusted checkpoint: ${e.message}`);
    }
    if (trusted.treeSize > cp.treeSize) {
      return fail('trusted-checkpoint', 'not-consistent', `trusted checkpoint size ${trusted.treeSize} is larger than the exported size ${cp.treeSize}: the log shrank`);
    }
    pass('trusted-checkpoint', `size ${trusted.treeSize}`);
  }

  const streamed = await accumulate(input, trusted?.treeSize ?? null);
  entries = streamed.count;
  if (streamed.trailingBytes > 0) {
    return fail('entries-well-formed', 'export-malformed', `entries.jsonl ends with ${streamed.trailingBytes} bytes not terminated by a newline`);
  }
  pass('entries-well-formed', `${streamed.count} newline-terminated entries`);
  if (streamed.count !== cp.treeSize) {
    return fail('entry-count', 'size-mismatch', `entries.jsonl holds ${streamed.count} entries; the checkpoint says ${cp.treeSize}`);
  }
  pass('entry-count', `${streamed.count} entries`);
  if (!hashEquals(streamed.root, cp.rootHash)) {
    return fail('root-hash', 'root-mismatch', `recomputed root ${streamed.root.toString('base64')} differs from the checkpoint's ${cp.rootHash.toString('base64')}`);
  }
  pass('root-hash', cp.rootHash.toString('base64'));
  if (trusted !== null) {
    // Having every entry, we recompute the root at the trusted size directly; that is at least
    // as strong as checking an RFC 9162 consistency proof between the two checkpoints.
    if (streamed.rootAtTrusted === null || !hashEquals(streamed.rootAtTrusted, trusted.rootHash)) {
      return fail('consistency', 'not-consistent', `the first ${trusted.treeSize} entries hash to ${streamed.rootAtTrusted?.toString('base64') ?? '(none)'}, not the trusted root ${trusted.rootHash.toString('base64')}: the log forked`);
    }
    pass('consistency', `extends the trusted checkpoint of size ${trusted.treeSize}`);
  }
  return report(null);
}
