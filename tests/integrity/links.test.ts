/**
 * No broken link inside the site: every built HTML page of the demo (pinned during the
 * attack) and of the quiet fixture is opened in Chromium, and each internal address it
 * links (`<a href>` and `<link href>`, the page's own canonical and language links included)
 * must name a file of the build, and its `#fragment` an element id on that page.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/lib/content/load.ts';
import { builtSite, htmlPages } from '../browser/builds.ts';
import { launch } from '../../src/dev/chromium.ts';
import { serve, type Served } from '../../src/dev/server.ts';
import { stretched } from '../../src/dev/work.ts';

/** A test's time limit here on an idle machine, stretched by how busy the machine is (src/dev/work.ts). */
const TIME_LIMIT = stretched(600_000);

const root = resolve(import.meta.dirname, '../..');

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** What one page offers and asks for: its element ids, and every address it links, as the browser resolved it. */
interface Read {
  ids: string[];
  links: string[];
}

const builds: [string, string][] = [
  ['demo', 'content'],
  ['quiet', 'tests/fixtures/quiet'],
];

describe.each(builds)('every internal link of the %s build', (name, contentPath) => {
  const dist = builtSite(name);
  const site = loadContent(join(root, contentPath), root).content!.site;
  // The site's own absolute addresses (canonical, hreflang) are internal too.
  const published = new URL(site.base, site.url).href;
  let served: Served;
  beforeAll(async () => {
    served = await serve(dist, site.base);
  });
  afterAll(async () => served?.close());

  /** The file of the build an address inside the site names, or undefined when it is outside. */
  const fileOf = (address: URL): string | undefined => {
    const href = address.origin + address.pathname;
    const inside = [served.url, published].find((start) => href.startsWith(start));
    if (!inside) return undefined;
    const path = decodeURIComponent(href.slice(inside.length));
    return path === '' || path.endsWith('/') ? `${path}index.html` : path;
  };

  it('resolves to an existing file and, for a #fragment, to an element id on it', { timeout: TIME_LIMIT }, async () => {
    const pages = htmlPages(dist).map((p) => (p.endsWith('.html') ? p : `${p}index.html`));
    expect(pages.length).toBeGreaterThan(5);
    const read = new Map<string, Read>();
    const tab = await browser.newPage({ javaScriptEnabled: false });
    for (const file of pages) {
      const response = await tab.goto(served.url + (file.endsWith('index.html') ? file.slice(0, -'index.html'.length) : file));
      expect(response?.status(), file).toBe(200);
      read.set(
        file,
        await tab.evaluate(() => ({
          ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
          // `.href` is the address as the browser resolves it against the page, base path included.
          links: [...document.querySelectorAll<HTMLAnchorElement | HTMLLinkElement>('a[href], link[href]')].map((e) => e.href),
        })),
      );
    }
    await tab.close();

    const broken: string[] = [];
    let checked = 0;
    let fragments = 0;
    for (const [from, { links }] of read) {
      for (const link of links) {
        const address = new URL(link);
        const file = fileOf(address);
        if (file === undefined) continue;
        checked++;
        const path = join(dist, file);
        if (!existsSync(path) || !statSync(path).isFile()) {
          broken.push(`${from}: ${link}: no file ${file}`);
          continue;
        }
        const fragment = decodeURIComponent(address.hash.slice(1));
        if (!fragment) continue;
        fragments++;
        const target = read.get(file);
        if (!target) broken.push(`${from}: ${link}: #${fragment} on ${file}, which is not an HTML page`);
        else if (!target.ids.includes(fragment)) broken.push(`${from}: ${link}: no element with id "${fragment}" on ${file}`);
      }
    }
    expect(broken).toEqual([]);
    // The check ran over real links: every page links at least its home and canonical address.
    expect(checked).toBeGreaterThan(pages.length * 2);
    if (name === 'demo') expect(fragments).toBeGreaterThan(0);
  });
});
