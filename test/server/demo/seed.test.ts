import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { openKeygate } from '../../../server/compose.ts';
import { createPublicKey } from 'node:crypto';
import { DEMO_LOGINS_FILE, demoSignerDir, describeDemoLogins, describeDemoRequests, describeDemoSigning, seedDemo } from '../../../server/demo/seed.ts';
import { replayExportDir } from '../../../server/cli/replay-command.ts';
import { exportLog } from '../../../server/log-export.ts';
import { readSignerKeyFile, signerKeyPath } from '../../../server/signer-key.ts';
import { checkLogHead } from '../../../audit/log-check.ts';
import { forEachEngine, tempDir } from '../../helpers/databases.ts';
import { ed25519CredentialOf, signStatementEd25519, statementForCommand, toProviderId, toRequestId } from '../../../approvals/index.ts';
import { testConfig } from '../../helpers/keygate.ts';
import { machineLimit } from '../../helpers/time-limits.ts';

describe('demo seeding', function () {
  this.timeout(machineLimit(240_000));
  forEachEngine((engine) => {
    it('seeds an empty data dir once, with a submitted TCoS-to-ECoS request, an approved request whose execution can be recorded now, and a login per role', async () => {
      const config = testConfig(await engine.newDatabase());
      const kg = await openKeygate(config);
      try {
        const logins = await seedDemo(kg);
        expect(logins?.map((l) => l.role).sort()).to.deep.equal(['auditor', 'dcc', 'pma_chair', 'pma_member', 'pma_member', 'pma_member', 'pma_member', 'pma_member', 'ssc']);
        expect((await kg.approvals.listRequests()).map((r) => [r.id, r.state])).to.deep.equal([['REQ-DEMO-1', 'submitted'], ['REQ-DEMO-2', 'approved']]);
        // The banner says where each recipient certificate is; with it the DCC records the execution at once.
        const banner = describeDemoRequests(config.dataDir);
        const certificate = path.join(config.dataDir, 'demo-dsp-next-certificate.pem');
        expect(banner).to.include(`recipient certificate: ${certificate}`).and.to.include(`recipient certificate: ${path.join(config.dataDir, 'demo-ecos-certificate.pem')}`);
        // Signatures are required; every person's key is kept as `keygate signer init` keeps it, and enrolled.
        expect((await kg.approvals.policies()).at(-1)!.terms.signatures).to.equal('required');
        for (const person of ['dcc-dan', 'chair-clara', 'ssc-sol', 'spec-sam', 'sup-una', 'sup-vic', 'net-nia', 'sup-eve']) {
          expect(fs.statSync(signerKeyPath(demoSignerDir(config.dataDir, person))).mode & 0o777, person).to.equal(0o600);
          const key = readSignerKeyFile(demoSignerDir(config.dataDir, person))!;
          expect((await kg.approvals.credentials(person)).map((c) => c.id), person).to.deep.equal([ed25519CredentialOf(createPublicKey(key)).credentialId]);
        }
        expect(describeDemoSigning(config.dataDir)).to.include(demoSignerDir(config.dataDir, 'sup-una'));
        // Dan records the execution: refused unsigned, accepted signed with his demo key as the CLI signs.
        const dan = { id: 'dcc-dan', role: 'dcc' } as const;
        const minutes = await kg.approvals.storeDocument({ id: dan.id, role: 'dcc' }, { content: Buffer.from('Key ceremony minutes.\n'), name: 'minutes.txt', mediaType: 'text/plain' });
        const execution = { requestId: toRequestId('REQ-DEMO-2'), executedAt: kg.clock(), evidence: [minutes], recipientCertificate: fs.readFileSync(certificate, 'utf8') };
        const unsigned = await kg.approvals.recordExecution(dan, execution).then(() => 'accepted', (err: { code?: string }) => err.code);
        expect(unsigned).to.equal('signature-missing');
        const danKey = readSignerKeyFile(demoSignerDir(config.dataDir, 'dcc-dan'))!;
        const statement = statementForCommand({ action: 'request.executed', actor: dan, data: { ...execution, executedAt: execution.executedAt.toISOString() } }, { origin: kg.approvals.origin, time: kg.clock() });
        await kg.approvals.recordExecution(dan, { ...execution, signature: signStatementEd25519(danKey, statement) });
        expect((await kg.approvals.getRequest('REQ-DEMO-2')).state).to.equal('completed');
        // Every request entry of the seeded history is signed, and replay of the export proves it.
        const dir = tempDir('keygate-export-');
        await exportLog(kg.logStore, kg.log.verifierKey, dir);
        const entries = fs.readFileSync(path.join(dir, 'entries.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { action: string; data: { signature?: unknown } });
        const signed = entries.filter((e) => e.action.startsWith('request.'));
        expect(signed.length).to.equal(18);
        for (const e of signed) expect(e.data.signature, e.action).to.be.an('object');
        const replay = await replayExportDir(dir, { vkey: kg.log.verifierKey });
        expect(replay.ok, JSON.stringify(replay.violations)).to.equal(true);
        expect((await kg.trustAnchors.list()).map((a) => a.kind).sort()).to.deep.equal(['organisation-ca', 'root-ca']);
        expect(fs.statSync(path.join(config.dataDir, DEMO_LOGINS_FILE)).mode & 0o777).to.equal(0o600);
        const kept = fs.readFileSync(path.join(config.dataDir, DEMO_LOGINS_FILE), 'utf8');
        expect(kept).to.not.include(DEMO_LOGINS_FILE);
        for (const l of logins!) expect(kept).to.include(`${l.username.padEnd(12)} ${l.password}`);
        const login = logins![0]!;
        expect((await kg.accounts.login(login.username, login.password)).account.username).to.equal(login.username);
        await checkLogHead(kg.logStore, kg.log.verifier, kg.log.origin);
        expect(await seedDemo(kg)).to.equal(null);
      } finally {
        await kg.close();
      }
    });
  });

  describe('describeDemoLogins', () => {
    const logins = [{ username: 'dcc-dan', role: 'dcc', password: 'pw-1' }] as const;

    it('names the file that also keeps the logins in the banner printed at start', () => {
      expect(describeDemoLogins(logins, '/srv/keygate/demo-logins.txt').split('\n')[0]).to.equal('demo logins (also kept in /srv/keygate/demo-logins.txt):');
    });

    it('does not point at itself in the file', () => {
      expect(describeDemoLogins(logins)).to.equal('demo logins:\n  dcc         dcc-dan      pw-1\n');
    });
  });

  it('refuses a data dir that already holds other data', async () => {
    const kg = await openKeygate(testConfig({ engine: 'sqlite', filename: path.join(tempDir(), 'db.sqlite') }));
    try {
      await kg.approvals.execute({ action: 'provider.registered', actor: { id: 'admin', role: 'secretariat' }, data: { providerId: toProviderId('p1'), name: 'P1', kind: 'dsp', status: 'current' } });
      let message = '';
      try {
        await seedDemo(kg);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).to.match(/needs an empty data dir/);
    } finally {
      await kg.close();
    }
  });
});
