/**
 * Launches Debian's Chromium through playwright-core (no browser download). Locally, tests skip
 * with a message when /usr/bin/chromium is missing; in CI (CI=true), where .ci/run installs it,
 * a missing browser fails the run instead of silently skipping the page tests.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const inCi = process.env.CI === 'true';
export const hasChromium = existsSync(CHROMIUM_PATH);

/** True when browser tests should be skipped (missing browser, not in CI). */
export const skipBrowserTests = !hasChromium && !inCi;
if (skipBrowserTests) {
  console.warn(`browser tests skipped: ${CHROMIUM_PATH} not found (install Debian's chromium; CI installs it and fails without it)`);
}

export async function launchBrowser(): Promise<Browser> {
  if (!hasChromium) throw new Error(`${CHROMIUM_PATH} not found: the browser tests need Debian's chromium (apt-get install chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
