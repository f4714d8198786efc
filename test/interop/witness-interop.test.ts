// Interoperability in both directions against the independent implementation in this folder
// (spec-client.ts, spec-witness.ts: written from the C2SP texts, sharing no code with the product):
// - the product's log with independent witnesses: it gets cosignatures from them, publishes and
//   exports them, and detects a rollback they reveal;
// - an independent log with the product's witness (`keygate witness`): its checkpoints are
//   cosigned, refused with the spec's statuses, and the product's cosignatures verify with the
//   independent verifier.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { parseCosignerKey } from '../../audit/cosignature.ts';
import { verifyExport } from '../../audit/verify-export.ts';
import { openKeygate } from '../../server/compose.ts';
import type { Keygate } from '../../server/compose.ts';
import type { Config } from '../../server/config.ts';
import { exportLog } from '../../server/log-export.ts';
import { tempDir } from '../helpers/databases.ts';
import { sampleEntry, testConfig } from '../helpers/keygate.ts';
import { ControlledPoster, ManualClock, startWitness, witnessUntil } from '../helpers/witnesses.ts';
import { checkpointBody, consistencyProof, cosignedBy, hashChildren, hashLeaf, newIdentity, openSignedNote, readCheckpointBody, readVkey, sha256, signNoteBody } from './spec-client.ts';
import { startSpecWitness } from './spec-witness.ts';
import type { SpecWitness } from './spec-witness.ts';

async function append(kg: Keygate, from: number, count: number): Promise<void> {
  await kg.db.transaction(async (tx) => {
    for (let i = from; i < from + count; i++) await kg.log.append(tx, sampleEntry(i));
  });
}

describe('interoperability with an independent tlog-witness implementation', () => {
  context('the product log, cosigned by independent witnesses', () => {
    let dataDir: string;
    let clock: ManualClock;
    let poster: ControlledPoster;
    let a: SpecWitness;
    let b: SpecWitness;
    let kg: Keygate;
    let config: Config;

    const open = async () => openKeygate(config, { clock: clock.now, witnessPoster: poster.post });
    const caughtUp = async () => (await kg.publisher.summary()).witnessedSize === (await kg.log.latestCheckpoint()).treeSize;

    beforeEach(async () => {
      dataDir = tempDir();
      clock = new ManualClock();
      poster = new ControlledPoster();
      const base = testConfig({ engine: 'sqlite', filename: path.join(dataDir, 'keygate.sqlite') }, { dataDir });
      const first = await openKeygate(base);
      const vkey = first.log.verifierKey;
      await first.close();
      a = await startSpecWitness([vkey], 'independent.test/a');
      b = await startSpecWitness([vkey], 'independent.test/b');
      config = { ...base, witnesses: [{ vkey: a.vkey, url: a.url }, { vkey: b.vkey, url: b.url }] };
      kg = await open();
    });

    afterEach(async () => {
      await kg.close();
      await a.close();
      await b.close();
    });

    it('publishes checkpoints the independent verifier finds signed by the log and cosigned by both witnesses', async () => {
      await append(kg, 0, 5);
      await witnessUntil(kg, clock, caughtUp);
      await append(kg, 5, 12);
      await witnessUntil(kg, clock, caughtUp);
      const published = (await kg.publisher.latest())!;
      const head = readCheckpointBody(openSignedNote(published.note, readVkey(kg.log.verifierKey)));
      expect(head.size).to.equal(17);
      expect(cosignedBy(published.note, [readVkey(a.vkey), readVkey(b.vkey)]).sort()).to.deep.equal(['independent.test/a', 'independent.test/b']);
      // The independent witness accepted the product's consistency proofs (0 → 5 → 17) and nothing else.
      expect(a.answers.filter((s) => s === 200).length).to.be.greaterThan(1);
      expect(a.answers.every((s) => s === 200)).to.equal(true);
      expect(a.heads.get(kg.log.origin)?.size).to.equal(17);
    });

    it('exports a checkpoint whose independent cosignatures the product verifier checks', async () => {
      await append(kg, 0, 9);
      await witnessUntil(kg, clock, caughtUp);
      const dir = tempDir('keygate-export-');
      await exportLog(kg.logStore, kg.log.verifierKey, dir, (await kg.publisher.latest())!);
      const report = await verifyExport({
        checkpoint: fs.readFileSync(path.join(dir, 'checkpoint'), 'utf8'),
        entries: fs.createReadStream(path.join(dir, 'entries.jsonl')),
        verifier: kg.log.verifier,
        witnesses: [parseCosignerKey(a.vkey), parseCosignerKey(b.vkey)],
      });
      expect(report.failure).to.equal(null);
      expect(report.checks.find((c) => c.check === 'cosignatures')?.ok).to.equal(true);
    });

    it('learns an independent witness size from its 409 and catches it up after it was down', async () => {
      await append(kg, 0, 4);
      await witnessUntil(kg, clock, caughtUp);
      poster.down.add(b.url);
      await append(kg, 4, 6);
      for (let i = 0; i < 3; i++) {
        clock.advance(1_000);
        await kg.witnessing!.round();
      }
      expect(b.heads.get(kg.log.origin)?.size).to.equal(4);
      poster.down.clear();
      await witnessUntil(kg, clock, caughtUp, 80);
      expect(b.heads.get(kg.log.origin)?.size).to.equal(10);
    });

    it('stops appending when an independent witness reveals a rollback made with database access', async () => {
      await append(kg, 0, 3);
      await append(kg, 3, 5);
      await witnessUntil(kg, clock, caughtUp);
      // The operator also clears what the log remembers of its witnesses: the witnesses remember.
      await kg.db.knex.raw('DROP TRIGGER log_entries_no_delete');
      await kg.db.knex.raw('DROP TRIGGER log_entry_index_no_delete');
      await kg.db.knex('log_entries').where('idx', '>=', 3).delete();
      await kg.db.knex('log_entry_index').where('idx', '>=', 3).delete();
      await kg.db.knex('witness_state').delete();
      await kg.close();
      kg = await open();
      await append(kg, 3, 1);
      await witnessUntil(kg, clock, async () => (await kg.log.currentHalt()) !== null);
      expect((await kg.log.currentHalt())?.message).to.match(/cosigned tree size 8 but the log holds 4 entries/);
      expect(b.answers.at(-1)).to.equal(409);
    });
  });

  context("an independent log, cosigned by the product's witness", () => {
    const ORIGIN = 'independent.test/log';
    const logKey = newIdentity(ORIGIN, 0x01);
    const mthOf = (leaves: Buffer[]) => {
      const mth = (x: number, y: number): Buffer => {
        if (y - x === 0) return sha256();
        if (y - x === 1) return leaves[x]!;
        let k = 1;
        while (k * 2 < y - x) k *= 2;
        return hashChildren(mth(x, x + k), mth(x + k, y));
      };
      return mth;
    };
    const leavesOf = (n: number, salt = '') => Array.from({ length: n }, (_, i) => hashLeaf(Buffer.from(`${salt}leaf ${i}`)));
    const checkpoint = (leaves: Buffer[]) => signNoteBody(checkpointBody({ origin: ORIGIN, size: leaves.length, root: mthOf(leaves)(0, leaves.length) }), logKey);
    const body = (old: number, leaves: Buffer[]) => {
      const proof = consistencyProof(old, leaves.length, mthOf(leaves));
      return `old ${old}\n${proof.map((h) => `${h.toString('base64')}\n`).join('')}\n${checkpoint(leaves)}`;
    };

    it('cosigns consistent checkpoints with cosignatures the independent verifier accepts, and answers the spec statuses otherwise', async () => {
      const w = await startWitness(logKey.vkey, 'product.test/witness');
      const post = async (text: string) => {
        const res = await fetch(`${w.http.url}/add-checkpoint`, { method: 'POST', body: text });
        return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
      };
      try {
        const leaves = leavesOf(13);
        const first = await post(body(0, leaves.slice(0, 5)));
        expect(first.status).to.equal(200);
        expect(cosignedBy(`${checkpoint(leaves.slice(0, 5))}${first.text}`, [readVkey(w.witness.verifierKey)])).to.deep.equal(['product.test/witness']);
        const second = await post(body(5, leaves));
        expect(second.status).to.equal(200);
        expect(cosignedBy(`${checkpoint(leaves)}${second.text}`, [readVkey(w.witness.verifierKey)])).to.deep.equal(['product.test/witness']);
        expect(await post(body(5, leaves))).to.deep.equal({ status: 409, type: 'text/x.tlog.size', text: '13\n' });
        const fork = [...leaves, ...leavesOf(4, 'fork ')];
        fork[2] = hashLeaf(Buffer.from('changed'));
        expect((await post(body(13, fork))).status).to.equal(422);
        const stranger = newIdentity(ORIGIN, 0x01);
        const forged = signNoteBody(checkpointBody({ origin: ORIGIN, size: 13, root: mthOf(leaves)(0, 13) }), stranger);
        expect((await post(`old 13\n\n${forged}`)).status).to.equal(403);
      } finally {
        await w.close();
      }
    });
  });
});
