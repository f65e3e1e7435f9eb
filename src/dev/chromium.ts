/** Debian's Chromium, driven by playwright-core; never a downloaded browser. */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env['STATUSMARK_CHROMIUM'] ?? '/usr/bin/chromium';

/**
 * Pages a test keeps open at once in one browser when it visits many. Each page's renderer is
 * its own process, mostly busy on one core (axe above all): two at once use both cores of this
 * machine. Measured on 12 axe runs of the demo at a load of ~15: one at a time 33-50 s, two
 * 28-33 s, four 33-37 s.
 */
export const PAGES_AT_ONCE = 2;

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
