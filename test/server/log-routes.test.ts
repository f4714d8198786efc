import path from 'node:path';
import { expect } from 'chai';
import { verifyCheckpoint } from '../../audit/checkpoint.ts';
import { leafHash } from '../../audit/hash.ts';
import { verifyConsistency, verifyInclusion } from '../../audit/merkle-verify.ts';
import { parseVerifierKey } from '../../audit/note.ts';
import type { Keygate } from '../../server/compose.ts';
import { createApp } from '../../server/app.ts';
import { tempDir } from '../helpers/databases.ts';
import { serve, silentLogger } from '../helpers/http.ts';
import type { Served } from '../helpers/http.ts';
import { openTestKeygate, sampleEntry } from '../helpers/keygate.ts';
import { createPrincipal } from '../helpers/auth.ts';

const b64 = (s: string) => Buffer.from(s, 'base64');

describe('log routes', () => {
  let kg: Keygate;
  let http: Served;
  let headers: Record<string, string>;
  const get = (path: string) => fetch(`${http.url}${path}`, { headers });

  before(async () => {
    kg = await openTestKeygate({ engine: 'sqlite', filename: path.join(tempDir(), 'db.sqlite') });
    await kg.db.transaction(async (tx) => {
      for (let i = 0; i < 10; i++) await kg.log.append(tx, sampleEntry(i));
    });
    await kg.db.transaction(async (tx) => {
      for (let i = 10; i < 13; i++) await kg.log.append(tx, sampleEntry(i));
    });
    // The auditor's account and token add two entries: the log holds 15.
    headers = (await createPrincipal(kg, { role: 'auditor' })).headers;
    http = await serve(createApp(kg, silentLogger));
  });

  after(async () => {
    await http.close();
    await kg.close();
  });

  it('refuses an anonymous caller with a 401 problem', async () => {
    const res = await fetch(`${http.url}/api/v1/log/checkpoint`);
    expect(res.status).to.equal(401);
    expect(((await res.json()) as { code: string }).code).to.equal('unauthenticated');
  });

  it('GET /healthz answers ok', async () => {
    const res = await fetch(`${http.url}/healthz`);
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ status: 'ok' });
  });

  it('GET /api/v1/log/checkpoint serves the signed note as text, verifiable with /log/key', async () => {
    const res = await get(`/api/v1/log/checkpoint`);
    expect(res.headers.get('content-type')).to.match(/^text\/plain/);
    const key = await (await get(`/api/v1/log/key`)).text();
    const cp = verifyCheckpoint(await res.text(), parseVerifierKey(key.trim()), kg.log.origin);
    expect(cp.treeSize).to.equal(15);
  });

  it('GET /api/v1/log/entries returns a bounded page of exact leaves', async () => {
    const res = await get(`/api/v1/log/entries?start=2&end=5`);
    const body = (await res.json()) as { start: number; end: number; treeSize: number; entries: Array<{ index: number; leaf: string; entry: { data: { n: number } } }> };
    expect(body).to.include({ start: 2, end: 5, treeSize: 15 });
    expect(body.entries.map((e) => e.index)).to.deep.equal([2, 3, 4]);
    expect(body.entries[0]!.entry.data.n).to.equal(2);
    const stored = await kg.logStore.readLeaves(2, 3);
    expect(Buffer.from(body.entries[0]!.leaf, 'utf8').equals(stored[0]!.bytes)).to.equal(true);
  });

  it('serves an inclusion proof in the CLI JSON shape that verifies', async () => {
    const res = await get(`/api/v1/log/proof/inclusion?index=11&size=13`);
    const p = (await res.json()) as { index: number; treeSize: number; leafHash: string; root: string; hashes: string[] };
    expect(Object.keys(p)).to.deep.equal(['index', 'treeSize', 'leafHash', 'root', 'hashes']);
    const stored = await kg.logStore.readLeaves(11, 12);
    expect(b64(p.leafHash).equals(leafHash(stored[0]!.bytes))).to.equal(true);
    verifyInclusion({ index: 11, treeSize: 13, leafHash: b64(p.leafHash), proof: p.hashes.map(b64), root: b64(p.root) });
  });

  it('serves a consistency proof that verifies', async () => {
    const res = await get(`/api/v1/log/proof/consistency?old=10`);
    const p = (await res.json()) as { oldSize: number; oldRoot: string; treeSize: number; root: string; hashes: string[] };
    expect(Object.keys(p)).to.deep.equal(['oldSize', 'oldRoot', 'treeSize', 'root', 'hashes']);
    expect(p.treeSize).to.equal(15);
    const old = await kg.logStore.checkpointAt(10);
    expect(b64(p.oldRoot).equals(old!.rootHash)).to.equal(true);
    verifyConsistency({ oldSize: 10, treeSize: 15, oldRoot: b64(p.oldRoot), root: b64(p.root), proof: p.hashes.map(b64) });
  });

  context('when the query is invalid', () => {
    for (const [query, code] of [
      ['proof/inclusion?index=15', 'range-invalid'],
      ['proof/inclusion?index=1&size=16', 'range-invalid'],
      ['proof/inclusion?index=-1', 'query-invalid'],
      ['proof/inclusion?index=abc', 'query-invalid'],
      ['proof/inclusion', 'query-invalid'],
      ['proof/consistency?old=16', 'range-invalid'],
      ['entries?start=2&end=1', 'range-invalid'],
      ['entries?start=0&bogus=1', 'query-invalid'],
    ] as const) {
      it(`answers ${query} with a 400 problem (${code})`, async () => {
        const res = await get(`/api/v1/log/${query}`);
        expect(res.status).to.equal(400);
        expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
        expect(((await res.json()) as { code: string }).code).to.equal(code);
      });
    }
  });

  it('answers an unknown route with a 404 problem', async () => {
    const res = await get(`/api/v1/nope`);
    expect(res.status).to.equal(404);
    expect(((await res.json()) as { code: string }).code).to.equal('not-found');
  });
});
