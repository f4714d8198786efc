// Passkey enrolment through the pages in Chromium, with Chromium's virtual authenticator: the
// page script creates the passkey (the server verifies the registration), shows the enrolment
// statement, has the new passkey sign it through the real WebAuthn prompt, and sends the proof
// with the form; the server verifies it and records the enrolment, which the pages then show.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
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

  it('creates a passkey, shows the enrolment statement, signs it with the new passkey and lists the enrolled credential', async () => {
    const dan = await signIn('dcc-dan');
    const authenticator = await addVirtualAuthenticator(dan);
    expect(await dan.textContent('main')).to.contain('Enrol a passkey');
    await dan.getByRole('link', { name: 'My credentials' }).click();
    await screenshot(dan, 'credentials-empty');

    await dan.getByRole('button', { name: 'Create and enrol a passkey' }).click();
    await dan.getByRole('heading', { name: 'You are about to sign' }).waitFor();
    const panel = await dan.textContent('.signing-panel');
    expect(panel).to.contain('credential enrolled').and.to.contain('New passkey');
    await screenshot(dan, 'credentials-enrol-statement');
    await dan.getByRole('button', { name: 'Sign with your passkey' }).click();
    await dan.getByRole('status').filter({ hasText: 'Your passkey was enrolled' }).waitFor();
    await screenshot(dan, 'credentials-enrolled');

    const [credential] = await kg.approvals.credentials('dcc-dan');
    expect(credential?.key.kind).to.equal('webauthn');
    expect((await credentialsOf(authenticator)).map((c) => Buffer.from(String(c.credentialId), 'base64').toString('base64url'))).to.deep.equal([credential!.id]);
    expect(await dan.textContent('main')).to.contain(credential!.fingerprint).and.to.contain('enrolment #');
    await dan.getByRole('link', { name: 'Dashboard' }).click();
    expect(await dan.textContent('main')).to.contain(`credential ${credential!.fingerprint} was enrolled for you`);
  });
});
