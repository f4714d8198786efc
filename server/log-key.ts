// The log's Ed25519 signer key: read from KEYGATE_LOG_KEY, or kept in the data dir with mode
// 0600, generated at first start. The key itself is never printed or logged.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generateSignerKey, parseSignerKey } from '../audit/note.ts';
import type { NoteSigner } from '../audit/note.ts';

export type LogKeyErrorCode = 'log-key-invalid';

export class LogKeyError extends Error {
  readonly code: LogKeyErrorCode = 'log-key-invalid';
}

export const LOG_KEY_FILE = 'log-key';

function readKeyFile(file: string): NoteSigner {
  const mode = fs.statSync(file).mode;
  if ((mode & 0o077) !== 0) {
    throw new LogKeyError(`log key ${file} is readable by others (mode ${(mode & 0o777).toString(8)}); chmod 600 it`);
  }
  try {
    return parseSignerKey(fs.readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new LogKeyError(`log key ${file} is not a note signer key`, { cause });
  }
}

/** Loads the configured key, or the data dir's key, creating the latter (named `name`) if absent. */
export function loadOrCreateLogKey(options: { keyPath: string | undefined; dataDir: string; name: string }): {
  signer: NoteSigner;
  created: boolean;
} {
  if (options.keyPath !== undefined) {
    if (!fs.existsSync(options.keyPath)) throw new LogKeyError(`KEYGATE_LOG_KEY names ${options.keyPath}, which does not exist`);
    return { signer: readKeyFile(options.keyPath), created: false };
  }
  const file = path.join(options.dataDir, LOG_KEY_FILE);
  if (fs.existsSync(file)) return { signer: readKeyFile(file), created: false };
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const { signer, signerKey } = generateSignerKey(options.name);
  // 'wx' fails if another process created the file meanwhile; then use that one.
  try {
    fs.writeFileSync(file, `${signerKey}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { signer: readKeyFile(file), created: false };
    throw err;
  }
  return { signer, created: true };
}

/**
 * A 32-byte key for sealing other secrets (webhook signing secrets), derived with HKDF-SHA256
 * from the log's signer key file under `label`: every instance holding the log key derives the
 * same key, and nothing new needs keeping.
 */
export function deriveFromLogKey(options: { keyPath: string | undefined; dataDir: string }, label: string): Buffer {
  const file = options.keyPath ?? path.join(options.dataDir, LOG_KEY_FILE);
  const material = fs.readFileSync(file, 'utf8').trim();
  return Buffer.from(crypto.hkdfSync('sha256', Buffer.from(material, 'utf8'), Buffer.alloc(0), Buffer.from(label, 'utf8'), 32));
}
