import { expect } from 'chai';
import { PasskeyRegistration, TICKET_LIFETIME_MS } from '../../../server/services/passkey-registration.ts';
import { ServiceError } from '../../../server/services/errors.ts';
import { TEST_RP, softCredential } from '../../helpers/soft-authenticator.ts';

async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (err) {
    if (err instanceof ServiceError) return `${err.code}: ${err.message}`;
    throw err;
  }
  throw new Error('the registration was accepted');
}

describe('PasskeyRegistration', () => {
  const clock = { now: new Date('2026-02-01T09:00:00Z') };
  const registration = new PasskeyRegistration(TEST_RP, () => clock.now);
  const holder = { personId: 'p-dan', name: 'dcc-dan', existing: ['b2xk'] };

  beforeEach(() => {
    clock.now = new Date('2026-02-01T09:00:00Z');
  });

  it("offers options for the relying party, excluding the person's credentials, and yields the new passkey's public part", async () => {
    const { options, ticket } = await registration.begin(holder);
    expect(options.rp).to.deep.equal({ name: 'SMKI Keygate', id: 'localhost' });
    expect(options.excludeCredentials?.map((c) => c.id)).to.deep.equal(['b2xk']);
    expect(options.pubKeyCredParams.map((p) => p.alg)).to.deep.equal([-8, -7, -257]);
    const soft = softCredential('es256');
    const passkey = await registration.finish('p-dan', ticket, soft.register(options.challenge));
    expect(passkey).to.deep.equal({ credentialId: soft.credential.credentialId, publicKey: soft.credential.publicKey, aaguid: '00000000-0000-0000-0000-000000000000' });
  });

  context('when the response does not answer this ceremony', () => {
    it('refuses another challenge, another origin and another RP ID', async () => {
      const { options, ticket } = await registration.begin(holder);
      const soft = softCredential('es256');
      expect(await refusal(() => registration.finish('p-dan', ticket, soft.register('AAAA')))).to.match(/^passkey-registration-invalid: .*challenge/i);
      expect(await refusal(() => registration.finish('p-dan', ticket, soft.register(options.challenge, { origin: 'https://evil.example' })))).to.match(/^passkey-registration-invalid: .*origin/i);
      expect(await refusal(() => registration.finish('p-dan', ticket, soft.register(options.challenge, { rpId: 'evil.example' })))).to.match(/^passkey-registration-invalid: .*RP ID/i);
    });

    it("refuses a ticket begun for another person, an expired one and one that is not a ticket", async () => {
      const { options, ticket } = await registration.begin(holder);
      const soft = softCredential('es256');
      expect(await refusal(() => registration.finish('p-sam', ticket, soft.register(options.challenge)))).to.match(/another person/);
      clock.now = new Date(clock.now.getTime() + TICKET_LIFETIME_MS + 1);
      expect(await refusal(() => registration.finish('p-dan', ticket, soft.register(options.challenge)))).to.match(/expired/);
      expect(await refusal(() => registration.finish('p-dan', { personId: 'p-dan' }, soft.register(options.challenge)))).to.match(/not ours/);
    });

    it('refuses a response that is not a registration', async () => {
      const { ticket } = await registration.begin(holder);
      expect(await refusal(() => registration.finish('p-dan', ticket, { id: 'x' }))).to.match(/^passkey-registration-invalid/);
    });
  });
});
