import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { verifyCheckpoint } from '../../audit/checkpoint.ts';
import { parseEntry } from '../../audit/entry.ts';
import { verifyConsistency, verifyInclusion } from '../../audit/merkle-verify.ts';
import { getConsistencyProof, getInclusionProof } from '../../audit/proofs.ts';
import { parseVerifierKey } from '../../audit/note.ts';
import { forEachEngine, tempDir } from '../helpers/databases.ts';
import { exportAndVerify } from '../helpers/export-fixture.ts';
import { openTestKeygate, sampleEntry, testConfig } from '../helpers/keygate.ts';
import { openKeygate } from '../../server/compose.ts';
import { LOG_TABLES } from '../../server/storage/migrations/001-audit-log.ts';
import { machineLimit } from '../helpers/time-limits.ts';

const run = promisify(execFile);

describe('audit log storage', () => {
  forEachEngine((engine) => {
    context('when entries are appended and the database reopened', () => {
      it('keeps every entry, and the latest checkpoint covers them and verifies', async () => {
        const database = await engine.newDatabase();
        const config = testConfig(database);
        const first = await openKeygate(config);
        for (let i = 0; i < 5; i++) await first.db.transaction((tx) => first.log.append(tx, sampleEntry(i)).then(() => undefined));
        const vkey = first.log.verifierKey;
        await first.close();

        const again = await openKeygate(config);
        try {
          const cp = verifyCheckpoint((await again.log.latestCheckpoint()).note, parseVerifierKey(vkey), again.log.origin);
          expect(cp.treeSize).to.equal(5);
          const leaves = await again.logStore.readLeaves(0, 5);
          expect(leaves.map((l) => (parseEntry(l.bytes).data as { n: number }).n)).to.deep.equal([0, 1, 2, 3, 4]);
          expect(again.log.verifierKey).to.equal(vkey);
        } finally {
          await again.close();
        }
      });
    });

    context('when a transaction fails after appending', () => {
      it('leaves no entry or checkpoint behind', async () => {
        const kg = await openTestKeygate(await engine.newDatabase());
        try {
          await kg.db.transaction((tx) => kg.log.append(tx, sampleEntry(0)).then(() => undefined));
          const before = (await kg.log.latestCheckpoint()).treeSize;
          let failed = false;
          try {
            await kg.db.transaction(async (tx) => {
              await kg.log.append(tx, sampleEntry(1));
              await kg.log.append(tx, sampleEntry(2));
              throw new Error('state change failed');
            });
          } catch (err) {
            failed = (err as Error).message === 'state change failed';
          }
          expect(failed).to.equal(true);
          expect(before).to.equal(1);
          expect((await kg.log.latestCheckpoint()).treeSize).to.equal(1);
          expect(await kg.logStore.countLeaves()).to.equal(1);
          const rows = await kg.db.knex('log_entries').count({ n: '*' }).first();
          expect(Number(rows?.n)).to.equal(1);
        } finally {
          await kg.close();
        }
      });
    });

    context('when appending many entries in one transaction', () => {
      it('issues one checkpoint for the transaction, and every proof verifies against it', async () => {
        const kg = await openTestKeygate(await engine.newDatabase());
        try {
          await kg.db.transaction(async (tx) => {
            for (let i = 0; i < 1234; i++) await kg.log.append(tx, sampleEntry(i));
          });
          await kg.db.transaction(async (tx) => {
            for (let i = 0; i < 3; i++) await kg.log.append(tx, sampleEntry(i));
          });
          const sizes = (await kg.logStore.listCheckpoints(-1, 10)).map((c) => c.treeSize);
          expect(sizes).to.deep.equal([0, 1234, 1237]);
          const latest = await kg.log.latestCheckpoint();
          for (const index of [0, 1, 511, 1023, 1233, 1236]) {
            const p = await getInclusionProof(kg.logStore, index);
            expect(p.root.equals(latest.rootHash)).to.equal(true);
            verifyInclusion({ index, treeSize: p.treeSize, leafHash: p.leafHash, proof: p.hashes, root: p.root });
          }
          const old = await kg.logStore.checkpointAt(1234);
          const c = await getConsistencyProof(kg.logStore, 1234);
          expect(c.oldRoot.equals(old!.rootHash)).to.equal(true);
          verifyConsistency({ oldSize: 1234, treeSize: 1237, oldRoot: c.oldRoot, root: c.root, proof: c.hashes });
        } finally {
          await kg.close();
        }
      });
    });

    context('when something tries to change the log tables', () => {
      for (const table of LOG_TABLES) {
        it(`refuses UPDATE and DELETE on ${table}`, async () => {
          const kg = await openTestKeygate(await engine.newDatabase());
          try {
            await kg.db.transaction((tx) => kg.log.append(tx, sampleEntry(0)).then(() => undefined));
            const update = table === 'log_entries' ? kg.db.knex(table).update({ leaf: Buffer.from('x') }) : kg.db.knex(table).update({ value: 'x' });
            await expectRefused(update, /append-only/);
            await expectRefused(kg.db.knex(table).delete(), /append-only/);
            if (engine.name === 'postgres') await expectRefused(kg.db.knex.raw(`TRUNCATE ${table}`), /append-only/);
            expect(await kg.logStore.countLeaves()).to.equal(1);
          } finally {
            await kg.close();
          }
        });
      }
    });

    context('when two processes append at the same time', () => {
      it('makes one linear log that verifies', async function () {
        this.timeout(machineLimit(240_000));
        const database = await engine.newDatabase();
        const config = testConfig(database);
        const kg = await openKeygate(config);
        await kg.close();
        const worker = path.resolve('test/helpers/append-worker.ts');
        const perWorker = 40;
        await Promise.all(
          ['a', 'b'].map((tag) =>
            run(process.execPath, ['--import', 'tsx', worker, JSON.stringify(database), config.dataDir, String(perWorker), tag]),
          ),
        );
        const again = await openKeygate(config);
        try {
          expect(await again.logStore.countLeaves()).to.equal(2 * perWorker);
          expect((await again.log.latestCheckpoint()).treeSize).to.equal(2 * perWorker);
          const leaves = await again.logStore.readLeaves(0, 2 * perWorker);
          const byWorker = (tag: string) => leaves.map((l) => parseEntry(l.bytes)).filter((e) => e.subject.id === tag).map((e) => e.data.i);
          const inOrder = Array.from({ length: perWorker }, (_, i) => i);
          expect(byWorker('a')).to.deep.equal(inOrder);
          expect(byWorker('b')).to.deep.equal(inOrder);
          const report = await exportAndVerify(again);
          expect(report.failure).to.equal(null);
          expect(report.entries).to.equal(2 * perWorker);
        } finally {
          await again.close();
        }
      });
    });

    context('when the configured origin differs from the stored one', () => {
      it('refuses to start with key-mismatch', async () => {
        const database = await engine.newDatabase();
        const config = testConfig(database);
        await (await openKeygate(config)).close();
        let code: string | undefined;
        try {
          await openKeygate({ ...config, origin: 'other.example/log' });
        } catch (err) {
          code = (err as { code?: string }).code;
        }
        expect(code).to.equal('key-mismatch');
      });
    });
  });

  context('on first start with SQLite', () => {
    it('creates the log key file with mode 0600', async () => {
      const dir = tempDir();
      const kg = await openKeygate(testConfig({ engine: 'sqlite', filename: path.join(dir, 'db.sqlite') }, { dataDir: dir }));
      await kg.close();
      expect(kg.createdLogKey).to.equal(true);
      expect(fs.statSync(path.join(dir, 'log-key')).mode & 0o777).to.equal(0o600);
    });
  });
});

async function expectRefused(query: PromiseLike<unknown>, pattern: RegExp): Promise<void> {
  let error: unknown;
  try {
    await query;
  } catch (err) {
    error = err;
  }
  expect(error, 'the database accepted the change').to.be.instanceOf(Error);
  expect((error as Error).message).to.match(pattern);
}
