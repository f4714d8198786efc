// A minimal tlog-witness written from the C2SP spec text, on node:http and the independent
// formats of spec-client.ts (nothing from audit/ or server/). State lives in memory; each request
// is handled synchronously between its read and its answer, so check-and-update is atomic.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkpointBody, consistencyHolds, cosign, newIdentity, readCheckpointBody, readNote, readVkey } from './spec-client.ts';
import type { Ed25519Identity, Head, Vkey } from './spec-client.ts';
import crypto from 'node:crypto';

export interface SpecWitness {
  readonly url: string;
  readonly vkey: string;
  readonly heads: Map<string, Head>;
  readonly answers: number[];
  close(): Promise<void>;
}

function answer(res: http.ServerResponse, status: number, body: string, type = 'text/plain'): void {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

function handle(body: string, logs: readonly Vkey[], heads: Map<string, Head>, me: Ed25519Identity): { status: number; body: string; type?: string } {
  // "old <size>\n", zero or more base64 proof lines, an empty line, then the checkpoint note.
  const split = body.indexOf('\n\n');
  if (split < 0) return { status: 400, body: 'no empty line\n' };
  const [oldLine, ...proofLines] = body.slice(0, split).split('\n');
  const m = /^old (0|[1-9][0-9]*)$/.exec(oldLine ?? '');
  if (m === null || proofLines.length > 63) return { status: 400, body: 'bad old line or proof\n' };
  const old = Number(m[1]);
  const proof = proofLines.map((l) => Buffer.from(l, 'base64'));
  const noteText = body.slice(split + 2);
  let note;
  try {
    note = readNote(noteText);
  } catch {
    return { status: 400, body: 'bad note\n' };
  }
  const head = readCheckpointBody(note.body);
  // Unknown origin: 404. No verifying signature by a key trusted for the origin: 403.
  const keys = logs.filter((k) => k.name === head.origin);
  if (keys.length === 0) return { status: 404, body: 'unknown origin\n' };
  let good = 0;
  for (const sig of note.sigs) {
    const key = keys.find((k) => k.name === sig.name && k.id.equals(sig.blob.subarray(0, 4)));
    if (key === undefined) continue;
    if (!crypto.verify(null, Buffer.from(note.body), key.key, sig.blob.subarray(4))) return { status: 403, body: 'bad signature\n' };
    good += 1;
  }
  if (good === 0) return { status: 403, body: 'not signed by the log\n' };
  if (old > head.size) return { status: 400, body: 'old size above checkpoint size\n' };
  const known = heads.get(head.origin);
  const knownSize = known?.size ?? 0;
  if (old !== knownSize) return { status: 409, body: `${knownSize}\n`, type: 'text/x.tlog.size' };
  if (known !== undefined && old === head.size && !known.root.equals(head.root)) return { status: 409, body: `${knownSize}\n`, type: 'text/x.tlog.size' };
  if (known !== undefined && old > 0 && !consistencyHolds(old, known.root, head.size, head.root, proof)) return { status: 422, body: 'inconsistent\n' };
  if (old === 0 && proof.length > 0) return { status: 422, body: 'proof from 0 must be empty\n' };
  heads.set(head.origin, head);
  return { status: 200, body: cosign(checkpointBody(head), me, Math.floor(Date.now() / 1000)) };
}

export async function startSpecWitness(logVkeys: readonly string[], name: string, heads = new Map<string, Head>(), identity?: Ed25519Identity): Promise<SpecWitness & { identity: Ed25519Identity }> {
  const me = identity ?? newIdentity(name, 0x04);
  const logs = logVkeys.map(readVkey);
  const answers: number[] = [];
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/add-checkpoint') return answer(res, 404, 'not found\n');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const out = handle(Buffer.concat(chunks).toString('utf8'), logs, heads, me);
      answers.push(out.status);
      answer(res, out.status, out.body, out.type);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    vkey: me.vkey,
    identity: me,
    heads,
    answers,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
