// Passkey enrolment through the pages in Chromium, with Chromium's virtual authenticator: the
// page script creates the passkey (the server verifies the registration), shows the enrolment
// statement, has the new passkey sign it through the real WebAuthn prompt, and sends the proof
// with the form. The proof is checked here with the signing core's verifier, as the server and
// replay check it.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { credentialKeySchema, proofSchema, verifyProof } from '../../approvals/index.ts';
import { relyingPartyOf } from '../../approvals/webauthn/assertion.ts';
import type { Keygate } from '../../server/compose.ts';
import { createApp } from '../../server/app.ts';
import type { Clock } from '../helpers/approval-scenario.ts';
import { freePort, serve, silentLogger } from '../helpers/http.ts';
import type { Served } from '../helpers/http.ts';
import { machineLimit } from '../helpers/time-limits.ts';
import { seedWorld } from '../server/pages/fixture.ts';
import { PASSWORD } from '../server/pages/page-client.ts';
import { launchOrSkip, screenshot } from './browser.ts';
import { addVirtualAuthenticator, credentialsOf } from './passkeys.ts';

describe('pages in Chromium: enrolling a passkey', function () {
  this.timeout(machineLimit(120_000));
  let browser: Browser | null = null;
  let kg: Keygate;
  let http: Served;
  const clock: Clock = { now: new Date('2026-02-01T09:00:00Z') };

  before(async function () {
    browser = await launchOrSkip(this);
    const seeded = await seedWorld();
    const port = await freePort();
    kg = await seeded.open(clock, { publicUrl: `http://localhost:${port}` });
    http = await serve(createApp(kg, silentLogger), { port, host: 'localhost' });
  });
  after(async () => {
    await browser?.close();
    await http?.close();
    await kg?.close();
  });

  async function signIn(username: string): Promise<Page> {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(machineLimit(30_000));
    await page.goto(`${http.url}/ui/login`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${http.url}/ui`);
    return page;
  }

  it('creates a passkey, shows the enrolment statement and sends the proof of possession the core verifies', async () => {
    const dan = await signIn('dcc-dan');
    const authenticator = await addVirtualAuthenticator(dan);
    expect(await dan.textContent('main')).to.contain('Enrol a passkey');
    await dan.getByRole('link', { name: 'My credentials' }).click();
    await screenshot(dan, 'credentials-empty');

    let sent: URLSearchParams | null = null;
    await dan.route(`${http.url}/ui/credentials`, async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      sent = new URLSearchParams(route.request().postData() ?? '');
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<!DOCTYPE html><title>sent</title><main>sent</main>' });
    });
    await dan.getByRole('button', { name: 'Create and enrol a passkey' }).click();
    await dan.getByRole('heading', { name: 'You are about to sign' }).waitFor();
    const panel = await dan.textContent('.signing-panel');
    expect(panel).to.contain('credential enrolled').and.to.contain('New passkey');
    await screenshot(dan, 'credentials-enrol-statement');
    await dan.getByRole('button', { name: 'Sign with your passkey' }).click();
    await dan.waitForURL(`${http.url}/ui/credentials`);
    await dan.getByText('sent').waitFor();

    expect(sent).to.not.equal(null);
    const form = sent as unknown as URLSearchParams;
    const credential = credentialKeySchema.parse(JSON.parse(form.get('credential') ?? ''));
    const proofs = JSON.parse(form.get('proofs') ?? '') as unknown[][];
    expect(proofs).to.have.length(1);
    expect(proofs[0]).to.have.length(1);
    const proof = proofSchema.parse(proofs[0]![0]);
    expect(credential.kind).to.equal('webauthn');
    expect(proof.credentialId).to.equal(credential.credentialId);
    expect((await credentialsOf(authenticator)).map((c) => Buffer.from(String(c.credentialId), 'base64').toString('base64url'))).to.deep.equal([credential.credentialId]);
    const statement = JSON.parse(proof.statement) as { action: string; person: string; origin: string };
    expect(statement).to.include({ action: 'credential.enrolled', person: 'dcc-dan', origin: kg.log.origin });
    // Verifies as the server does (its relying party) and as replay does (from the assertion).
    verifyProof(credential, proof, { origin: kg.log.origin, relyingParty: relyingPartyOf(http.url) });
    verifyProof(credential, proof, { origin: kg.log.origin });
  });
});
