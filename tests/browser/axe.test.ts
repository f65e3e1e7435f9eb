/**
 * The accessibility check itself (./axe.ts): what it must still find when it checks a page's
 * second colour scheme with the colour rules alone.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch } from '../../src/dev/chromium.ts';
import { type Served, serve } from '../../src/dev/server.ts';
import { tempFolders } from '../../src/dev/temp.ts';
import { axeRuns } from './axe.ts';

const temp = tempFolders('axe');
let browser: Browser;
let served: Served;

beforeAll(async () => {
  const dir = temp();
  // Readable in light; in dark, grey text on a black page (about 1.5:1) and an image without a text alternative.
  const page = (body: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Check</title><style>
body { background: #fff; color: #111; }
@media (prefers-color-scheme: dark) { body { background: #000; color: #333; } }
</style></head><body><main><h1>Check</h1><p>Some text to read.</p>${body}</main></body></html>\n`;
  writeFileSync(join(dir, 'index.html'), page(''));
  writeFileSync(join(dir, 'image.html'), page('<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'));
  browser = await launch();
  served = await serve(dir, '/');
});

afterAll(async () => {
  await served?.close();
  await browser?.close();
});

describe('axeRuns', () => {
  it('finds a contrast that fails in the second scheme only, and every rule in the first', async () => {
    const runs = (['light', 'dark'] as const).flatMap((scheme) => ['', 'image.html'].map((path) => ({ path, scheme })));
    expect(await axeRuns(browser, served, runs)).toEqual([
      ' (dark): color-contrast: h1, p',
      'image.html (light): image-alt: img',
      'image.html (dark): color-contrast: h1, p',
    ]);
  });
});
