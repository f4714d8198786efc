import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { openKeygate } from '../../../server/compose.ts';
import { DEMO_LOGINS_FILE, describeDemoLogins, describeDemoRequests, seedDemo } from '../../../server/demo/seed.ts';
import { checkLogHead } from '../../../audit/log-check.ts';
import { forEachEngine, tempDir } from '../../helpers/databases.ts';
import { toProviderId, toRequestId } from '../../../approvals/index.ts';
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
        const dan = { id: 'dcc-dan', role: 'dcc' } as const;
        const minutes = await kg.approvals.storeDocument({ id: dan.id }, { content: Buffer.from('Key ceremony minutes.\n'), name: 'minutes.txt', mediaType: 'text/plain' });
        await kg.approvals.recordExecution(dan, { requestId: toRequestId('REQ-DEMO-2'), executedAt: kg.clock(), evidence: [minutes], recipientCertificate: fs.readFileSync(certificate, 'utf8') });
        expect((await kg.approvals.getRequest('REQ-DEMO-2')).state).to.equal('completed');
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
