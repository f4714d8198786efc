// The pages as a newcomer meets them, in Chromium: a deep link survives sign-in; the request page
// and the audit log fit a 1280 px and a 390 px screen; an executed request shows the certificate
// voted on and the recipient's; the verify page takes a typed tree size; the API docs (an OpenAPI
// viewer) open without an account and run under the strict CSP. Screenshots go to test/artifacts/.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { Keygate } from '../../server/compose.ts';
import { createApp } from '../../server/app.ts';
import type { Clock } from '../helpers/approval-scenario.ts';
import { serve, silentLogger } from '../helpers/http.ts';
import type { Served } from '../helpers/http.ts';
import { machineLimit } from '../helpers/time-limits.ts';
import { seedWorld } from '../server/pages/fixture.ts';
import { PASSWORD } from '../server/pages/page-client.ts';
import { REQUEST_PATH, castApprovals, decideAndExecute, toVoting } from '../server/pages/flow.ts';
import { launchOrSkip, screenshot } from './browser.ts';

const WIDTHS = [1280, 390] as const;

describe('pages in Chromium: a newcomer’s first hour', function () {
  this.timeout(machineLimit(300_000));
  let browser: Browser | null = null;
  let kg: Keygate;
  let http: Served;
  const clock: Clock = { now: new Date('2026-01-05T09:00:00Z') };

  before(async function () {
    browser = await launchOrSkip(this);
    const seeded = await seedWorld();
    kg = await seeded.open(clock);
    http = await serve(createApp(kg, silentLogger));
    // The TCoS-to-ECoS request, through the forms, to its recorded execution.
    await toVoting(http.url, clock, seeded.tcosKey);
    await castApprovals(http.url, clock);
    await decideAndExecute(http.url, clock);
  });
  after(async () => {
    await browser?.close();
    await http?.close();
    await kg?.close();
  });

  async function newPage(width: number): Promise<Page> {
    const context = await browser!.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(machineLimit(30_000));
    return page;
  }

  async function signIn(page: Page, username: string): Promise<void> {
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  /** How far the page is wider than the screen, and any visible element that sticks out. */
  // Run in the page (a string: this project's TypeScript has no DOM types).
  const OVERFLOW = `(() => {
    const width = document.documentElement.clientWidth;
    const wider = [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > width + 1).map((e) => e.tagName.toLowerCase() + '.' + e.className);
    return { scroll: document.documentElement.scrollWidth - width, wider: wider.slice(0, 5) };
  })()`;
  const overflow = (page: Page) => page.evaluate<{ scroll: number; wider: string[] }>(OVERFLOW);

  it('returns to the deep link after sign-in', async () => {
    const page = await newPage(1280);
    await page.goto(`${http.url}${REQUEST_PATH}#votes-h`);
    await page.waitForURL(/\/ui\/login\?next=/);
    await signIn(page, 'auditor');
    await page.waitForURL(`${http.url}${REQUEST_PATH}`);
    await page.getByRole('heading', { name: /REQ-2026-001/ }).waitFor();
    await page.context().close();
  });

  for (const width of WIDTHS) {
    it(`fits the request page and the audit log into ${width} px`, async () => {
      const page = await newPage(width);
      await page.goto(`${http.url}/ui/login?next=${encodeURIComponent(REQUEST_PATH)}`);
      await signIn(page, 'auditor');
      await page.waitForURL(`${http.url}${REQUEST_PATH}`);
      await screenshot(page, `request-executed-${width}`);
      expect(await overflow(page), 'request page').to.deep.equal({ scroll: 0, wider: [] });
      await page.goto(`${http.url}/ui/log`);
      await screenshot(page, `log-${width}`);
      expect(await overflow(page), 'log page').to.deep.equal({ scroll: 0, wider: [] });
      await page.context().close();
    });
  }

  it('shows the certificate voted on and the recipient’s new one after execution, labelled', async () => {
    const page = await newPage(1280);
    await page.goto(`${http.url}/ui/login?next=${encodeURIComponent(REQUEST_PATH)}`);
    await signIn(page, 'auditor');
    await page.getByRole('heading', { name: /The certificate voted on/ }).waitFor();
    await page.getByRole('heading', { name: /The recipient's new certificate/ }).waitFor();
    const voted = await page.locator('#key-h ~ dl').first().textContent();
    const recipient = await page.locator('#recipient-h ~ dl').first().textContent();
    expect(voted).to.contain('Held by').and.to.contain('tcos-host');
    expect(recipient).to.contain('90B3D51F3000EC01');
    expect(voted).not.to.contain('90B3D51F3000EC01');
    await page.context().close();
  });

  it('verifies against a typed tree size', async () => {
    const page = await newPage(1280);
    await page.goto(`${http.url}/ui/login?next=${encodeURIComponent('/ui/log/verify')}`);
    await signIn(page, 'auditor');
    await page.getByLabel('Or a checkpoint this log issued, by tree size').fill('3');
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await page.getByRole('heading', { name: '✓ Verified' }).waitFor();
    await screenshot(page, 'verify-typed-size');
    await page.context().close();
  });

  it('opens the API docs without an account, from the pages’ footer, in a viewer that runs under the strict CSP', async () => {
    const page = await newPage(1280);
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !/favicon/.test(m.location().url)) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`${http.url}/ui/login`);
    await page.getByRole('link', { name: 'docs' }).click();
    await page.waitForURL(`${http.url}/api/v1/docs`);
    await page.locator('.opblock').first().waitFor();
    expect(await page.locator('.opblock').count()).to.be.greaterThan(50);
    expect(await page.locator('.opblock-summary-path', { hasText: '/requests/{requestId}/votes' }).count()).to.equal(1);
    await screenshot(page, 'api-docs');
    expect(problems).to.deep.equal([]);
    await page.context().close();
  });
});
