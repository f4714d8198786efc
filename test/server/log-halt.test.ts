// The log's fatal stop: after an integrity error every writer is refused until an operator
// resumes the log, in this process and in every other one sharing the database.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { toPersonId } from '../../approvals/index.ts';
import { AuditError } from '../../audit/errors.ts';
import type { Keygate } from '../../server/compose.ts';
import { createApp } from '../../server/app.ts';
import type { DatabaseConfig } from '../../server/storage/database.ts';
import { forEachEngine, tempDir } from '../helpers/databases.ts';
import { createPrincipal } from '../helpers/auth.ts';
import { serve, silentLogger } from '../helpers/http.ts';
import { openTestKeygate, sampleEntry, testConfig } from '../helpers/keygate.ts';
import { openKeygate } from '../../server/compose.ts';
import { machineLimit } from '../helpers/time-limits.ts';
import { testPki } from '../pki/fixtures.ts';

const admin = { id: 'admin-1', role: 'admin' };

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (err) {
    return (err as { code?: string }).code ?? 'no code';
  }
  return 'accepted';
}

/** What an attacker (or a buggy second writer) with the database does: an entry written without the lock. */
async function forgeEntry(kg: Keygate): Promise<number> {
  const { treeSize } = await kg.log.latestCheckpoint();
  await kg.db.knex('log_entries').insert({ idx: treeSize, leaf: Buffer.from('{}'), hashes: Buffer.alloc(32) });
  return treeSize;
}

/** The operator's repair of a forged entry: drop the insert-only guard, delete the row, restore the guard. */
async function removeForgedEntry(kg: Keygate, idx: number): Promise<void> {
  const k: Knex = kg.db.knex;
  if (kg.db.engine === 'postgres') {
    await k.raw('ALTER TABLE log_entries DISABLE TRIGGER log_entries_append_only');
    await k('log_entries').where('idx', idx).delete();
    await k.raw('ALTER TABLE log_entries ENABLE TRIGGER log_entries_append_only');
  } else {
    await k.raw('DROP TRIGGER log_entries_no_delete');
    await k('log_entries').where('idx', idx).delete();
    await k.raw("CREATE TRIGGER log_entries_no_delete BEFORE DELETE ON log_entries BEGIN SELECT RAISE(ABORT, 'log_entries is append-only: DELETE refused'); END");
  }
}

describe('the log halts after an integrity error', () => {
  forEachEngine((engine) => {
    let database: DatabaseConfig;
    let kg: Keygate;
    beforeEach(async () => {
      database = await engine.newDatabase();
      kg = await openTestKeygate(database);
      await kg.trustAnchors.add(admin, testPki().root.der);
    });
    afterEach(async () => {
      await kg.close();
    });

    context('when an append finds an entry written without the lock', () => {
      it('fails with log-inconsistent, then refuses every writer with log-halted', async () => {
        await forgeEntry(kg);
        expect(await codeOf(kg.trustAnchors.add(admin, testPki().oca.der))).to.equal('log-inconsistent');
        expect(await codeOf(kg.trustAnchors.add(admin, testPki().dca.der))).to.equal('log-halted');
        expect(await codeOf(kg.accounts.createAccount(admin, { username: 'late', role: 'auditor', personId: null }))).to.equal('log-halted');
        const addPerson = { action: 'roster.person_added', actor: { id: 'sec', role: 'secretariat' }, data: { personId: toPersonId('p-1'), name: 'P' } } as const;
        expect(await codeOf(kg.approvals.execute(addPerson))).to.equal('log-halted');
        expect(await codeOf(kg.db.transaction((tx) => kg.log.append(tx, sampleEntry(1))))).to.equal('log-halted');
        expect((await kg.trustAnchors.list()).length).to.equal(1);
        expect(await kg.accounts.count()).to.equal(0);
      });

      it('refuses the writers of another instance sharing the database', async () => {
        await forgeEntry(kg);
        await codeOf(kg.trustAnchors.add(admin, testPki().oca.der));
        const other = await openKeygate(testConfig(database, { dataDir: kg.config.dataDir }));
        try {
          expect(await codeOf(other.trustAnchors.add(admin, testPki().dca.der))).to.equal('log-halted');
          expect((await other.log.currentHalt())?.code).to.equal('log-inconsistent');
        } finally {
          await other.close();
        }
      });

      it('stays halted until the log passes its check and an operator resumes it', async () => {
        const forged = await forgeEntry(kg);
        await codeOf(kg.trustAnchors.add(admin, testPki().oca.der));
        await removeForgedEntry(kg, forged);
        expect(await codeOf(kg.trustAnchors.add(admin, testPki().oca.der))).to.equal('log-halted');
        const ended = await kg.db.transaction((tx) => kg.log.resume(tx, { at: '2026-11-28T12:30:00.000Z', by: 'operator', reason: 'forged row removed' }));
        expect(ended).to.include({ sequence: 1, code: 'log-inconsistent' });
        expect(await kg.log.currentHalt()).to.equal(null);
        expect(await codeOf(kg.trustAnchors.add(admin, testPki().oca.der))).to.equal('accepted');
        expect((await kg.trustAnchors.list()).length).to.equal(2);
        // The history of the stop stays: insert-only rows.
        const rows = await kg.logStore.listMeta('halt/');
        expect(rows.map((r) => r.key).sort()).to.deep.equal(['halt/000001', 'halt/000001/resumed']);
      });
    });

    context('when /readyz finds the stored log broken', () => {
      it('halts the log and says why, and appends are refused', async () => {
        const served = await serve(createApp(kg, silentLogger));
        const secretary = await createPrincipal(kg, { role: 'admin' });
        try {
          await forgeEntry(kg);
          const first = await fetch(`${served.url}/readyz`);
          expect(first.status).to.equal(503);
          expect(((await first.json()) as { reason: string }).reason).to.match(/4 entries are stored but the latest checkpoint covers 3/);
          expect(await codeOf(kg.trustAnchors.add(admin, testPki().oca.der))).to.equal('log-halted');
          const again = (await (await fetch(`${served.url}/readyz`)).json()) as { reason: string; checks: { log: string }; halt: { code: string; at: string } };
          expect(again.checks.log).to.match(/^halted since /);
          expect(again.reason).to.match(/read-only .* after an integrity error \(log-inconsistent: 4 entries are stored/);
          expect(again.halt).to.include({ code: 'log-inconsistent', at: '2026-11-28T12:00:00.000Z' });
          const refused = await fetch(`${served.url}/api/v1/trust-anchors`, {
            method: 'POST',
            headers: { ...secretary.headers, 'content-type': 'application/json' },
            body: JSON.stringify({ certificate: testPki().oca.pem }),
          });
          expect(refused.status).to.equal(503);
          expect(((await refused.json()) as { code: string }).code).to.equal('log-halted');
        } finally {
          await served.close();
        }
      });
    });
  });

  describe('when a proof finds a stored tree node missing', () => {
    it('answers 500 and halts the log', async () => {
      const kg = await openTestKeygate({ engine: 'sqlite', filename: path.join(tempDir(), 'db.sqlite') });
      const served = await serve(createApp(kg, silentLogger));
      try {
        const auditor = await createPrincipal(kg, { role: 'auditor' });
        await kg.trustAnchors.add(admin, testPki().root.der);
        await kg.trustAnchors.add(admin, testPki().oca.der);
        // Entry 3 stores the nodes (1, 1) and (2, 0) after its leaf hash; cut them off, as damaged storage would.
        await kg.db.knex.raw('DROP TRIGGER log_entries_no_update');
        await kg.db.knex('log_entries').where('idx', 3).update({ hashes: kg.db.knex.raw('substr(hashes, 1, 32)') });
        const proof = await fetch(`${served.url}/api/v1/log/proof/inclusion?index=0&size=4`, { headers: auditor.headers });
        expect(proof.status).to.equal(500);
        expect((await kg.log.currentHalt())?.message).to.match(/stored tree node \d\/\d is missing/);
        expect(await codeOf(kg.trustAnchors.add(admin, testPki().dca.der))).to.equal('log-halted');
      } finally {
        await served.close();
        await kg.close();
      }
    });
  });

  describe('an error that is not an integrity error', () => {
    it('does not halt the log', async () => {
      const kg = await openTestKeygate({ engine: 'sqlite', filename: path.join(tempDir(), 'db.sqlite') });
      try {
        await kg.trustAnchors.add(admin, testPki().root.der);
        expect(await codeOf(kg.trustAnchors.add(admin, testPki().root.der))).to.equal('anchor-exists');
        await kg.writes.reportIntegrityError(new AuditError('entry-invalid', 'a bad entry'));
        expect(await kg.log.currentHalt()).to.equal(null);
        expect(await codeOf(kg.trustAnchors.add(admin, testPki().oca.der))).to.equal('accepted');
      } finally {
        await kg.close();
      }
    });
  });
});

describe('keygate log check / resume (CLI)', function () {
  this.timeout(machineLimit(120_000));
  const BIN = path.resolve('bin/keygate.js');
  const run = (dataDir: string, args: string[]) => {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    return spawnSync(process.execPath, [BIN, '--data-dir', dataDir, 'log', ...args], { encoding: 'utf8', env, timeout: machineLimit(60_000) });
  };

  it('reports the halt, refuses to resume a log that still fails its check, and resumes a repaired one', async () => {
    const dataDir = tempDir();
    const kg = await openKeygate(testConfig({ engine: 'sqlite', filename: path.join(dataDir, 'keygate.sqlite') }, { dataDir }));
    let forged: number;
    try {
      await kg.trustAnchors.add(admin, testPki().root.der);
      forged = await forgeEntry(kg);
    } finally {
      await kg.close();
    }
    const check = run(dataDir, ['check']);
    expect(check.status).to.equal(1);
    expect(check.stderr).to.match(/log-inconsistent: 2 entries are stored but the latest checkpoint covers 1/);
    const refused = run(dataDir, ['resume', '--reason', 'looked at it']);
    expect(refused.status).to.equal(1);
    const reopened = await openKeygate(testConfig({ engine: 'sqlite', filename: path.join(dataDir, 'keygate.sqlite') }, { dataDir }));
    try {
      expect((await reopened.log.currentHalt())?.code).to.equal('log-inconsistent');
      await removeForgedEntry(reopened, forged);
    } finally {
      await reopened.close();
    }
    const halted = run(dataDir, ['check']);
    expect(halted.status).to.equal(1);
    expect(halted.stdout).to.match(/self-check ok: tree size 1/).and.to.match(/the log is halted since .* by log-inconsistent/);
    const resumed = run(dataDir, ['resume', '--reason', 'forged row removed']);
    expect(resumed.status, resumed.stderr).to.equal(0);
    expect(resumed.stdout).to.match(/^resumed: the log was halted since/);
    expect(run(dataDir, ['check']).status).to.equal(0);
  });
});
