// The witness's cosigner key, kept in its data dir with mode 0600 and generated on first use.
// The key itself is never printed or logged; `keygate witness key` prints its verifier key.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generateCosignerKey, parseCosignerSignerKey } from '../../audit/cosignature.ts';
import type { Cosigner } from '../../audit/cosignature.ts';

export const WITNESS_KEY_FILE = 'witness-key';

export type WitnessKeyErrorCode = 'witness-key-invalid';

export class WitnessKeyError extends Error {
  readonly code: WitnessKeyErrorCode = 'witness-key-invalid';
}

function readKeyFile(file: string): Cosigner {
  const mode = fs.statSync(file).mode;
  if ((mode & 0o077) !== 0) {
    throw new WitnessKeyError(`witness key ${file} is readable by others (mode ${(mode & 0o777).toString(8)}); chmod 600 it`);
  }
  try {
    return parseCosignerSignerKey(fs.readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new WitnessKeyError(`witness key ${file} is not a cosigner key`, { cause });
  }
}

/** A default name for a new witness: schema-less URL style, as tlog-cosignature recommends. */
export function defaultWitnessName(): string {
  return `keygate-witness.local/${crypto.randomBytes(4).toString('hex')}`;
}

/**
 * Loads the data dir's cosigner key, creating it (named `name`) if absent. A `name` that differs
 * from an existing key's is refused: a witness's identity does not change.
 */
export function loadOrCreateWitnessKey(dataDir: string, name: string | undefined): { cosigner: Cosigner; created: boolean } {
  const file = path.join(dataDir, WITNESS_KEY_FILE);
  if (fs.existsSync(file)) {
    const cosigner = readKeyFile(file);
    if (name !== undefined && name !== cosigner.name) {
      throw new WitnessKeyError(`the witness key in ${dataDir} is named ${JSON.stringify(cosigner.name)}, not ${JSON.stringify(name)}`);
    }
    return { cosigner, created: false };
  }
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const { cosigner, signerKey } = generateCosignerKey(name ?? defaultWitnessName());
  try {
    fs.writeFileSync(file, `${signerKey}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { cosigner: readKeyFile(file), created: false };
    throw err;
  }
  return { cosigner, created: true };
}
