// C2SP signed-note (https://c2sp.org/signed-note) with Ed25519 keys.
//
// A note is UTF-8 text ending in a newline, then a blank line, then one or more signature lines
// "— <key name> <base64(key ID || signature)>". The key ID is the first 4 bytes of
// SHA-256(key name || 0x0A || 0x01 || public key), 0x01 being the Ed25519 signature type.
// The signature covers the text only (up to and including its final newline).
import crypto from 'node:crypto';
import { AuditError } from './errors.ts';

/** Signature type byte for Ed25519 in the signed-note key encoding. */
export const NOTE_ALG_ED25519 = 0x01;
/** U+2014 EM DASH followed by a space opens every signature line. */
export const SIGNATURE_LINE_PREFIX = '\u2014 ';
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const MAX_NOTE_BYTES = 1 << 20;

export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  readonly publicKey: Buffer;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  readonly verifier: NoteVerifier;
  sign(message: Uint8Array): Buffer;
}

export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  readonly signature: Buffer;
}

export interface OpenedNote {
  readonly text: string;
  /** The signature lines that verified with the given verifier. */
  readonly verified: readonly NoteSignature[];
  /** Signature lines by other keys, kept for the caller to inspect. */
  readonly others: readonly NoteSignature[];
}

export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !name.includes('+') && !/\s/u.test(name) && Buffer.byteLength(name) <= 4096;
}

/** SHA-256(key name || 0x0A || signature type || public key)[:4], big-endian (signed-note "Signatures"). */
export function computeKeyId(name: string, publicKey: Uint8Array, alg: number = NOTE_ALG_ED25519): number {
  const digest = crypto
    .createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, alg]))
    .update(publicKey)
    .digest();
  return digest.readUInt32BE(0);
}

export function hex8(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

/**
 * An Ed25519 verifier for the raw signature bytes. `alg` is the signature type byte the key ID
 * commits to: 0x01 for note signatures, 0x04 for timestamped cosignatures (cosignature.ts).
 */
export function makeVerifier(name: string, publicKey: Buffer, alg: number = NOTE_ALG_ED25519): NoteVerifier {
  const keyObject = crypto.createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, publicKey]),
    format: 'der',
    type: 'spki',
  });
  return {
    name,
    keyId: computeKeyId(name, publicKey, alg),
    publicKey,
    verify: (message, signature) =>
      signature.length === 64 && crypto.verify(null, message, keyObject, signature),
  };
}

export function signerFromSeed(name: string, seed: Buffer, alg: number = NOTE_ALG_ED25519): NoteSigner {
  const privateKey = crypto.createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const spki = crypto.createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const verifier = makeVerifier(name, Buffer.from(spki.subarray(spki.length - 32)), alg);
  return {
    name,
    keyId: verifier.keyId,
    verifier,
    sign: (message) => crypto.sign(null, message, privateKey),
  };
}

/** Encodes a signer in the note signer-key format "PRIVATE+KEY+name+hash+base64(0x01 || seed)". */
export function formatSignerKey(signer: NoteSigner, seed: Buffer): string {
  return `PRIVATE+KEY+${signer.name}+${hex8(signer.keyId)}+${Buffer.concat([Buffer.from([NOTE_ALG_ED25519]), seed]).toString('base64')}`;
}

/** Generates a signer and returns it with its encoded signer key (for writing to a 0600 file). */
export function generateSignerKey(name: string): { signer: NoteSigner; signerKey: string } {
  if (!isValidKeyName(name)) throw new AuditError('key-malformed', `invalid key name ${JSON.stringify(name)}`);
  const seed = crypto.randomBytes(32);
  const signer = signerFromSeed(name, seed);
  return { signer, signerKey: formatSignerKey(signer, seed) };
}

/** Splits on the first parts-1 '+' signs: base64 key material may itself contain '+'. */
export function splitKey(text: string, parts: number, what: string): string[] {
  const all = text.trim().split('+');
  if (all.length < parts) throw new AuditError('key-malformed', `${what} must have ${parts} '+'-separated fields`);
  return [...all.slice(0, parts - 1), all.slice(parts - 1).join('+')];
}

/** The 32 key bytes of "name+hash+base64(alg || key)" fields, after checking name, hash syntax and type byte. */
export function decodeKeyMaterial(name: string, hash: string, b64: string, what: string, alg: number = NOTE_ALG_ED25519): Buffer {
  if (!isValidKeyName(name)) throw new AuditError('key-malformed', `${what} has an invalid key name`);
  if (!/^[0-9a-f]{8}$/.test(hash)) throw new AuditError('key-malformed', `${what} key hash must be 8 lower-case hex digits`);
  const raw = Buffer.from(b64, 'base64');
  if (raw.toString('base64') !== b64 || raw.length !== 33 || raw[0] !== alg) {
    throw new AuditError('key-malformed', `${what} must hold an Ed25519 key (type 0x${alg.toString(16).padStart(2, '0')} and 32 bytes)`);
  }
  return raw.subarray(1);
}

/** Parses "PRIVATE+KEY+name+hash+base64(0x01 || seed)". Never echoes the key in errors. */
export function parseSignerKey(text: string): NoteSigner {
  const [p, k, name, hash, b64] = splitKey(text, 5, 'signer key');
  if (p !== 'PRIVATE' || k !== 'KEY') throw new AuditError('key-malformed', 'signer key must start with PRIVATE+KEY+');
  const seed = decodeKeyMaterial(name!, hash!, b64!, 'signer key');
  const signer = signerFromSeed(name!, seed);
  if (hex8(signer.keyId) !== hash) throw new AuditError('key-malformed', 'signer key hash does not match its key');
  return signer;
}

/** Formats a verifier key "name+hash+base64(0x01 || public key)". */
export function formatVerifierKey(verifier: NoteVerifier): string {
  const material = Buffer.concat([Buffer.from([NOTE_ALG_ED25519]), verifier.publicKey]).toString('base64');
  return `${verifier.name}+${hex8(verifier.keyId)}+${material}`;
}

/** Parses a verifier key "name+hash+base64(0x01 || public key)". */
export function parseVerifierKey(text: string): NoteVerifier {
  const [name, hash, b64] = splitKey(text, 3, 'verifier key');
  const publicKey = decodeKeyMaterial(name!, hash!, b64!, 'verifier key');
  const verifier = makeVerifier(name!, Buffer.from(publicKey));
  if (hex8(verifier.keyId) !== hash) throw new AuditError('key-malformed', 'verifier key hash does not match its key');
  return verifier;
}

/** Signs note text (which must end in a newline) and returns the whole signed note. */
export function signNote(text: string, signer: NoteSigner): string {
  if (!text.endsWith('\n')) throw new AuditError('note-malformed', 'note text must end with a newline');
  const sig = signer.sign(Buffer.from(text, 'utf8'));
  const keyId = Buffer.alloc(4);
  keyId.writeUInt32BE(signer.keyId);
  return `${text}\n${SIGNATURE_LINE_PREFIX}${signer.name} ${Buffer.concat([keyId, sig]).toString('base64')}\n`;
}

/** Parses one "— <key name> base64(key ID || signature)" line (without its newline). */
export function parseSignatureLine(line: string): NoteSignature {
  if (!line.startsWith(SIGNATURE_LINE_PREFIX)) throw new AuditError('note-malformed', 'signature line must begin with U+2014 and a space');
  const rest = line.slice(SIGNATURE_LINE_PREFIX.length);
  const space = rest.lastIndexOf(' ');
  const name = rest.slice(0, space);
  const b64 = rest.slice(space + 1);
  const raw = Buffer.from(b64, 'base64');
  if (space <= 0 || !isValidKeyName(name) || raw.toString('base64') !== b64 || raw.length < 5) {
    throw new AuditError('note-malformed', 'malformed signature line');
  }
  return { name, keyId: raw.readUInt32BE(0), signature: raw.subarray(4) };
}

/** Splits a signed note into its text and signature lines, without verifying. */
export function parseNote(note: string): { text: string; signatures: NoteSignature[] } {
  if (Buffer.byteLength(note) > MAX_NOTE_BYTES) throw new AuditError('note-malformed', 'note is too large');
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new AuditError('note-malformed', 'note has no signature block');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2, -1);
  return { text, signatures: block === '' ? [] : block.split('\n').map(parseSignatureLine) };
}

/**
 * Opens a signed note: returns its text once at least one signature by `verifier` verifies.
 * A signature line naming the verifier's key (name and key ID) that does not verify is an error,
 * not something to skip.
 */
export function openNote(note: string, verifier: NoteVerifier): OpenedNote {
  const { text, signatures } = parseNote(note);
  const message = Buffer.from(text, 'utf8');
  const verified: NoteSignature[] = [];
  const others: NoteSignature[] = [];
  for (const sig of signatures) {
    if (sig.name !== verifier.name || sig.keyId !== verifier.keyId) {
      others.push(sig);
      continue;
    }
    if (!verifier.verify(message, sig.signature)) {
      throw new AuditError('signature-invalid', `signature by ${verifier.name} does not verify`);
    }
    verified.push(sig);
  }
  if (verified.length === 0) {
    throw new AuditError('signature-missing', `note carries no signature by ${verifier.name}+${hex8(verifier.keyId)}`);
  }
  return { text, verified, others };
}
