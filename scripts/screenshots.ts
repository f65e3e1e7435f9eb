/**
 * Takes screenshots of a built site for people to look at: desktop and phone, light
 * and dark. Usage: node scripts/screenshots.ts [--first-screen] [dist] [out] [path ...]
 * Whole pages by default; --first-screen takes only what the window shows without
 * scrolling (desktop 1280 × 800, phone 390 × 844), the size the manual uses.
 */
import { mkdirSync } from 'node:fs';
import { launch } from '../src/dev/chromium.ts';
import { serve } from '../src/dev/server.ts';
import { siteConfigForAstro } from '../src/lib/content/site-config.ts';

const args = process.argv.slice(2);
const firstScreen = args.includes('--first-screen');
const [dist = 'dist', out = 'screenshots', ...pagePaths] = args.filter((a) => a !== '--first-screen');
const pages = pagePaths.length ? pagePaths : [''];
const { base } = siteConfigForAstro(process.env);
mkdirSync(out, { recursive: true });
const server = await serve(dist, base);
const browser = await launch();
try {
  for (const path of pages) {
    for (const [device, width, height] of [
      ['desktop', 1280, firstScreen ? 800 : 900],
      ['phone', 390, 844],
    ] as const) {
      for (const scheme of ['light', 'dark'] as const) {
        const page = await browser.newPage({ viewport: { width, height }, colorScheme: scheme, deviceScaleFactor: 1 });
        await page.goto(server.url + path);
        const name = `${out}/${(path || 'home').replace(/[^a-z0-9]+/gi, '_')}-${device}-${scheme}.png`;
        await page.screenshot({ path: name, fullPage: !firstScreen });
        console.log(name);
        await page.close();
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
}
