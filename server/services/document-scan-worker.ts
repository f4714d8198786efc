// The worker thread of DocumentScanner: scans each document it is sent for private keys and
// hashes it, so a 25 MiB upload costs the event loop nothing. Replies with the SHA-256 and the
// detection (fixed labels only, never material), or the coded error that refuses the document.
import crypto from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { PkiError, scanDocument } from '../../pki/index.ts';
import type { ScanReply, ScanRequest } from './document-scanner.ts';

async function handle(request: ScanRequest): Promise<ScanReply> {
  const sha256 = crypto.createHash('sha256').update(request.bytes).digest('hex');
  try {
    return { id: request.id, sha256, detection: await scanDocument(request.bytes) };
  } catch (err) {
    if (err instanceof PkiError) return { id: request.id, sha256, error: { code: err.code, message: err.message } };
    return { id: request.id, sha256, error: { code: 'document-unscannable', message: 'refused: the document could not be scanned for private keys' } };
  }
}

parentPort!.on('message', (request: ScanRequest) => {
  void handle(request).then((reply) => parentPort!.postMessage(reply));
});
