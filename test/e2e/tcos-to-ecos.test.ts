// The TCoS-to-ECoS transfer through the pages in Chromium, by the DCC, the PMA chair, the SSC
// chair and PMA members, each signed in in their own browser context; with a private key pasted
// into a form being refused, and a conflicted member unable to vote. Screenshots of the main
// pages go to test/artifacts/.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { Keygate } from '../../server/compose.ts';
import { createApp } from '../../server/app.ts';
import type { Clock } from '../helpers/approval-scenario.ts';
import { serve, silentLogger } from '../helpers/http.ts';
import type { Served } from '../helpers/http.ts';
import { orgCert } from '../pki/fixtures.ts';
import { seedWorld } from '../server/pages/fixture.ts';
import { PASSWORD } from '../server/pages/page-client.ts';
import { REQUEST_ID, pem, privateKeyPem } from '../server/pages/flow.ts';
import { launchOrSkip, screenshot } from './browser.ts';
import { machineLimit } from '../helpers/time-limits.ts';

describe('pages in Chromium: the TCoS-to-ECoS transfer', function () {
  this.timeout(machineLimit(240_000));
  let browser: Browser | null = null;
  let kg: Keygate;
  let http: Served;
  const clock: Clock = { now: new Date('2026-01-05T09:00:00Z') };
  const opened: Page[] = [];
  let tcosKey = '';

  before(async function () {
    browser = await launchOrSkip(this);
    const seeded = await seedWorld();
    tcosKey = seeded.tcosKey;
    kg = await seeded.open(clock);
    http = await serve(createApp(kg, silentLogger));
  });
  afterEach(async function () {
    // On failure, the pages still open show what the user saw.
    if (this.currentTest?.state !== 'failed') return;
    for (const [i, page] of opened.entries()) if (!page.isClosed()) await screenshot(page, `failure-${i}`).catch(() => undefined);
  });
  after(async () => {
    await browser?.close();
    await http?.close();
    await kg?.close();
  });

  /** A fresh browser context (its own cookies) signed in as `username`. */
  async function signIn(username: string): Promise<Page> {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(machineLimit(30_000));
    opened.push(page);
    await page.goto(`${http.url}/`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${http.url}/ui`);
    return page;
  }

  async function openRequest(page: Page): Promise<void> {
    await page.goto(`${http.url}/ui/requests/${REQUEST_ID}`);
  }

  async function done(page: Page, notice: string): Promise<void> {
    await page.getByRole('status').filter({ hasText: notice }).waitFor();
    await page.context().close();
  }

  async function fillRequest(page: Page, evidence: string): Promise<void> {
    await page.goto(`${http.url}/ui/requests/new`);
    await page.getByLabel('Request id').fill(REQUEST_ID);
    await page.getByLabel('Key (by its registered certificate)').selectOption(tcosKey);
    await page.getByLabel('Source provider').selectOption('tcos-host');
    await page.getByLabel('Target provider').selectOption('ecos-party');
    await page.getByLabel('Rationale').fill('Shut down the TCoS service: its Change-of-Supplier signing moves to the ECoS Party.');
    await page.getByLabel('Description').fill('Export under a key-encryption key agreed between the HSMs; dual control.');
    await page.getByLabel('Witnesses').fill('CIO observer');
    await page.getByLabel('Section G statement').fill('The recipient systems comply with SEC Section G.');
    await page.getByLabel('DCC Security Assessment or CIO report references').fill('DCC-SA-2026-004');
    await page.getByLabel('Prospective changes considered').fill('Section G changes under consultation in 2026.');
    await page.getByLabel('Opens').fill('2026-03-01T00:00');
    await page.getByLabel('Closes').fill('2026-03-20T00:00');
    await page.getByLabel('Document name').fill(`${REQUEST_ID}-security-case.txt`);
    await page.getByLabel('Document text').fill(evidence);
    await page.getByRole('button', { name: 'Create draft' }).click();
  }

  it('runs from the DCC request to the recorded execution, refusing a private key and a conflicted vote', async () => {
    const started = Date.now();
    clock.now = new Date('2026-02-01T09:00:00Z');
    const dan = await signIn('dcc-dan');
    await screenshot(dan, 'dashboard-dcc');
    // A private key pasted as evidence: refused with a readable page; nothing is created.
    await fillRequest(dan, `Notes from the HSM team\n${privateKeyPem()}`);
    await dan.getByRole('heading', { name: 'Private key material refused' }).first().waitFor();
    expect(await dan.textContent('main')).to.contain('Nothing you sent was stored or logged');
    await screenshot(dan, 'private-key-refused');
    expect((await kg.approvals.listRequests()).length).to.equal(0);

    await fillRequest(dan, 'The ECoS Party systems were assessed against Section G.');
    await dan.getByRole('status').filter({ hasText: 'created as a draft' }).waitFor();
    await dan.getByRole('button', { name: 'Submit to the PMA' }).click();
    await done(dan, 'submitted');

    const clara = await signIn('chair-clara');
    expect(await clara.textContent('main')).to.contain('Open SSC consultation');
    await openRequest(clara);
    await clara.getByRole('button', { name: 'Open SSC consultation' }).click();
    await done(clara, 'consultation is open');

    clock.now = new Date('2026-02-09T15:00:00Z');
    const sol = await signIn('ssc-sol');
    await screenshot(sol, 'dashboard-ssc');
    await openRequest(sol);
    await sol.getByLabel('support with conditions').check();
    await sol.getByLabel('Advice (required)', { exact: true }).fill('The SSC supports the transfer.');
    await sol.getByLabel('Conditions', { exact: true }).fill('The CIO reviews the HSM audit logs of the export.');
    await sol.getByRole('button', { name: 'Record advice' }).click();
    await done(sol, 'SSC advice was recorded');

    const clara2 = await signIn('chair-clara');
    await openRequest(clara2);
    await clara2.getByRole('button', { name: 'Open voting' }).click();
    await done(clara2, 'Voting is open');

    clock.now = new Date('2026-02-10T10:00:00Z');
    const wes = await signIn('sup-wes');
    await openRequest(wes);
    await wes.getByText('Declare a conflict of interest').click();
    await wes.getByLabel('What is the conflict?').fill('Consultancy for the TCoS host in 2025.');
    await wes.getByRole('button', { name: 'Declare conflict and recuse' }).click();
    await wes.getByRole('note').filter({ hasText: 'You cannot vote on this request' }).waitFor();
    expect(await wes.locator('#vote-form').count()).to.equal(0);
    await screenshot(wes, 'member-recused');
    await wes.context().close();

    for (const who of ['spec-sam', 'sup-una', 'sup-vic']) {
      const member = await signIn(who);
      await openRequest(member);
      for (const subject of ['transfer', 'mechanism', 'recipient security']) {
        const fieldset = member.getByRole('group', { name: new RegExp(`^${subject}`) });
        await fieldset.getByLabel('approve').check();
        await fieldset.getByLabel('Reasons').fill(`${who}: approve on ${subject}.`);
      }
      if (who === 'spec-sam') await screenshot(member, 'member-voting');
      await member.getByRole('button', { name: 'Record my votes' }).click();
      await done(member, 'Your vote was recorded');
    }

    clock.now = new Date('2026-02-11T16:00:00Z');
    const clara3 = await signIn('chair-clara');
    await screenshot(clara3, 'dashboard-chair');
    await openRequest(clara3);
    expect(await clara3.textContent('#votes-h + p')).to.contain('Overall: approved');
    await screenshot(clara3, 'request-tally');
    await clara3.getByLabel('Conditions of approval').fill('The CIO reviews the HSM audit logs of the export.');
    await clara3.getByRole('button', { name: 'Close voting' }).click();
    await done(clara3, 'decision recorded');

    clock.now = new Date('2026-03-05T12:00:00Z');
    const clara4 = await signIn('chair-clara');
    await openRequest(clara4);
    await clara4.getByLabel('Note').fill('Reviewed the HSM logs.');
    await clara4.getByLabel('Evidence document name').fill('cio-review.txt');
    await clara4.getByLabel('Evidence text').fill('The CIO reviewed the HSM audit logs of the export: no anomalies.');
    await clara4.getByRole('button', { name: 'Mark as met' }).click();
    await done(clara4, 'condition was marked as met');

    const dan2 = await signIn('dcc-dan');
    await openRequest(dan2);
    await dan2.getByLabel('Executed at (UTC)').fill('2026-03-05T10:00');
    await dan2.getByLabel("The recipient's certificate for the key (PEM)").fill(pem(orgCert(5, { eui: '90B3D51F3000EC01' })));
    await dan2.getByLabel('Evidence document name').fill('ceremony-minutes.txt');
    await dan2.getByLabel('Evidence text (e.g. ceremony minutes)').fill('Key ceremony minutes: export under KEK, dual control.');
    await dan2.getByRole('button', { name: 'Record execution' }).click();
    await dan2.getByRole('status').filter({ hasText: 'execution was recorded' }).waitFor();
    await screenshot(dan2, 'request-executed');
    await dan2.context().close();

    const auditor = await signIn('auditor');
    await auditor.getByRole('link', { name: 'Audit log' }).first().click();
    await screenshot(auditor, 'auditor-log');
    await openRequest(auditor);
    await auditor.getByRole('link', { name: /inclusion proof/ }).last().click();
    await auditor.getByRole('heading', { name: '✓ Verified' }).waitFor();
    await screenshot(auditor, 'auditor-inclusion-proof');
    await auditor.goto(`${http.url}/ui/log/verify?old=1`);
    await auditor.getByRole('heading', { name: '✓ Verified' }).waitFor();
    await screenshot(auditor, 'auditor-consistency');

    expect((await kg.approvals.getRequest(REQUEST_ID)).state).to.equal('completed');
    console.log(`      (browser scenario: ${Date.now() - started} ms)`);
  });
});
