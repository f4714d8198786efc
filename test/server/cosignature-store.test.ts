import { expect } from 'chai';
import { openDatabase } from '../../server/storage/database.ts';
import type { Database } from '../../server/storage/database.ts';
import { CosignatureStore } from '../../server/storage/cosignature-store.ts';
import { forEachEngine } from '../helpers/databases.ts';

forEachEngine((engine) => {
  describe('CosignatureStore', () => {
    let db: Database;
    let store: CosignatureStore;
    const at = '2026-11-28T12:00:00.000Z';
    const add = (treeSize: number, witness: string) => store.insert({ treeSize, witness, line: `\u2014 ${witness} x${treeSize}`, cosignedAt: 1, receivedAt: at });

    beforeEach(async () => {
      db = await openDatabase(await engine.newDatabase());
      store = new CosignatureStore(db.knex);
    });
    afterEach(async () => {
      await db.close();
    });

    it('finds the largest size cosigned by a quorum of the given witnesses', async () => {
      await add(3, 'a+1');
      await add(3, 'b+2');
      await add(5, 'a+1');
      await add(7, 'c+3');
      await add(7, 'a+1');
      expect(await store.latestQuorumSize(['a+1', 'b+2'], 2)).to.equal(3);
      expect(await store.latestQuorumSize(['a+1', 'b+2'], 1)).to.equal(7);
      expect(await store.latestQuorumSize(['a+1', 'c+3'], 2)).to.equal(7);
      expect(await store.latestQuorumSize(['b+2', 'c+3'], 2)).to.equal(null);
      expect((await store.at(3, ['a+1', 'b+2'])).map((c) => c.line).sort()).to.deep.equal(['\u2014 a+1 x3', '\u2014 b+2 x3']);
      expect(Object.fromEntries(await store.largestCosignedSizes())).to.deep.equal({ 'a+1': 7, 'b+2': 3, 'c+3': 7 });
    });

    it('keeps the first cosignature of a witness for a size, and refuses to update or delete one (insert-only)', async () => {
      await add(3, 'a+1');
      await store.insert({ treeSize: 3, witness: 'a+1', line: 'other', cosignedAt: 2, receivedAt: at });
      expect((await store.at(3, ['a+1']))[0]!.line).to.equal('\u2014 a+1 x3');
      let refused = false;
      try {
        await db.knex('witness_cosignatures').where({ tree_size: 3 }).delete();
      } catch {
        refused = true;
      }
      expect(refused).to.equal(true);
    });

    it('remembers the latest size each witness told', async () => {
      await store.saveWitnessSize('a+1', 4, at);
      await store.saveWitnessSize('a+1', 9, at);
      expect(Object.fromEntries(await store.witnessSizes())).to.deep.equal({ 'a+1': 9 });
    });
  });
});
