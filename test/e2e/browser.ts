// Chromium for the browser tests: Debian's package at /usr/bin/chromium (CI installs it). Without
// it the suite fails in CI and is skipped elsewhere, saying why.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = path.resolve(import.meta.dirname, '..', 'artifacts');

/** Launches Chromium, or skips the suite (outside CI) when it is not installed. */
export async function launchOrSkip(ctx: Mocha.Context): Promise<Browser | null> {
  if (!fs.existsSync(CHROMIUM)) {
    if (process.env.CI) throw new Error(`${CHROMIUM} is missing: CI must install chromium (apt-get install -y chromium)`);
    console.warn(`    (${CHROMIUM} is not installed: skipping the browser tests; apt-get install -y chromium to run them)`);
    ctx.skip();
    return null;
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}
