// C2SP tlog-cosignature (https://c2sp.org/tlog-cosignature), the Ed25519 type: a witness's
// statement that, as of a time, the checkpoint is the largest consistent tree it has seen for the
// log's origin.
//
// - Key ID: SHA-256(name || "\n" || 0x04 || 32-byte Ed25519 public key)[:4] ("Format").
// - Verifier key (vkey): "name+hash+base64(0x04 || public key)" (signed-note verifier keys).
// - Signature line: "— <name> base64(key ID || timestamped_signature)", where
//   timestamped_signature = u64 big-endian POSIX timestamp || 64-byte Ed25519 signature.
// - Signed message ("Ed25519 signed message"): "cosignature/v1\n" || "time <t>\n" || the whole
//   checkpoint note text (with its final newline, without signature lines).
import crypto from 'node:crypto';
import { AuditError } from './errors.ts';
import { decodeKeyMaterial, hex8, isValidKeyName, makeVerifier, parseNote, parseSignatureLine, SIGNATURE_LINE_PREFIX, signerFromSeed, splitKey } from './note.ts';
import type { NoteSigner, NoteVerifier } from './note.ts';

/** Signature type byte of timestamped Ed25519 cosignatures (signed-note "Signature types"). */
export const COSIGNATURE_ALG_ED25519 = 0x04;
/** tlog-cosignature "Ed25519 signed message": the domain-separating header line. */
export const COSIGNATURE_HEADER = 'cosignature/v1';
const TIMESTAMP_SIZE = 8;
const ED25519_SIGNATURE_SIZE = 64;
/** tlog-cosignature: the timestamp "MUST NOT exceed 2^63 - 1"; we also keep it a safe integer. */
const MAX_TIMESTAMP = Number.MAX_SAFE_INTEGER;

/** A cosigner's public key: `verify` checks the raw Ed25519 signature over a built message. */
export type CosignerVerifier = NoteVerifier;
/** A cosigner's private key (a witness's own). */
export type Cosigner = NoteSigner;

export interface Cosignature {
  readonly name: string;
  readonly keyId: number;
  /** POSIX seconds at which the cosigner signed. */
  readonly timestamp: number;
  /** The signature line, without its newline. */
  readonly line: string;
}

/** The exact bytes a v1 cosignature signs. `checkpointText` is the note text, ending in "\n". */
export function cosignatureMessage(checkpointText: string, timestamp: number): Buffer {
  checkTimestamp(timestamp);
  if (!checkpointText.endsWith('\n')) throw new AuditError('note-malformed', 'checkpoint text must end with a newline');
  return Buffer.from(`${COSIGNATURE_HEADER}\ntime ${timestamp}\n${checkpointText}`, 'utf8');
}

function checkTimestamp(timestamp: number): void {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0 || timestamp > MAX_TIMESTAMP) {
    throw new AuditError('signature-invalid', `cosignature timestamp ${timestamp} is out of range`);
  }
}

/** Parses a cosigner verifier key "name+hash+base64(0x04 || public key)". */
export function parseCosignerKey(text: string): CosignerVerifier {
  const [name, hash, b64] = splitKey(text, 3, 'cosigner verifier key');
  const publicKey = decodeKeyMaterial(name!, hash!, b64!, 'cosigner verifier key', COSIGNATURE_ALG_ED25519);
  const verifier = makeVerifier(name!, Buffer.from(publicKey), COSIGNATURE_ALG_ED25519);
  if (hex8(verifier.keyId) !== hash) throw new AuditError('key-malformed', 'cosigner verifier key hash does not match its key');
  return verifier;
}

export function formatCosignerKey(verifier: CosignerVerifier): string {
  const material = Buffer.concat([Buffer.from([COSIGNATURE_ALG_ED25519]), verifier.publicKey]).toString('base64');
  return `${verifier.name}+${hex8(verifier.keyId)}+${material}`;
}

/** A new cosigner and its private key text "PRIVATE+KEY+name+hash+base64(0x04 || seed)" (for a 0600 file). */
export function generateCosignerKey(name: string): { cosigner: Cosigner; signerKey: string } {
  if (!isValidKeyName(name)) throw new AuditError('key-malformed', `invalid key name ${JSON.stringify(name)}`);
  const seed = crypto.randomBytes(32);
  const cosigner = signerFromSeed(name, seed, COSIGNATURE_ALG_ED25519);
  const material = Buffer.concat([Buffer.from([COSIGNATURE_ALG_ED25519]), seed]).toString('base64');
  return { cosigner, signerKey: `PRIVATE+KEY+${name}+${hex8(cosigner.keyId)}+${material}` };
}

/** Parses a cosigner private key written by generateCosignerKey. Never echoes the key in errors. */
export function parseCosignerSignerKey(text: string): Cosigner {
  const [p, k, name, hash, b64] = splitKey(text, 5, 'cosigner key');
  if (p !== 'PRIVATE' || k !== 'KEY') throw new AuditError('key-malformed', 'cosigner key must start with PRIVATE+KEY+');
  const seed = decodeKeyMaterial(name!, hash!, b64!, 'cosigner key', COSIGNATURE_ALG_ED25519);
  const cosigner = signerFromSeed(name!, seed, COSIGNATURE_ALG_ED25519);
  if (hex8(cosigner.keyId) !== hash) throw new AuditError('key-malformed', 'cosigner key hash does not match its key');
  return cosigner;
}

/** Cosigns checkpoint note text at `timestamp` (POSIX seconds); returns the signature line with its newline. */
export function cosignCheckpoint(checkpointText: string, cosigner: Cosigner, timestamp: number): string {
  const signature = cosigner.sign(cosignatureMessage(checkpointText, timestamp));
  const head = Buffer.alloc(4 + TIMESTAMP_SIZE);
  head.writeUInt32BE(cosigner.keyId, 0);
  head.writeBigUInt64BE(BigInt(timestamp), 4);
  return `${SIGNATURE_LINE_PREFIX}${cosigner.name} ${Buffer.concat([head, signature]).toString('base64')}\n`;
}

/**
 * Verifies one signature line (without newline) as a cosignature by `verifier` on the checkpoint
 * text. The caller has matched name and key ID; a line that then fails is an error, not skipped.
 */
export function verifyCosignatureLine(checkpointText: string, line: string, verifier: CosignerVerifier): Cosignature {
  const sig = parseSignatureLine(line);
  if (sig.name !== verifier.name || sig.keyId !== verifier.keyId) {
    throw new AuditError('signature-missing', `the line is not by cosigner ${verifier.name}+${hex8(verifier.keyId)}`);
  }
  if (sig.signature.length !== TIMESTAMP_SIZE + ED25519_SIGNATURE_SIZE) {
    throw new AuditError('signature-invalid', `cosignature by ${verifier.name} is not a timestamped Ed25519 signature`);
  }
  const big = sig.signature.readBigUInt64BE(0);
  if (big > BigInt(MAX_TIMESTAMP)) throw new AuditError('signature-invalid', `cosignature by ${verifier.name} has an out-of-range timestamp`);
  const timestamp = Number(big);
  if (!verifier.verify(cosignatureMessage(checkpointText, timestamp), sig.signature.subarray(TIMESTAMP_SIZE))) {
    throw new AuditError('signature-invalid', `cosignature by ${verifier.name} does not verify`);
  }
  return { name: sig.name, keyId: sig.keyId, timestamp, line };
}

/**
 * The cosignatures on a signed checkpoint note by the given cosigners, one per cosigner at most.
 * Lines by unknown keys are ignored (signed-note: "Verifiers MUST ignore signatures from unknown
 * keys"); a line whose name and key ID match a cosigner but does not verify throws.
 */
export function findCosignatures(note: string, cosigners: readonly CosignerVerifier[]): Cosignature[] {
  const { text, signatures } = parseNote(note);
  const lines = note.slice(text.length + 1, -1).split('\n');
  const found = new Map<CosignerVerifier, Cosignature>();
  signatures.forEach((sig, i) => {
    const verifier = cosigners.find((c) => c.name === sig.name && c.keyId === sig.keyId);
    if (verifier === undefined) return;
    const cosignature = verifyCosignatureLine(text, lines[i] ?? '', verifier);
    if (!found.has(verifier)) found.set(verifier, cosignature);
  });
  return [...found.values()];
}

/** Throws 'quorum-not-met' unless at least `quorum` distinct cosigners cosigned the note. */
export function verifyCosignatureQuorum(note: string, cosigners: readonly CosignerVerifier[], quorum: number): Cosignature[] {
  const found = findCosignatures(note, cosigners);
  if (found.length < quorum) {
    throw new AuditError('quorum-not-met', `${found.length} of the ${cosigners.length} trusted witnesses cosigned; the quorum is ${quorum}`, {
      evidence: { cosigned: found.length, quorum },
    });
  }
  return found;
}

/** Appends cosignature lines to a signed note (tlog-witness: the client "can move the valid signatures to its own view"). */
export function appendSignatureLines(note: string, lines: readonly string[]): string {
  return `${note}${lines.map((l) => `${l}\n`).join('')}`;
}
