import { expect } from 'chai';
import { findCosignatures, parseCosignerKey } from '../../../audit/cosignature.ts';
import { formatVerifierKey, generateSignerKey } from '../../../audit/note.ts';
import { formatAddCheckpointRequest, TLOG_SIZE_MEDIA_TYPE } from '../../../audit/witness-protocol.ts';
import { loadWitnessConfig } from '../../../server/config.ts';
import { createWitnessApp } from '../../../server/witness/witness-app.ts';
import { openWitness } from '../../../server/witness/witness-compose.ts';
import type { Witness } from '../../../server/witness/witness-compose.ts';
import { tempDir } from '../../helpers/databases.ts';
import { serve } from '../../helpers/http.ts';
import type { Served } from '../../helpers/http.ts';
import { MemoryTree } from '../../helpers/memory-tree.ts';

const ORIGIN = 'keygate.test/log';
const logSigner = generateSignerKey(ORIGIN).signer;

async function startWitness(dataDir: string, clock?: () => Date): Promise<{ witness: Witness; http: Served }> {
  const config = loadWitnessConfig({}, { dataDir, port: 0, logKeys: [formatVerifierKey(logSigner.verifier)], name: 'witness.test/w1' });
  const witness = await openWitness(config, clock === undefined ? {} : { clock });
  const http = await serve(createWitnessApp(witness.service, { verifierKey: witness.verifierKey }));
  return { witness, http };
}

async function post(http: Served, body: string): Promise<{ status: number; type: string | null; body: string }> {
  const res = await fetch(`${http.url}/add-checkpoint`, { method: 'POST', body });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

describe('keygate witness (tlog-witness add-checkpoint)', () => {
  let dir: string;
  let w: { witness: Witness; http: Served };
  let tree: MemoryTree;

  beforeEach(async () => {
    dir = tempDir('keygate-witness-');
    w = await startWitness(dir, () => new Date('2026-11-28T12:00:00Z'));
    tree = new MemoryTree(ORIGIN, logSigner).grow(10);
  });

  afterEach(async () => {
    await w.http.close();
    await w.witness.close();
  });

  it('cosigns the first checkpoint of a log at old size 0 (trust on first use) with a cosignature/v1 line by its key', async () => {
    const res = await post(w.http, tree.submission(0));
    expect(res.status).to.equal(200);
    expect(res.body).to.match(/^\u2014 witness\.test\/w1 [A-Za-z0-9+/]+=*\n$/);
    const found = findCosignatures(`${tree.checkpoint()}${res.body}`, [parseCosignerKey(w.witness.verifierKey)]);
    expect(found).to.have.length(1);
    expect(found[0]!.timestamp).to.equal(Date.parse('2026-11-28T12:00:00Z') / 1000);
  });

  it('cosigns a consistent extension from the size it cosigned', async () => {
    expect((await post(w.http, tree.submission(0))).status).to.equal(200);
    tree.grow(7);
    expect((await post(w.http, tree.submission(10))).status).to.equal(200);
    expect((await w.witness.store.head(ORIGIN))?.treeSize).to.equal(17);
  });

  it('answers 409 with text/x.tlog.size and its size when the old size is not its own', async () => {
    await post(w.http, tree.submission(0));
    tree.grow(5);
    const res = await post(w.http, tree.submission(0));
    expect(res.status).to.equal(409);
    expect(res.type).to.equal(TLOG_SIZE_MEDIA_TYPE);
    expect(res.body).to.equal('10\n');
  });

  it('answers 409 to another root at the size it cosigned (a fork made with the log key) and keeps the submission as evidence', async () => {
    await post(w.http, tree.submission(0));
    const fork = new MemoryTree(ORIGIN, logSigner, 'fork ').grow(10);
    const res = await post(w.http, fork.submission(10));
    expect(res.status).to.equal(409);
    expect(res.body).to.equal('10\n');
    const refusals = await w.witness.store.refusals();
    expect(refusals.map((r) => r.status)).to.deep.equal([409]);
    expect(refusals[0]!.body).to.equal(fork.submission(10));
  });

  it('answers 422 to a consistency proof that does not verify (a fork that grew)', async () => {
    await post(w.http, tree.submission(0));
    const fork = new MemoryTree(ORIGIN, logSigner, 'fork ').grow(14);
    const res = await post(w.http, fork.submission(10));
    expect(res.status).to.equal(422);
    expect((await w.witness.store.head(ORIGIN))?.treeSize).to.equal(10);
  });

  it('answers 409 with its larger size to a rollback made with the log key', async () => {
    tree.grow(5);
    await post(w.http, tree.submission(0));
    const rolledBack = new MemoryTree(ORIGIN, logSigner).grow(12);
    const res = await post(w.http, rolledBack.submission(12));
    expect(res.status).to.equal(409);
    expect(res.body).to.equal('15\n');
  });

  it('answers 400 when the old size exceeds the checkpoint size, and to a body that does not parse', async () => {
    expect((await post(w.http, formatAddCheckpointRequest({ oldSize: 11, proof: [], checkpoint: tree.checkpoint() }))).status).to.equal(400);
    expect((await post(w.http, 'old 0\nnot a checkpoint')).status).to.equal(400);
  });

  it('answers 403 to a checkpoint signed by another key under the log name', async () => {
    const impostor = new MemoryTree(ORIGIN, generateSignerKey(ORIGIN).signer).grow(10);
    expect((await post(w.http, impostor.submission(0))).status).to.equal(403);
  });

  it('answers 404 to an origin it does not witness', async () => {
    const other = new MemoryTree('other.test/log', generateSignerKey('other.test/log').signer).grow(3);
    expect((await post(w.http, other.submission(0))).status).to.equal(404);
  });

  it('never rolls back under concurrent submissions: one wins each race, the others get 409 with the winner size', async () => {
    await post(w.http, tree.submission(0));
    for (let round = 0; round < 4; round++) {
      const base = tree.size;
      tree.grow(8);
      const sizes = [base + 2, base + 4, base + 6, base + 8];
      const answers = await Promise.all(sizes.map((s) => post(w.http, tree.submission(base, s))));
      const winners = sizes.filter((_, i) => answers[i]!.status === 200);
      expect(winners, `round ${round}`).to.have.length(1);
      const stored = (await w.witness.store.head(ORIGIN))!.treeSize;
      expect(stored).to.equal(winners[0]);
      for (const a of answers.filter((x) => x.status !== 200)) expect(a).to.deep.include({ status: 409, body: `${stored}\n` });
      // Catch up to the full tree before the next race.
      if (stored !== tree.size) expect((await post(w.http, tree.submission(stored))).status).to.equal(200);
    }
  });

  it('never rolls back when two witness processes share its file', async () => {
    await post(w.http, tree.submission(0));
    const second = await startWitness(dir);
    try {
      tree.grow(20);
      const sizes = [12, 15, 18, 21, 24, 27, 30];
      const answers = await Promise.all(sizes.map((s, i) => post(i % 2 === 0 ? w.http : second.http, tree.submission(10, s))));
      expect(answers.filter((a) => a.status === 200)).to.have.length(1);
      const won = sizes[answers.findIndex((a) => a.status === 200)];
      expect((await w.witness.store.head(ORIGIN))?.treeSize).to.equal(won);
    } finally {
      await second.http.close();
      await second.witness.close();
    }
  });

  it('keeps its state across a restart', async () => {
    await post(w.http, tree.submission(0));
    const key = w.witness.verifierKey;
    await w.http.close();
    await w.witness.close();
    w = await startWitness(dir);
    expect(w.witness.verifierKey).to.equal(key);
    const res = await post(w.http, tree.submission(0));
    expect(res).to.deep.include({ status: 409, body: '10\n' });
  });
});
