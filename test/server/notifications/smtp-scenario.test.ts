// The whole TCoS-to-ECoS transfer with notifications delivered over SMTP to a real SMTP server
// in the test process: who is told what, with which links, and nothing secret.
import { expect } from 'chai';
import { openKeygate } from '../../../server/compose.ts';
import type { Keygate } from '../../../server/compose.ts';
import { WHO } from '../../approvals/cast.ts';
import { runTcosToEcos, setUpWorld } from '../../helpers/approval-scenario.ts';
import type { Clock } from '../../helpers/approval-scenario.ts';
import { forEachEngine } from '../../helpers/databases.ts';
import { testConfig } from '../../helpers/keygate.ts';
import { startSmtpReceiver } from '../../helpers/smtp.ts';
import type { ReceivedMail, SmtpReceiver } from '../../helpers/smtp.ts';
import { machineLimit } from '../../helpers/time-limits.ts';

const PUBLIC_URL = 'https://keygate.example.org';
const REQUEST = 'REQ-2026-001';

/** Texts of the scenario that must never appear in a message: free text, reasons, conditions. */
const NEVER_SENT = [
  'Shut down the TCoS service',
  'Export under a key-encryption key',
  'The SSC supports the transfer',
  'The CIO reviews the HSM audit logs',
  'Consultancy for the TCoS host',
  ': approve',
  ': reject',
  'Reviewed.',
  'PRIVATE KEY',
  'publicKey',
];

function to(mails: readonly ReceivedMail[], summary: string): string[] {
  return mails.filter((m) => m.subject === `[keygate] ${REQUEST}: ${summary}`).flatMap((m) => m.to).sort();
}

const at = (id: string) => `${id}@example.org`;

describe('notifications over SMTP: the TCoS-to-ECoS scenario', function () {
  this.timeout(machineLimit(240_000));
  forEachEngine((engine) => {
    let smtp: SmtpReceiver;
    let kg: Keygate;
    const clock: Clock = { now: new Date('2026-01-05T09:00:00Z') };

    before(async () => {
      smtp = await startSmtpReceiver();
      const config = testConfig(await engine.newDatabase(), {
        publicUrl: PUBLIC_URL,
        notifications: { enabled: true, smtpUrl: smtp.url, from: 'keygate@example.org', maxAttempts: 3, retryBaseMs: 1 },
      });
      kg = await openKeygate(config, { clock: () => clock.now });
      for (const id of Object.values(WHO)) await kg.notifications.setEmail(id, at(id));
      const { tcosKey } = await setUpWorld(kg, clock);
      await runTcosToEcos(kg, clock, tcosKey);
      await kg.notificationWorker.drain();
    });

    after(async () => {
      await kg.close();
      await smtp.close();
    });

    it('tells the PMA chair and the SSC chair of the submission', () => {
      expect(to(smtp.mails, 'submitted for approval')).to.deep.equal([at(WHO.clara), at(WHO.sol)]);
      expect(to(smtp.mails, 'SSC consultation opened')).to.deep.equal([at(WHO.sol)]);
      expect(to(smtp.mails, 'SSC advice recorded or waived')).to.include.members([at(WHO.clara), at(WHO.dan)]);
    });

    it('invites every eligible member to vote, and not the member recused by affiliation', () => {
      const invited = to(smtp.mails, 'voting opened');
      expect(invited).to.deep.equal([WHO.wes, WHO.sam, WHO.una, WHO.vic, WHO.nia].map(at).sort());
      expect(invited).to.not.include(at(WHO.eve));
    });

    it('gives a member a receipt each time a vote of theirs is changed, and only then', () => {
      expect(to(smtp.mails, 'your vote was changed')).to.deep.equal([at(WHO.vic), at(WHO.vic)]);
    });

    it('tells the DCC, the members and the SSC chair of the decision, and the chair and members of the execution', () => {
      const members = [WHO.sam, WHO.una, WHO.vic, WHO.nia, WHO.eve, WHO.wes].map(at);
      expect(to(smtp.mails, 'decided')).to.include.members([at(WHO.dan), at(WHO.sol), ...members]);
      expect(to(smtp.mails, 'execution recorded')).to.deep.equal([at(WHO.clara), ...members].sort());
    });

    it('tells each person of the signing credential enrolled for them', () => {
      const enrolled = smtp.mails.filter((m) => m.subject === '[keygate] a signing credential was enrolled for you').flatMap((m) => m.to);
      expect(enrolled).to.include.members([at(WHO.dan), at(WHO.clara), at(WHO.sol), at(WHO.vic)]);
    });

    it('links each message to its page under KEYGATE_PUBLIC_URL, in the text and the HTML part', () => {
      for (const m of smtp.mails.filter((x) => x.subject.includes(REQUEST))) {
        expect(m.text).to.include(`${PUBLIC_URL}/ui/requests/${REQUEST}`);
        expect(m.html).to.include(`href="${PUBLIC_URL}/ui/requests/${REQUEST}"`);
        expect(m.text).to.match(/What awaits you: \S/);
      }
    });

    it('sends no free text of the request, no reasons, no conditions and no key material', () => {
      expect(smtp.mails.length).to.be.greaterThan(30);
      for (const m of smtp.mails) for (const text of NEVER_SENT) expect(m.raw, `${m.subject} holds ${text}`).to.not.include(text);
    });

    it('sends one message per idempotency key, from the configured sender', async () => {
      const keys = smtp.mails.map((m) => m.idempotencyKey);
      expect(new Set(keys).size).to.equal(keys.length);
      expect(new Set(smtp.mails.map((m) => m.from))).to.deep.equal(new Set(['keygate@example.org']));
      const { counts } = await kg.notifications.outbox();
      expect(counts).to.include({ pending: 0, failed: 0, delivered: smtp.mails.length });
    });
  });
});
