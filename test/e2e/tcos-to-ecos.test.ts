// The TCoS-to-ECoS transfer through the pages in Chromium under policy `signatures: required`, by
// the DCC, the PMA chair, the SSC chair and PMA members, each signed in in their own browser
// context with Chromium's virtual authenticator (CDP WebAuthn): each person enrols a passkey on
// the pages (the DCC, acting first without one, is sent to enrol), and every statement is signed
// through the real WebAuthn prompt after the page has shown what is signed. With a private key
// pasted into a form being refused, and a conflicted member unable to vote. Replay of the export
// then proves every signature. Screenshots of the main pages go to test/artifacts/.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { Keygate } from '../../server/compose.ts';
import { createApp } from '../../server/app.ts';
import { replayExportDir } from '../../server/cli/replay-command.ts';
import { exportLog } from '../../server/log-export.ts';
import { tempDir } from '../helpers/databases.ts';
import type { Clock } from '../helpers/approval-scenario.ts';
import { freePort, serve, silentLogger } from '../helpers/http.ts';
import type { Served } from '../helpers/http.ts';
import { orgCert } from '../pki/fixtures.ts';
import { seedWorld } from '../server/pages/fixture.ts';
import { PASSWORD } from '../server/pages/page-client.ts';
import { REQUEST_ID, pem, privateKeyPem } from '../server/pages/flow.ts';
import { launchOrSkip, screenshot } from './browser.ts';
import { addVirtualAuthenticator } from './passkeys.ts';
import { machineLimit } from '../helpers/time-limits.ts';

const sha256Hex = (bytes: Buffer): string => crypto.createHash('sha256').update(bytes).digest('hex');

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
    const seeded = await seedWorld({ signatures: 'required' });
    tcosKey = seeded.tcosKey;
    const port = await freePort();
    kg = await seeded.open(clock, { publicUrl: `http://localhost:${port}` });
    http = await serve(createApp(kg, silentLogger), { port, host: 'localhost' });
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

  const people = new Map<string, Page>();

  /**
   * The person's browser (their own context, cookies and virtual authenticator), signed in as
   * `username` on first use, back on the dashboard afterwards. With `enrol`, a person without a
   * passkey enrols one first.
   */
  async function signIn(username: string, { enrol = true } = {}): Promise<Page> {
    const known = people.get(username);
    if (known !== undefined) {
      // The test clock moves on by days: a session that expired meanwhile signs in again (the passkey stays).
      await known.goto(`${http.url}/ui`);
      if (known.url().includes('/ui/login')) await logIn(known, username);
      return known;
    }
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(machineLimit(30_000));
    opened.push(page);
    people.set(username, page);
    await addVirtualAuthenticator(page);
    await page.goto(`${http.url}/`);
    await logIn(page, username);
    if (enrol) {
      await enrolPasskey(page);
      await page.goto(`${http.url}/ui`);
    }
    return page;
  }

  async function logIn(page: Page, username: string): Promise<void> {
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${http.url}/ui`);
  }

  /** Creates a passkey on the credentials page and enrols it, signed by itself. */
  async function enrolPasskey(page: Page): Promise<void> {
    if (!page.url().endsWith('/ui/credentials')) await page.goto(`${http.url}/ui/credentials`);
    await page.getByRole('button', { name: 'Create and enrol a passkey' }).click();
    await page.getByRole('heading', { name: 'You are about to sign' }).waitFor();
    await page.getByRole('button', { name: 'Sign with your passkey' }).click();
    await page.getByRole('status').filter({ hasText: 'Your passkey was enrolled' }).waitFor();
  }

  /**
   * Presses the form's button, checks what the page shows is to be signed, and signs it with the
   * passkey through the browser's WebAuthn prompt (answered by the virtual authenticator).
   */
  async function signAndSend(page: Page, button: string, shown: readonly string[], shot?: string): Promise<void> {
    await page.getByRole('button', { name: button }).click();
    await page.getByRole('heading', { name: /^You are about to sign/ }).waitFor();
    const panel = (await page.locator('.signing-panel').filter({ hasText: 'You are about to sign' }).textContent()) ?? '';
    for (const text of shown) expect(panel).to.contain(text);
    if (shot !== undefined) await screenshot(page, shot);
    await page.getByRole('button', { name: 'Sign with your passkey' }).click();
  }

  async function storedDocumentCount(): Promise<number> {
    const rows = await kg.db.knex('documents').count({ n: '*' });
    return Number(rows[0]?.n ?? 0);
  }

  async function openRequest(page: Page): Promise<void> {
    await page.goto(`${http.url}/ui/requests/${REQUEST_ID}`);
  }

  async function done(page: Page, notice: string): Promise<void> {
    await page.getByRole('status').filter({ hasText: notice }).waitFor();
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
    await page.getByLabel('Document name (for pasted text)').fill(`${REQUEST_ID}-security-case.txt`);
    await page.getByLabel('Document text').fill(evidence);
  }

  /** The revision hash the request page shows for the current revision. */
  async function currentRevisionHash(): Promise<string> {
    const r = await kg.approvals.getRequest(REQUEST_ID);
    return r.revisions.at(-1)!.hash;
  }

  it('runs from the DCC request to the recorded execution, every statement signed with a passkey, refusing a private key and a conflicted vote', async () => {
    const started = Date.now();
    clock.now = new Date('2026-02-01T09:00:00Z');
    const dan = await signIn('dcc-dan', { enrol: false });
    await screenshot(dan, 'dashboard-dcc');
    // A private key pasted as evidence: refused with a readable page before anything is signed; nothing is created.
    await fillRequest(dan, `Notes from the HSM team\n${privateKeyPem()}`);
    await dan.getByRole('button', { name: 'Create draft' }).click();
    await dan.getByRole('heading', { name: 'Private key material refused' }).first().waitFor();
    expect(await dan.textContent('main')).to.contain('Nothing you sent was stored or logged');
    await screenshot(dan, 'private-key-refused');
    expect((await kg.approvals.listRequests()).length).to.equal(0);

    // Dan holds no credential yet: creating the request sends him to enrol a passkey first.
    await fillRequest(dan, 'The ECoS Party systems were assessed against Section G.');
    await dan.getByRole('button', { name: 'Create draft' }).click();
    await dan.waitForURL(`${http.url}/ui/credentials`);
    await enrolPasskey(dan);
    await fillRequest(dan, 'The ECoS Party systems were assessed against Section G.');
    await signAndSend(dan, 'Create draft', ['created', REQUEST_ID, 'Revision', 'dcc-dan'], 'request-create-statement');
    await dan.getByRole('status').filter({ hasText: 'created as a draft' }).waitFor();
    const revision = await currentRevisionHash();
    await signAndSend(dan, 'Submit to the PMA', ['submitted', REQUEST_ID, revision]);
    await done(dan, 'submitted');

    const clara = await signIn('chair-clara');
    expect(await clara.textContent('main')).to.contain('Open SSC consultation');
    await openRequest(clara);
    await signAndSend(clara, 'Open SSC consultation', ['consultation opened', REQUEST_ID, revision]);
    await done(clara, 'consultation is open');

    clock.now = new Date('2026-02-09T15:00:00Z');
    const sol = await signIn('ssc-sol');
    await screenshot(sol, 'dashboard-ssc');
    await openRequest(sol);
    await sol.getByLabel('support with conditions').check();
    await sol.getByLabel('Advice (required)', { exact: true }).fill('The SSC supports the transfer.');
    await sol.getByLabel('Conditions', { exact: true }).fill('The CIO reviews the HSM audit logs of the export.');
    await signAndSend(sol, 'Record advice', ['advice recorded', REQUEST_ID, revision, 'support with conditions']);
    await done(sol, 'SSC advice was recorded');

    await signIn('chair-clara');
    await openRequest(clara);
    await signAndSend(clara, 'Open voting', ['voting opened', REQUEST_ID]);
    await done(clara, 'Voting is open');

    clock.now = new Date('2026-02-10T10:00:00Z');
    const wes = await signIn('sup-wes');
    await openRequest(wes);
    await wes.getByText('Declare a conflict of interest').click();
    await wes.getByLabel('What is the conflict?').fill('Consultancy for the TCoS host in 2025.');
    await signAndSend(wes, 'Declare conflict and recuse', ['conflict declared', REQUEST_ID]);
    await wes.getByRole('note').filter({ hasText: 'You cannot vote on this request' }).waitFor();
    expect(await wes.locator('#vote-form').count()).to.equal(0);
    await screenshot(wes, 'member-recused');

    for (const who of ['spec-sam', 'sup-una', 'sup-vic']) {
      const member = await signIn(who);
      await openRequest(member);
      for (const subject of ['transfer', 'mechanism', 'recipient security']) {
        const fieldset = member.getByRole('group', { name: new RegExp(`^${subject}`) });
        await fieldset.getByLabel('approve').check();
        await fieldset.getByLabel('Reasons').fill(`${who}: approve on ${subject}.`);
      }
      if (who === 'spec-sam') await screenshot(member, 'member-voting');
      await signAndSend(member, 'Record my votes', ['You are about to sign 3 statements', 'vote cast', 'transfer', 'mechanism', 'recipient security', 'approve', revision], who === 'spec-sam' ? 'member-vote-statements' : undefined);
      await done(member, 'Your vote was recorded');
    }

    clock.now = new Date('2026-02-11T16:00:00Z');
    await signIn('chair-clara');
    await screenshot(clara, 'dashboard-chair');
    await openRequest(clara);
    expect(await clara.textContent('#votes-h + p')).to.contain('Overall: approved');
    await screenshot(clara, 'request-tally');
    await clara.getByLabel('Conditions before execution').fill('The CIO reviews the HSM audit logs of the export.');
    await signAndSend(clara, 'Close voting', ['decided', REQUEST_ID, revision]);
    await done(clara, 'decision recorded');

    clock.now = new Date('2026-03-05T12:00:00Z');
    await signIn('chair-clara');
    await openRequest(clara);
    // Evidence through the file picker: a file holding a private key is refused before anything is
    // signed and nothing is stored; the person's note is kept, the file must be picked again.
    const documentsBefore = await storedDocumentCount();
    await clara.getByLabel('Note').fill('Reviewed the HSM logs.');
    await clara.getByLabel('Evidence files').setInputFiles({ name: 'hsm-export.txt', mimeType: 'text/plain', buffer: Buffer.from(`HSM export log\n${privateKeyPem()}`) });
    await clara.getByRole('button', { name: 'Mark as met' }).click();
    await clara.getByRole('alert').filter({ hasText: 'the file "hsm-export.txt"' }).waitFor();
    expect(await clara.getByLabel('Note').inputValue()).to.equal('Reviewed the HSM logs.');
    expect(await clara.textContent('#form-error')).to.contain('Nothing you sent was stored or logged');
    await screenshot(clara, 'evidence-file-refused');
    expect(await storedDocumentCount()).to.equal(documentsBefore);
    expect((await kg.approvals.getRequest(REQUEST_ID)).conditionsMet).to.deep.equal([]);
    const review = Buffer.from('The CIO reviewed the HSM audit logs of the export: no anomalies.\n');
    await clara.getByLabel('Evidence files').setInputFiles({ name: 'hsm-log-review.txt', mimeType: 'text/plain', buffer: review });
    await screenshot(clara, 'evidence-file-picked');
    await signAndSend(clara, 'Mark as met', ['condition met', REQUEST_ID, 'c1']);
    await done(clara, 'condition was marked as met');
    const [met] = (await kg.approvals.getRequest(REQUEST_ID)).conditionsMet;
    expect(met?.evidence).to.deep.equal([{ sha256: sha256Hex(review), size: review.length, name: 'hsm-log-review.txt' }]);

    await signIn('dcc-dan');
    await openRequest(dan);
    await dan.getByLabel('Executed at (UTC)').fill('2026-03-05T10:00');
    await dan.getByLabel("The recipient's certificate for the key (PEM)").fill(pem(orgCert(5, { eui: '90B3D51F3000EC01' })));
    // Two files picked at once, and pasted text: three documents, files after the text.
    const minutes = Buffer.from([0x4b, 0x43, 0x00, 0xff, 0x10, 0x20, 0x0d, 0x0a]);
    const attendance = Buffer.from('Attendance: two DCC key custodians, one CIO observer.\n');
    await dan.getByLabel('Evidence files').setInputFiles([
      { name: 'ceremony-minutes.bin', mimeType: 'application/octet-stream', buffer: minutes },
      { name: 'attendance.txt', mimeType: 'text/plain', buffer: attendance },
    ]);
    await dan.getByLabel('Evidence document name').fill('ceremony-notes.txt');
    await dan.getByLabel('Evidence text').fill('Key ceremony notes.');
    await screenshot(dan, 'execution-form-files');
    await signAndSend(dan, 'Record execution', ['executed', REQUEST_ID]);
    await dan.getByRole('status').filter({ hasText: 'execution was recorded' }).waitFor();
    await screenshot(dan, 'request-executed');
    expect(await dan.textContent('main')).to.contain('signed by');
    const execution = (await kg.approvals.getRequest(REQUEST_ID)).execution;
    expect(execution?.evidence.map((e) => [e.name, e.size, e.sha256])).to.deep.equal([
      ['ceremony-notes.txt', 'Key ceremony notes.\n'.length, sha256Hex(Buffer.from('Key ceremony notes.\n'))],
      ['ceremony-minutes.bin', minutes.length, sha256Hex(minutes)],
      ['attendance.txt', attendance.length, sha256Hex(attendance)],
    ]);
    expect((await kg.approvals.downloadDocument(sha256Hex(minutes))).content.equals(minutes)).to.equal(true);

    const auditor = await signIn('auditor', { enrol: false });
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
    // Every request entry carries its person's passkey signature, and replay proves each one.
    const dir = tempDir('keygate-export-');
    await exportLog(kg.logStore, kg.log.verifierKey, dir);
    const entries = fs.readFileSync(path.join(dir, 'entries.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { action: string; data: { signature?: { authenticatorData?: string } | null } });
    const requestEntries = entries.filter((e) => e.action.startsWith('request.'));
    expect(requestEntries.length).to.equal(18);
    for (const e of requestEntries) expect(e.data.signature?.authenticatorData, e.action).to.be.a('string');
    const replay = await replayExportDir(dir, { vkey: kg.log.verifierKey });
    expect(replay.verification.ok, replay.verification.failure?.message).to.equal(true);
    expect(replay.ok, JSON.stringify(replay.violations)).to.equal(true);
    console.log(`      (browser scenario: ${Date.now() - started} ms)`);
  });
});
