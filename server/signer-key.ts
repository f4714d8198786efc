// A person's personal signing key on disk, as `keygate signer init` keeps it: an Ed25519 private
// key in PKCS #8 PEM, file mode 0600, in a directory of its own (mode 0700). The server never reads
// such a file; the CLI signs with it, and the demo writes one per demo person under its data dir.
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const SIGNER_KEY_FILE = 'signer-key.pem';

export function signerKeyPath(dir: string): string {
  return path.join(dir, SIGNER_KEY_FILE);
}

/** Writes a new key into `dir`; throws (EEXIST) rather than overwrite one. */
export function writeNewSignerKey(dir: string): KeyObject {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  fs.writeFileSync(signerKeyPath(dir), privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  return privateKey;
}

/** The key in `dir`, or null when there is none; an error when the file holds another kind of key. */
export function readSignerKeyFile(dir: string): KeyObject | null {
  const file = signerKeyPath(dir);
  if (!fs.existsSync(file)) return null;
  const key = createPrivateKey(fs.readFileSync(file));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${file} is not an Ed25519 key`);
  return key;
}
