// The log served as C2SP tlog-tiles, read by the independent client in test/interop/spec-client.ts:
// it sees only the checkpoint, tiles and entry bundles, recomputes the root of every checkpoint
// issued around tile boundaries, and checks inclusion of random entries.
import { expect } from 'chai';
import type { Keygate } from '../../server/compose.ts';
import { createApp } from '../../server/app.ts';
import { createPrincipal } from '../helpers/auth.ts';
import { forEachEngine } from '../helpers/databases.ts';
import { serve, silentLogger } from '../helpers/http.ts';
import type { Served } from '../helpers/http.ts';
import { openTestKeygate, sampleEntry } from '../helpers/keygate.ts';
import { machineLimit } from '../helpers/time-limits.ts';
import { hashLeaf, openSignedNote, readCheckpointBody, readVkey, rootFromPath, TileClient } from '../interop/spec-client.ts';

const BASE = '/api/v1/log';

async function growTo(kg: Keygate, size: number): Promise<void> {
  const { treeSize } = await kg.log.latestCheckpoint();
  await kg.db.transaction(async (tx) => {
    for (let i = treeSize; i < size; i++) await kg.log.append(tx, sampleEntry(i));
  });
}

/** A deterministic pseudo-random index below n. */
function pick(n: number, seed: number): number {
  return Math.floor(((seed * 2654435761) % 4294967296) / 4294967296 * n);
}

forEachEngine((engine) => {
  describe('log tiles (C2SP tlog-tiles)', function () {
    this.timeout(machineLimit(300_000));
    let kg: Keygate;
    let http: Served;
    let headers: Record<string, string>;
    const sizes = engine.name === 'sqlite' ? [255, 256, 257, 65_536, 70_000] : [255, 256, 257, 600];
    const checkpoints = new Map<number, string>();

    const getBytes = async (path: string, h: Record<string, string> = headers): Promise<Response> => fetch(`${http.url}${BASE}/${path}`, { headers: h });

    before(async () => {
      kg = await openTestKeygate(await engine.newDatabase());
      headers = (await createPrincipal(kg, { role: 'auditor' })).headers;
      http = await serve(createApp(kg, silentLogger));
      for (const size of sizes) {
        await growTo(kg, size);
        checkpoints.set(size, await (await getBytes('checkpoint')).text());
      }
    });

    after(async () => {
      await http.close();
      await kg.close();
    });

    const client = (size: number) =>
      new TileClient(async (path) => {
        const res = await getBytes(path);
        if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
        return Buffer.from(await res.arrayBuffer());
      }, size);

    it('recomputes the root of every checkpoint issued at tile boundaries from tiles alone', async () => {
      const vkey = readVkey(kg.log.verifierKey);
      for (const size of sizes) {
        const head = readCheckpointBody(openSignedNote(checkpoints.get(size)!, vkey));
        expect(head.size).to.equal(size);
        const c = client(size);
        expect((await c.root()).equals(head.root), `root at ${size}`).to.equal(true);
        expect(c.fetched.every((p) => p.startsWith('tile/'))).to.equal(true);
      }
    });

    it('proves inclusion of random entries (and the first and last) from entry bundles and tiles', async () => {
      const vkey = readVkey(kg.log.verifierKey);
      for (const size of sizes) {
        const head = readCheckpointBody(openSignedNote(checkpoints.get(size)!, vkey));
        const c = client(size);
        for (const i of [0, size - 1, pick(size, size), pick(size, size + 1), pick(size, size + 2)]) {
          const entry = await c.entry(i);
          if (i >= 2) expect(JSON.parse(entry.toString()).data.n, `entry ${i}`).to.equal(i);
          const root = rootFromPath(i, size, hashLeaf(entry), await c.inclusionPath(i));
          expect(root.equals(head.root), `inclusion of ${i} at ${size}`).to.equal(true);
        }
      }
    });

    it('encodes tile paths as the spec does and marks only full tiles immutable', async () => {
      const full = await getBytes('tile/0/000');
      expect(full.status).to.equal(200);
      expect(full.headers.get('content-type')).to.equal('application/octet-stream');
      expect(full.headers.get('cache-control')).to.equal('private, max-age=31536000, immutable');
      expect((await full.arrayBuffer()).byteLength).to.equal(256 * 32);
      const partial = await getBytes('tile/0/000.p/7');
      expect(partial.headers.get('cache-control')).to.not.include('immutable');
      expect((await partial.arrayBuffer()).byteLength).to.equal(7 * 32);
      if (engine.name === 'sqlite') {
        // 70,000 = 273 full level-0 tiles and one of width 112; level 1: one full tile, one of width 17; level 2: width 1.
        expect((await getBytes('tile/0/273.p/112')).status).to.equal(200);
        expect((await getBytes('tile/1/000')).status).to.equal(200);
        expect((await getBytes('tile/1/001.p/17')).status).to.equal(200);
        expect((await getBytes('tile/2/000.p/1')).status).to.equal(200);
      }
    });

    it('answers 404 beyond the tree and 400 to a path that is not canonical', async () => {
      const last = sizes.at(-1)!;
      expect((await getBytes(`tile/0/${String(Math.ceil(last / 256) + 1).padStart(3, '0')}`)).status).to.equal(404);
      expect((await getBytes('tile/3/000')).status).to.equal(404);
      for (const bad of ['tile/0/0', 'tile/0/x000/001', 'tile/64/000', 'tile/00/000', 'tile/0/000.p/256', 'tile/0/000.p/0', 'tile/entries/1']) {
        expect((await getBytes(bad)).status, bad).to.equal(400);
      }
    });

    it('serves gzip-encoded entry bundles of uint16 length-prefixed entries to clients that accept gzip', async () => {
      const res = await getBytes('tile/entries/000', { ...headers, 'accept-encoding': 'gzip' });
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-encoding')).to.equal('gzip');
      // fetch has decoded the gzip body: what remains is the bundle itself.
      const plain = Buffer.from(await res.arrayBuffer());
      const first = (await kg.logStore.readLeaves(0, 1))[0]!.bytes;
      expect(plain.readUInt16BE(0)).to.equal(first.length);
      expect(plain.subarray(2, 2 + first.length).equals(first)).to.equal(true);
    });

    it('requires authentication like the other log routes (Bearer tokens work, anonymous is 401)', async () => {
      expect((await getBytes('tile/0/000.p/1', {})).status).to.equal(401);
      expect((await getBytes('tile/entries/000.p/1', {})).status).to.equal(401);
    });
  });
});
