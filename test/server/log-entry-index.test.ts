import { expect } from 'chai';
import type { Keygate } from '../../server/compose.ts';
import { up as createIndex } from '../../server/storage/migrations/007-log-entry-index.ts';
import { searchIndex } from '../../server/storage/log-entry-index.ts';
import { forEachEngine } from '../helpers/databases.ts';
import { openTestKeygate } from '../helpers/keygate.ts';

const ACTIONS = ['request.submitted', 'request.vote_cast', 'requests.listed', 'request', 'roster.person_added', 'request.vote_cast.extra'];

forEachEngine((engine) => {
  describe('the subject/action index of log entries', () => {
    let kg: Keygate;

    before(async () => {
      kg = await openTestKeygate(await engine.newDatabase());
      await kg.db.transaction(async (tx) => {
        for (let i = 0; i < 60; i++) {
          await kg.log.append(tx, { actor: { id: 'a', role: 'dcc' }, action: ACTIONS[i % ACTIONS.length]!, subject: { type: i % 2 === 0 ? 'request' : 'person', id: `s-${i % 5}` }, data: { i } });
        }
      });
    });
    after(async () => {
      await kg.close();
    });

    const all = { below: 1_000, limit: 1_000, order: 'asc' as const };

    it('finds an action and the actions under it as a dotted prefix, not other words that start alike', async () => {
      const found = await searchIndex(kg.db.knex, { action: 'request' }, all);
      expect(found.every((i) => ['request.submitted', 'request.vote_cast', 'request', 'request.vote_cast.extra'].includes(ACTIONS[i % ACTIONS.length]!))).to.equal(true);
      expect(found).to.have.length(40);
      expect(await searchIndex(kg.db.knex, { action: 'request.vote_cast' }, all)).to.have.length(20);
    });

    it('merges the actions under a prefix in log order, within the window and the limit', async () => {
      const matches = (i: number) => ['request.submitted', 'request.vote_cast', 'request', 'request.vote_cast.extra'].includes(ACTIONS[i % ACTIONS.length]!);
      const expected = Array.from({ length: 60 }, (_, i) => i).filter(matches);
      expect(await searchIndex(kg.db.knex, { action: 'request' }, { below: 50, limit: 5, order: 'desc' })).to.deep.equal(expected.filter((i) => i < 50).reverse().slice(0, 5));
      expect(await searchIndex(kg.db.knex, { action: 'request' }, { from: 7, below: 1_000, limit: 5, order: 'asc' })).to.deep.equal(expected.filter((i) => i >= 7).slice(0, 5));
      expect(await searchIndex(kg.db.knex, { action: 'request', subjectType: 'request' }, all)).to.deep.equal(expected.filter((i) => i % 2 === 0));
      expect(await searchIndex(kg.db.knex, { action: 'roster' }, all)).to.deep.equal(Array.from({ length: 60 }, (_, i) => i).filter((i) => i % 6 === 4));
    });

    it('finds a subject, newest first with desc, below a size and from an index', async () => {
      const subject = { subjectType: 'request', subjectId: 's-0' };
      const asc = await searchIndex(kg.db.knex, subject, all);
      expect(asc).to.deep.equal([0, 10, 20, 30, 40, 50]);
      expect(await searchIndex(kg.db.knex, subject, { below: 45, limit: 2, order: 'desc' })).to.deep.equal([40, 30]);
      expect(await searchIndex(kg.db.knex, subject, { from: 15, below: 1_000, limit: 2, order: 'asc' })).to.deep.equal([20, 30]);
    });

    it('is filled for entries logged before the index existed', async () => {
      const before = await searchIndex(kg.db.knex, { subjectId: 's-3' }, all);
      await kg.db.knex.schema.dropTable('log_entry_index');
      await createIndex(kg.db.knex);
      expect(await searchIndex(kg.db.knex, { subjectId: 's-3' }, all)).to.deep.equal(before);
      expect(before).to.have.length(12);
    });
  });
});
