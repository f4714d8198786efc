// fsck and the server's own storage checks against what an operator with database access can do:
// delete the tail with its checkpoints, edit a leaf, delete a middle row, edit a state row, drop a
// trigger. Each is caught, named, and halts the log.
import { expect } from 'chai';
import type { Keygate } from '../../server/compose.ts';
import { seedDemo } from '../../server/demo/seed.ts';
import { runFsck } from '../../server/integrity/fsck.ts';
import type { FsckCheckName, FsckReport } from '../../server/integrity/fsck.ts';
import { configuredWitnesses } from '../../server/witnessing/witnesses.ts';
import { createApp } from '../../server/app.ts';
import { exportLog } from '../../server/log-export.ts';
import { createPrincipal } from '../helpers/auth.ts';
import { forEachEngine, tempDir } from '../helpers/databases.ts';
import { serve, silentLogger } from '../helpers/http.ts';
import type { EngineFixture } from '../helpers/databases.ts';
import { openTestKeygate, sampleEntry } from '../helpers/keygate.ts';
import { machineLimit } from '../helpers/time-limits.ts';

/** Entries of another module than the workflow (the approval rules do not replay them). */
async function append(kg: Keygate, from: number, count: number): Promise<void> {
  await kg.db.transaction(async (tx) => {
    for (let i = from; i < from + count; i++) await kg.log.append(tx, { ...sampleEntry(i), action: 'test.synthetic' });
  });
}

/** Drops the insert-only triggers of `table`, as an operator with database access would first. */
async function dropTriggers(kg: Keygate, table: string): Promise<void> {
  if (kg.db.engine === 'postgres') {
    await kg.db.knex.raw(`DROP TRIGGER ${table}_append_only ON ${table}`);
  } else {
    await kg.db.knex.raw(`DROP TRIGGER ${table}_no_update`);
    await kg.db.knex.raw(`DROP TRIGGER ${table}_no_delete`);
  }
}

function fsck(kg: Keygate, full: boolean): Promise<FsckReport> {
  return runFsck({ db: kg.db, log: kg.log, logStore: kg.logStore, cosignatures: kg.cosignatures, witnesses: configuredWitnesses(kg.config.witnesses ?? []) }, { full });
}

function failed(report: FsckReport): FsckCheckName[] {
  return report.checks.filter((c) => !c.ok).map((c) => c.check);
}

function problems(report: FsckReport, check: FsckCheckName): string {
  return report.checks.find((c) => c.check === check)!.problems.join('\n');
}

async function appendRefused(kg: Keygate): Promise<string> {
  try {
    await append(kg, 900, 1);
  } catch (err) {
    return (err as { code: string }).code;
  }
  return 'accepted';
}

forEachEngine((engine: EngineFixture) => {
  describe('keygate log fsck and the start-up storage check', function () {
    this.timeout(machineLimit(240_000));
    let kg: Keygate;

    beforeEach(async () => {
      kg = await openTestKeygate(await engine.newDatabase());
      await seedDemo(kg);
      await append(kg, 0, 7);
      await append(kg, 7, 5);
    });

    afterEach(async () => {
      await kg.close();
    });

    it('passes on an untouched log, by default and with --full, and the start-up check and state rebuild pass', async () => {
      for (const full of [false, true]) {
        const report = await fsck(kg, full);
        expect(failed(report), JSON.stringify(report.checks)).to.deep.equal([]);
        expect(report.checks.map((c) => c.check)).to.deep.equal(['head', 'tree', 'index', 'triggers', 'witnesses', 'workflow-state']);
      }
      expect((await fsck(kg, true)).checks[1]!.detail).to.match(/^entries 0 to \d+ recomputed/);
      await kg.watch.check();
      await kg.watch.checkState();
      expect(kg.watch.status()).to.deep.include({ ok: true, state: 'ok: every state row is what the log builds' });
    });

    it('catches a deleted tail with its checkpoints: the witnesses recorded a larger size, and a running server saw it shrink', async () => {
      await kg.watch.check();
      const size = (await kg.log.latestCheckpoint()).treeSize;
      await kg.cosignatures.saveWitnessSize('witness.test/w1+01020304', size, '2026-11-28T12:00:00.000Z');
      await dropTriggers(kg, 'log_entries');
      await kg.db.knex('log_entries').where('idx', '>=', size - 5).delete();
      const report = await fsck(kg, false);
      expect(failed(report)).to.include.members(['witnesses', 'index']);
      expect(problems(report, 'witnesses')).to.include(`cosigned tree size ${size}; the log holds ${size - 5} entries`);
      expect(problems(report, 'index')).to.include(`the entry index holds entry ${size - 1}; the log holds ${size - 5} entries`);
      await kg.watch.check();
      expect(kg.watch.status().detail).to.match(new RegExp(`shrank from tree size ${size} to ${size - 5}`));
      expect(await appendRefused(kg)).to.equal('log-halted');
    });

    it('catches an edited leaf: the tree check names it, serving it is an error (API, tiles, export), and the log halts', async () => {
      const auditor = await createPrincipal(kg, { role: 'auditor' });
      await dropTriggers(kg, 'log_entries');
      const size = (await kg.log.latestCheckpoint()).treeSize;
      const index = size - 3;
      const [row] = await kg.logStore.readLeaves(index, index + 1);
      await kg.db.knex('log_entries').where('idx', index).update({ leaf: Buffer.from(row!.bytes.toString().replace('synthetic', 'SYNTHETIC')) });
      for (const full of [false, true]) {
        const report = await fsck(kg, full);
        expect(failed(report)).to.include('tree');
        expect(problems(report, 'tree')).to.include(`leaf ${index}: the stored leaf hash differs`);
      }
      let code = '';
      try {
        await kg.logStore.readLeaves(index, index + 1);
      } catch (err) {
        code = (err as { code: string }).code;
      }
      expect(code).to.equal('log-inconsistent');
      const http = await serve(createApp(kg, silentLogger));
      try {
        for (const route of [`/api/v1/log/entries?start=${index}&end=${index + 1}`, '/api/v1/log/tile/entries/000.p/1'.replace('.p/1', `.p/${Math.min(255, size)}`)]) {
          const res = await fetch(`${http.url}${route}`, { headers: auditor.headers });
          expect(res.status, route).to.equal(500);
          expect(((await res.json()) as { code: string }).code).to.equal('log-inconsistent');
        }
      } finally {
        await http.close();
      }
      let exported = '';
      try {
        await exportLog(kg.logStore, kg.log.verifierKey, tempDir('keygate-export-'));
      } catch (err) {
        exported = (err as { code: string }).code;
      }
      expect(exported).to.equal('log-inconsistent');
      await kg.watch.check();
      expect(kg.watch.status().ok).to.equal(false);
      expect(await appendRefused(kg)).to.equal('log-halted');
    });

    it('catches a deleted middle row in the head and the tree checks, at start-up too', async () => {
      await dropTriggers(kg, 'log_entries');
      await kg.db.knex('log_entries').where('idx', 3).delete();
      const report = await fsck(kg, true);
      expect(failed(report)).to.include.members(['head', 'tree']);
      expect(problems(report, 'tree')).to.include('entry 3 is missing');
      // The tree check stopped at the gap, so the state was replayed by a scan of its own.
      expect(report.checks.some((c) => c.check === 'workflow-state')).to.equal(true);
      await kg.watch.check();
      expect(kg.watch.status().detail).to.match(/storage check head failed: .*entries are stored but the latest checkpoint covers/);
      expect(await appendRefused(kg)).to.equal('log-halted');
    });

    it('catches an edited state row: the workflow state rebuilt from the log differs', async () => {
      const [request] = await kg.approvals.listRequests();
      const row = await kg.db.knex('approval_entities').where({ kind: 'request', id: request!.id }).first<{ body: string }>();
      await kg.db.knex('approval_entities').where({ kind: 'request', id: request!.id }).update({ body: row!.body.replace('"submitted"', '"approved"'), status: 'approved' });
      // Without --full the state is rebuilt by its own scan; with --full on the tree check's scan.
      for (const full of [false, true]) {
        const report = await fsck(kg, full);
        expect(failed(report)).to.deep.equal(['workflow-state']);
        expect(problems(report, 'workflow-state')).to.include(`state row request/${request!.id} differs from the state the log builds`);
      }
      await kg.watch.checkState();
      expect(kg.watch.status().state).to.match(/^1 problem: state row request\//);
      expect(await appendRefused(kg)).to.equal('log-halted');
    });

    it('catches a state row the log does not explain and a missing one', async () => {
      await kg.db.knex('approval_entities').insert({ kind: 'provider', id: 'ghost', body: '{"id":"ghost"}', status: null, updated_at: '2026-01-01T00:00:00.000Z' });
      await kg.db.knex('approval_entities').where({ kind: 'provider', id: 'tcos-host' }).delete();
      for (const full of [false, true]) {
        const text = problems(await fsck(kg, full), 'workflow-state');
        expect(text).to.include('state row provider/ghost is not explained by the log');
        expect(text).to.include('state row provider/tcos-host is missing');
      }
    });

    it('catches a dropped trigger', async () => {
      await dropTriggers(kg, 'log_entries');
      const report = await fsck(kg, false);
      expect(failed(report)).to.deep.equal(['triggers']);
      expect(problems(report, 'triggers')).to.match(/log_entries/);
      await kg.watch.check();
      expect(await appendRefused(kg)).to.equal('log-halted');
    });
  });
});
