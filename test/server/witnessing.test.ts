// The log side of witnessing: checkpoints reach the configured witnesses after commit, batched
// and paced, following the stored log; the published checkpoint carries a quorum of
// cosignatures; a rollback or a fork is detected and stops the log's appends with evidence.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { findCosignatures, parseCosignerKey } from '../../audit/cosignature.ts';
import { verifyCheckpoint } from '../../audit/checkpoint.ts';
import { verifyExport } from '../../audit/verify-export.ts';
import { openKeygate } from '../../server/compose.ts';
import { exportLog } from '../../server/log-export.ts';
import type { Keygate } from '../../server/compose.ts';
import type { Config } from '../../server/config.ts';
import { createApp } from '../../server/app.ts';
import { tempDir } from '../helpers/databases.ts';
import { serve, silentLogger } from '../helpers/http.ts';
import type { Served } from '../helpers/http.ts';
import { sampleEntry, testConfig } from '../helpers/keygate.ts';
import { createPrincipal } from '../helpers/auth.ts';
import { PageClient, PASSWORD } from './pages/page-client.ts';
import { ControlledPoster, ManualClock, startWitness, witnessUntil } from '../helpers/witnesses.ts';
import type { RunningWitness } from '../helpers/witnesses.ts';
import { auditErrorCode } from '../helpers/audit-errors.ts';
import { AuditError } from '../../audit/errors.ts';

interface Logged {
  level: string;
  msg: string;
  obj: object;
}

async function append(kg: Keygate, from: number, count: number): Promise<void> {
  await kg.db.transaction(async (tx) => {
    for (let i = from; i < from + count; i++) await kg.log.append(tx, sampleEntry(i));
  });
}

async function refuses(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (err) {
    return auditErrorCode(() => {
      throw err;
    });
  }
  throw new Error('expected the append to be refused');
}

describe('witnessing (log side)', function () {
  let dataDir: string;
  let clock: ManualClock;
  let poster: ControlledPoster;
  let logged: Logged[];
  let w1: RunningWitness;
  let w2: RunningWitness;
  let kg: Keygate;
  let config: Config;

  const logger = {
    info: (obj: object, msg: string) => logged.push({ level: 'info', msg, obj }),
    warn: (obj: object, msg: string) => logged.push({ level: 'warn', msg, obj }),
    error: (obj: object, msg: string) => logged.push({ level: 'error', msg, obj }),
  };

  async function open(overrides: Partial<Config> = {}): Promise<Keygate> {
    config = testConfig({ engine: 'sqlite', filename: path.join(dataDir, 'keygate.sqlite') }, { dataDir, witnesses: [w1.endpoint, w2.endpoint], ...overrides });
    return openKeygate(config, { clock: clock.now, witnessPoster: poster.post, logger });
  }

  const witnessedSize = async () => (await kg.publisher.summary()).witnessedSize;
  const logSize = async () => (await kg.log.latestCheckpoint()).treeSize;
  const caughtUp = async () => (await witnessedSize()) === (await logSize());

  beforeEach(async () => {
    dataDir = tempDir();
    clock = new ManualClock();
    poster = new ControlledPoster();
    logged = [];
    // The log key exists before the witnesses are configured with its verifier key.
    const first = await openKeygate(testConfig({ engine: 'sqlite', filename: path.join(dataDir, 'keygate.sqlite') }, { dataDir }));
    const vkey = first.log.verifierKey;
    await first.close();
    w1 = await startWitness(vkey, 'pma.test/witness');
    w2 = await startWitness(vkey, 'auditor.test/witness');
    kg = await open();
  });

  afterEach(async () => {
    await kg.close();
    await w1.close();
    await w2.close();
  });

  it('gets the empty log cosigned at size 0 (trust on first use) and publishes it with both cosignatures', async () => {
    await witnessUntil(kg, clock, async () => (await witnessedSize()) === 0);
    const published = (await kg.publisher.latest())!;
    expect(published.treeSize).to.equal(0);
    const found = findCosignatures(published.note, [parseCosignerKey(w1.endpoint.vkey), parseCosignerKey(w2.endpoint.vkey)]);
    expect(found.map((c) => c.name)).to.deep.equal(['pma.test/witness', 'auditor.test/witness']);
    verifyCheckpoint(published.note, kg.log.verifier, kg.log.origin);
  });

  it('batches: after many commits each witness receives one submission with the latest checkpoint, and none within the same second', async () => {
    await witnessUntil(kg, clock, caughtUp);
    for (let i = 0; i < 10; i++) await append(kg, i * 3, 3);
    poster.posts.length = 0;
    clock.advance(1_000);
    await kg.witnessing!.round();
    expect(poster.posts.map((p) => p.url).sort()).to.deep.equal([w1.endpoint.url, w2.endpoint.url].sort());
    expect(poster.posts[0]!.body.startsWith('old 0\n')).to.equal(true);
    expect(poster.posts[0]!.body).to.include(`\n${kg.log.origin}\n30\n`);
    await append(kg, 30, 1);
    await kg.witnessing!.round();
    expect(poster.posts, 'no second submission within one second').to.have.length(2);
    clock.advance(1_000);
    await kg.witnessing!.round();
    expect(poster.posts).to.have.length(4);
    expect(await witnessedSize()).to.equal(31);
  });

  it('witnesses entries appended by another instance on the same database', async () => {
    await witnessUntil(kg, clock, caughtUp);
    const other = await openKeygate(config);
    try {
      await append(other, 0, 5);
    } finally {
      await other.close();
    }
    await witnessUntil(kg, clock, caughtUp);
    expect(await witnessedSize()).to.equal(5);
  });

  it('serves the latest quorum-cosigned checkpoint at /api/v1/log/checkpoint, says in /readyz what is witnessed, and exports it', async () => {
    const auditor = await createPrincipal(kg, { role: 'auditor', password: PASSWORD });
    await witnessUntil(kg, clock, caughtUp);
    await append(kg, 0, 4);
    const http: Served = await serve(createApp(kg, silentLogger));
    try {
      const served = await (await fetch(`${http.url}/api/v1/log/checkpoint`, { headers: auditor.headers })).text();
      expect(served.split('\n')[1]).to.equal('2');
      expect(findCosignatures(served, [parseCosignerKey(w1.endpoint.vkey), parseCosignerKey(w2.endpoint.vkey)])).to.have.length(2);
      const ready = (await (await fetch(`${http.url}/readyz`)).json()) as { status: string; checks: Record<string, string> };
      expect(ready.status).to.equal('ready');
      expect(ready.checks.witnesses).to.equal('witnessed up to tree size 2 (quorum 2 of 2); entries 2 to 5 await cosignatures');
      const page = new PageClient(http.url);
      await page.login(auditor.username);
      expect((await page.get('/ui/log')).text).to.include('Witnesses: witnessed up to tree size 2 (quorum 2 of 2); entries 2 to 5 await cosignatures.');
      await witnessUntil(kg, clock, caughtUp);
      expect(((await (await fetch(`${http.url}/readyz`)).json()) as { checks: Record<string, string> }).checks.witnesses).to.equal('witnessed: tree size 6 (quorum 2 of 2)');
      const dir = tempDir('keygate-export-');
      await exportLog(kg.logStore, kg.log.verifierKey, dir, (await kg.publisher.latest())!);
      const report = await verifyExport({
        checkpoint: fs.readFileSync(path.join(dir, 'checkpoint'), 'utf8'),
        entries: fs.createReadStream(path.join(dir, 'entries.jsonl')),
        verifier: kg.log.verifier,
        witnesses: [parseCosignerKey(w1.endpoint.vkey), parseCosignerKey(w2.endpoint.vkey)],
      });
      expect(report.failure).to.equal(null);
      expect(report.entries).to.equal(6);
    } finally {
      await http.close();
    }
  });

  it('with a quorum of 1, publishes what one witness cosigned while the other is down, then catches the other up', async () => {
    await kg.close();
    kg = await open({ witnessQuorum: 1 });
    await witnessUntil(kg, clock, caughtUp);
    poster.down.add(w2.endpoint.url);
    await append(kg, 0, 7);
    await witnessUntil(kg, clock, caughtUp);
    const published = (await kg.publisher.latest())!;
    expect(published.treeSize).to.equal(7);
    expect(findCosignatures(published.note, [parseCosignerKey(w2.endpoint.vkey)])).to.have.length(0);
    expect(kg.witnessing!.status()[1]!.lastError).to.match(/ECONNREFUSED/);
    poster.down.clear();
    await append(kg, 7, 2);
    await witnessUntil(kg, clock, async () => (await w2.witness.store.head(kg.log.origin))?.treeSize === 9, 80);
    expect(kg.witnessing!.status().map((s) => s.size)).to.deep.equal([9, 9]);
  });

  it('with a quorum of 2, keeps publishing the older checkpoint while a witness is down', async () => {
    await witnessUntil(kg, clock, caughtUp);
    poster.down.add(w2.endpoint.url);
    await append(kg, 0, 3);
    for (let i = 0; i < 3; i++) {
      clock.advance(1_000);
      await kg.witnessing!.round();
    }
    expect((await kg.publisher.latest())!.treeSize).to.equal(0);
    expect(await witnessedSize()).to.equal(0);
  });

  it('detects a rollback made with database access: appends stop, /readyz fails with the witness size, the server log says so at error level', async () => {
    await append(kg, 0, 5);
    await append(kg, 5, 3);
    await witnessUntil(kg, clock, caughtUp);
    // As an operator with database access would: drop the triggers, delete the last entries with their checkpoint.
    await kg.db.knex.raw('DROP TRIGGER log_entries_no_delete');
    await kg.db.knex.raw('DROP TRIGGER log_entry_index_no_delete');
    await kg.db.knex('log_entries').where('idx', '>=', 5).delete();
    await kg.db.knex('log_entry_index').where('idx', '>=', 5).delete();
    await kg.close();
    kg = await open();
    expect(await logSize()).to.equal(5);
    // No append is needed: after start each witness is asked once, and its 409 names size 8.
    clock.advance(1_000);
    await kg.witnessing!.round();
    expect((await kg.log.currentHalt())?.message).to.match(/has cosigned tree size 8 but the log holds 5 entries: the log lost entries \(rollback\)/);
    expect((await kg.log.currentHalt())?.evidence).to.deep.include({ witnessSize: 8, logSize: 5 });
    expect(await refuses(append(kg, 5, 1))).to.equal('log-halted');
    expect(logged.filter((l) => l.level === 'error').map((l) => l.msg)).to.have.length.greaterThan(0);
    const http = await serve(createApp(kg, silentLogger));
    try {
      const res = await fetch(`${http.url}/readyz`);
      expect(res.status).to.equal(503);
      const body = (await res.json()) as { reason: string; halt: { evidence: Record<string, unknown> } };
      expect(body.reason).to.match(/rollback/);
      expect(body.halt.evidence).to.deep.include({ witnessSize: 8, logSize: 5 });
    } finally {
      await http.close();
    }
  });

  it('keeps showing in /readyz what the witnesses said when the log was already halted for another reason', async () => {
    await append(kg, 0, 8);
    await witnessUntil(kg, clock, caughtUp);
    await kg.db.knex.raw('DROP TRIGGER log_entries_no_delete');
    await kg.db.knex.raw('DROP TRIGGER log_entry_index_no_delete');
    await kg.db.knex('log_entries').where('idx', '>=', 5).delete();
    await kg.db.knex('log_entry_index').where('idx', '>=', 5).delete();
    await kg.close();
    kg = await open();
    await kg.writes.reportIntegrityError(new AuditError('log-inconsistent', 'storage check triggers failed: the trigger refusing DELETE on log_entries is missing'));
    clock.advance(1_000);
    await kg.witnessing!.round();
    const http = await serve(createApp(kg, silentLogger));
    try {
      const res = await fetch(`${http.url}/readyz`);
      expect(res.status).to.equal(503);
      const body = (await res.json()) as { reason: string; checks: { witnesses?: string } };
      expect(body.reason).to.match(/triggers/);
      expect(body.checks.witnesses).to.match(/cosigned tree size 8 .*rollback/);
    } finally {
      await http.close();
    }
  });

  it('detects a fork made with the log key: a witness refuses it and the log stops appending', async () => {
    await append(kg, 0, 6);
    await witnessUntil(kg, clock, caughtUp);
    await kg.close();
    // Another database with the same key and origin: a different history of the same length and more.
    const forkDir = tempDir();
    const forked = testConfig({ engine: 'sqlite', filename: path.join(forkDir, 'keygate.sqlite') }, {
      dataDir: forkDir,
      origin: config.origin ?? (await readOrigin(dataDir)),
      logKeyPath: path.join(dataDir, 'log-key'),
      witnesses: [w1.endpoint, w2.endpoint],
    });
    kg = await openKeygate(forked, { clock: clock.now, witnessPoster: poster.post, logger });
    await append(kg, 100, 9);
    await witnessUntil(kg, clock, async () => (await kg.log.currentHalt()) !== null);
    expect((await kg.log.currentHalt())?.message).to.match(/fork/);
    expect(await refuses(append(kg, 200, 1))).to.equal('log-halted');
    expect((await w1.witness.store.head(kg.log.origin))?.treeSize, 'the witness kept its view').to.equal(6);
  });
});

async function readOrigin(dataDir: string): Promise<string> {
  const kg = await openKeygate(testConfig({ engine: 'sqlite', filename: path.join(dataDir, 'keygate.sqlite') }, { dataDir }));
  try {
    return kg.log.origin;
  } finally {
    await kg.close();
  }
}
