// Documents are scanned for private keys off the event loop: one worker thread, started on first
// use, takes documents one at a time (the machine's other cores serve requests meanwhile), so
// /healthz and every other request keep answering while a large upload is scanned. The scan runs
// once per document; its result carries the SHA-256 the worker computed from the same bytes.
import { Worker } from 'node:worker_threads';
import { PkiError, privateKeyError } from '../../pki/index.ts';
import type { PkiErrorCode, PrivateKeyDetection } from '../../pki/index.ts';

export interface ScanRequest {
  readonly id: number;
  readonly bytes: Uint8Array;
}

export type ScanReply =
  | { readonly id: number; readonly sha256: string; readonly detection: PrivateKeyDetection | null }
  | { readonly id: number; readonly sha256: string; readonly error: { readonly code: PkiErrorCode; readonly message: string } };

/** A document that was scanned and holds no private key material. */
export interface ScannedDocument {
  readonly sha256: string;
}

interface Pending {
  readonly resolve: (r: ScanReply) => void;
  readonly reject: (err: unknown) => void;
}

/** Under tsx (development, tests) the worker registers tsx itself; the build runs the compiled .js. */
function startWorker(): Worker {
  const source = import.meta.url.endsWith('.ts');
  const entry = new URL(`./document-scan-worker.${source ? 'ts' : 'js'}`, import.meta.url);
  if (!source) return new Worker(entry);
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true });
}

export class DocumentScanner {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();

  private start(): Worker {
    if (this.worker !== null) return this.worker;
    const worker = startWorker();
    worker.unref();
    worker.on('message', (reply: ScanReply) => {
      const p = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      p?.resolve(reply);
    });
    const fail = (err: unknown) => {
      this.worker = null;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new PkiError('document-unscannable', `refused: the document scanner stopped (exit ${code}); the document was not scanned`)));
    this.worker = worker;
    return worker;
  }

  /** Scans and hashes `bytes`; throws PkiError private-key-material, document-bomb, document-unscannable ... */
  async scan(bytes: Uint8Array): Promise<ScannedDocument> {
    const worker = this.start();
    const id = this.nextId++;
    const reply = await new Promise<ScanReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref(); // keep the process up while a scan is owed
      worker.postMessage({ id, bytes } satisfies ScanRequest);
    }).finally(() => {
      if (this.pending.size === 0) this.worker?.unref();
    });
    if ('error' in reply) throw new PkiError(reply.error.code, reply.error.message);
    if (reply.detection !== null) throw privateKeyError(reply.detection);
    return { sha256: reply.sha256 };
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker !== null) await worker.terminate();
  }
}
