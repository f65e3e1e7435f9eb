/** Debian's Chromium, driven by playwright-core; never a downloaded browser. */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env['STATUSMARK_CHROMIUM'] ?? '/usr/bin/chromium';

/**
 * Pages a test keeps open at once in one browser when it visits many: a page spends much of
 * its time waiting (on the server, on the browser's other processes), so a few at once keep
 * two cores busy where one at a time leaves them idle.
 */
export const PAGES_AT_ONCE = 4;

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install Debian's package: apt-get install chromium`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
