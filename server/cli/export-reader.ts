// Reading an export directory for offline checks: the verifier key, the checkpoint and the
// entries, streamed (verify) or read line by line synchronously (replay).
import fs from 'node:fs';
import path from 'node:path';
import { parseCosignerKey } from '../../audit/cosignature.ts';
import type { CosignerVerifier } from '../../audit/cosignature.ts';
import { parseVerifierKey } from '../../audit/note.ts';
import type { NoteVerifier } from '../../audit/note.ts';
import { verifyExport } from '../../audit/verify-export.ts';
import type { VerificationReport } from '../../audit/verify-export.ts';
import { UsageError } from './report-error.ts';

/** --vkey takes a verifier key itself or the path of a file holding one. */
export function loadVerifier(vkey: string): NoteVerifier {
  const text = fs.existsSync(vkey) ? fs.readFileSync(vkey, 'utf8') : vkey;
  try {
    return parseVerifierKey(text.trim());
  } catch {
    throw new UsageError(`--vkey ${JSON.stringify(vkey)} is neither a verifier key nor a file holding one`);
  }
}

/** --witness takes a cosigner verifier key (name+hash+base64(0x04 || key)) or a file holding one. */
export function loadWitnessKey(vkey: string): CosignerVerifier {
  const text = fs.existsSync(vkey) ? fs.readFileSync(vkey, 'utf8') : vkey;
  try {
    return parseCosignerKey(text.trim());
  } catch {
    throw new UsageError(`--witness ${JSON.stringify(vkey)} is neither a cosigner verifier key nor a file holding one`);
  }
}

/** The witnesses and quorum of `log verify`; a quorum above the number of witnesses is a usage error. */
export function witnessPolicy(keys: readonly string[], quorum: number | undefined): { witnesses: CosignerVerifier[]; witnessQuorum?: number } {
  const witnesses = keys.map(loadWitnessKey);
  if (quorum === undefined) return { witnesses };
  if (witnesses.length === 0) throw new UsageError('--witness-quorum needs at least one --witness');
  if (quorum < 1 || quorum > witnesses.length) throw new UsageError(`--witness-quorum must be between 1 and the ${witnesses.length} witnesses given`);
  return { witnesses, witnessQuorum: quorum };
}

export function readFileOrUsage(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${what} ${file}`);
  }
}

export function progressPrinter(): ((n: number, bytes: number) => void) | undefined {
  if (process.stderr.isTTY !== true) return undefined;
  let last = 0;
  return (n, bytes) => {
    const now = Date.now();
    if (now - last < 250) return;
    last = now;
    process.stderr.write(`\rverifying: ${n} entries, ${(bytes / 1e6).toFixed(1)} MB`);
  };
}

/** Which key a verification used, and where it came from: every report names it. */
export interface KeyUsed {
  readonly name: string;
  /** The key hash of the verifier key (its 4-byte key ID), in hex. */
  readonly hash: string;
  /** `--vkey`, `KEYGATE_VKEY`, or `export`: the export's own verifier-key file, which proves only self-consistency. */
  readonly source: '--vkey' | 'KEYGATE_VKEY' | 'export';
}

export type ExportVerificationReport = VerificationReport & { readonly key: KeyUsed };

/** The key to verify with: --vkey, else KEYGATE_VKEY, else the export's own verifier-key file. */
export function chooseVerifier(dir: string, vkey: string | undefined, env: NodeJS.ProcessEnv = process.env): { verifier: NoteVerifier; key: KeyUsed } {
  const fromEnv = env.KEYGATE_VKEY !== undefined && env.KEYGATE_VKEY.trim() !== '' ? env.KEYGATE_VKEY : undefined;
  const source: KeyUsed['source'] = vkey !== undefined ? '--vkey' : fromEnv !== undefined ? 'KEYGATE_VKEY' : 'export';
  const verifier = loadVerifier(vkey ?? fromEnv ?? path.join(dir, 'verifier-key'));
  return { verifier, key: { name: verifier.name, hash: verifier.keyId.toString(16).padStart(8, '0'), source } };
}

/** One line naming the key a report relied on, with a warning when it came from the export itself. */
export function describeKeyUsed(key: KeyUsed): string {
  const base = `key: ${key.name}+${key.hash}`;
  if (key.source !== 'export') return `${base} (from ${key.source})`;
  return `${base} (from the export's own verifier-key file: this proves the export is self-consistent, not that it is the log you trust; pass --vkey or set KEYGATE_VKEY to the log's published key)`;
}

/** Checks the export in DIR (see verifyExport); usage problems throw UsageError. */
export async function verifyExportDir(
  dir: string,
  opts: { vkey?: string; trusted?: string; witnesses?: readonly CosignerVerifier[]; witnessQuorum?: number; onProgress?: (n: number, bytes: number) => void },
): Promise<ExportVerificationReport> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a directory`);
  const { verifier, key } = chooseVerifier(dir, opts.vkey);
  const trusted = opts.trusted === undefined ? undefined : readFileOrUsage(opts.trusted, 'trusted checkpoint');
  const checkpointFile = path.join(dir, 'checkpoint');
  const entriesFile = path.join(dir, 'entries.jsonl');
  const missing = [checkpointFile, entriesFile].filter((f) => !fs.existsSync(f)).map((f) => path.basename(f));
  if (missing.length > 0) {
    return {
      key, ok: false, origin: null, treeSize: null, rootHash: null, entries: 0,
      checks: [{ check: 'entries-well-formed', ok: false, detail: `missing ${missing.join(', ')}` }],
      failure: { code: 'export-malformed', message: `the export lacks ${missing.join(', ')}` },
    };
  }
  const report = await verifyExport({
    checkpoint: fs.readFileSync(checkpointFile, 'utf8'),
    entries: fs.createReadStream(entriesFile, { highWaterMark: 1 << 20 }),
    verifier,
    ...(trusted === undefined ? {} : { trusted }),
    ...(opts.witnesses === undefined ? {} : { witnesses: opts.witnesses }),
    ...(opts.witnessQuorum === undefined ? {} : { witnessQuorum: opts.witnessQuorum }),
    ...(opts.onProgress === undefined ? {} : { onProgress: opts.onProgress }),
  });
  return { ...report, key };
}

/** The lines of a file, without their newlines, read in 1 MiB chunks. */
export function* readLinesSync(file: string): Generator<Buffer> {
  const fd = fs.openSync(file, 'r');
  try {
    const chunk = Buffer.alloc(1 << 20);
    let carry = Buffer.alloc(0);
    for (let n = fs.readSync(fd, chunk); n > 0; n = fs.readSync(fd, chunk)) {
      const data = Buffer.concat([carry, chunk.subarray(0, n)]);
      let start = 0;
      for (let nl = data.indexOf(10, start); nl >= 0; nl = data.indexOf(10, start)) {
        yield data.subarray(start, nl);
        start = nl + 1;
      }
      carry = Buffer.from(data.subarray(start));
    }
    if (carry.length > 0) yield carry;
  } finally {
    fs.closeSync(fd);
  }
}
