import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import { eventToLogEntry } from '../../../approvals/index.ts';
import { parseEntry } from '../../../audit/entry.ts';
import { openKeygate } from '../../../server/compose.ts';
import type { Keygate } from '../../../server/compose.ts';
import { exportLog } from '../../../server/log-export.ts';
import { handMadeLog } from '../../approvals/hand-made-log.ts';
import { SECRETARIAT, anchorEntries } from '../../approvals/fixtures.ts';
import { P } from '../../approvals/cast.ts';
import { approveTcosToEcos, refusal, runDspRejected, runTcosToEcos, setUpWorld } from '../../helpers/approval-scenario.ts';
import type { Clock } from '../../helpers/approval-scenario.ts';
import { forEachEngine, tempDir } from '../../helpers/databases.ts';
import { testConfig } from '../../helpers/keygate.ts';
import { orgCert } from '../../pki/fixtures.ts';
import { machineLimit } from '../../helpers/time-limits.ts';

const BIN = path.resolve('bin/keygate.js');

function keygate(args: string[]): { status: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: machineLimit(120_000) });
  return { status: r.status, stdout: r.stdout + r.stderr };
}

async function actions(kg: Keygate): Promise<string[]> {
  const { treeSize } = await kg.log.latestCheckpoint();
  return (await kg.logStore.readLeaves(0, treeSize)).map((l) => parseEntry(l.bytes).action);
}

describe('ApprovalService', function () {
  this.timeout(machineLimit(240_000));

  forEachEngine((engine) => {
    let kg: Keygate;
    const clock: Clock = { now: new Date('2026-01-05T09:00:00Z') };

    beforeEach(async () => {
      kg = await openKeygate(testConfig(await engine.newDatabase()), { clock: () => clock.now });
    });
    afterEach(async () => {
      await kg.close();
    });

    context('when the TCoS key moves to the ECoS Party and a DSP transfer is rejected', () => {
      it('records every state change in the log, and the export verifies and replays cleanly', async () => {
        const { tcosKey, acbKey } = await setUpWorld(kg, clock);
        const tcos = await runTcosToEcos(kg, clock, tcosKey);
        const dsp = await runDspRejected(kg, clock, acbKey);

        expect((await kg.approvals.getRequest(tcos)).state).to.equal('completed');
        expect((await kg.approvals.getRequest(dsp)).state).to.equal('rejected');
        const decision = (await kg.approvals.getRequest(tcos)).decision!;
        expect(decision.tally.recused.map((r) => r.personId).sort()).to.deep.equal(['sup-eve', 'sup-wes']);
        const world = await kg.approvals.world();
        expect(world.keys.get(tcosKey)?.holderId).to.equal(P.ecos);

        const logged = await actions(kg);
        expect(logged.filter((a) => a === 'request.vote_cast')).to.have.length(9 + 2 + 12);
        expect(logged.filter((a) => a === 'request.decided')).to.have.length(2);
        expect(logged.at(-1)).to.equal('request.decided');
        expect(logged).to.include('request.executed');

        const dir = tempDir('keygate-export-');
        await exportLog(kg.logStore, kg.log.verifierKey, dir);
        expect(keygate(['log', 'verify', dir]).status).to.equal(0);
        const replay = keygate(['log', 'replay', dir]);
        expect(replay.stdout).to.match(/approval entries follow the rules \(0 other entries not judged\)/);
        expect(replay.status).to.equal(0);
      });
    });

    context('when a command is refused', () => {
      it('changes nothing and logs nothing', async () => {
        await setUpWorld(kg, clock);
        const before = await actions(kg);
        // A supplier key belongs to a SEC Party, not a DCC Service Provider.
        expect(await refusal(kg.approvals.registerKey(SECRETARIAT, P.tcos, orgCert(2)))).to.equal('key-not-transferable');
        // An expired certificate is not a valid SMKI certificate now.
        clock.now = new Date('2036-01-01T00:00:00Z');
        expect(await refusal(kg.approvals.registerKey(SECRETARIAT, P.tcos, orgCert(6)))).to.equal('key-certificate-invalid');
        expect(await actions(kg)).to.deep.equal(before);
        expect((await kg.approvals.world()).keys.size).to.equal(2);
      });

      it('refuses a document holding a private key and keeps nothing of it', async () => {
        const crypto = await import('node:crypto');
        const pem = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'sec1' }) as string;
        expect(await refusal(kg.approvals.storeDocument({ id: 'dcc-dan', role: 'dcc' }, { content: Buffer.from(`notes\n${pem}`), name: 'notes.txt', mediaType: 'text/plain' }))).to.equal('private-key-material');
        const rows = await kg.db.knex('documents').count({ n: '*' }).first();
        expect(Number(rows?.n)).to.equal(0);
      });
    });

    context('when an approved request outlives its window', () => {
      it('expires it as a system event', async () => {
        const { tcosKey } = await setUpWorld(kg, clock);
        const id = await approveTcosToEcos(kg, clock, tcosKey);
        clock.now = new Date('2026-03-21T00:00:00Z');
        expect(await kg.approvals.expireDue()).to.deep.equal([id]);
        expect((await kg.approvals.getRequest(id)).state).to.equal('expired');
        expect((await actions(kg)).at(-1)).to.equal('request.expired');
      });
    });
  });

  context('when a signed log breaks the rules', () => {
    it('verifies, yet replay reports every rule-breaking entry (exit 1)', async () => {
      const kg = await openKeygate(testConfig({ engine: 'sqlite', filename: path.join(tempDir(), 'db.sqlite') }));
      const { rec, expected } = handMadeLog(kg.approvals.origin);
      try {
        // A compromised server appending without the rules: the log itself is well signed.
        // The trust anchors first, as the server registers them: replay re-derives certificate records against them.
        const anchors = anchorEntries();
        await kg.db.transaction(async (tx) => {
          for (const e of anchors) await kg.log.append(tx, e);
          for (const e of rec.events) await kg.log.append(tx, eventToLogEntry(e));
        });
        const dir = tempDir('keygate-export-');
        await exportLog(kg.logStore, kg.log.verifierKey, dir);
        expect(keygate(['log', 'verify', dir]).status).to.equal(0);
        const replay = spawnSync(process.execPath, [BIN, 'log', 'replay', dir, '--json'], { encoding: 'utf8' });
        expect(replay.status).to.equal(1);
        const report = JSON.parse(replay.stdout) as { violations: Array<{ index: number; code: string }> };
        expect(report.violations.map((v) => [v.index, v.code])).to.deep.equal(expected.map(([index, , code]) => [index + anchors.length, code]));
      } finally {
        await kg.close();
      }
    });
  });
});
