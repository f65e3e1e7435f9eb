/** Debian's Chromium, driven by playwright-core; never a downloaded browser. */
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page, type Response } from 'playwright-core';
import { type HeaderRule, headersFor } from '../lib/outputs/headers.ts';
import { mapConcurrently } from './work.ts';

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

/**
 * `visit` called on each of `items` with a tab to use, in one browser context made with
 * `options`, at most PAGES_AT_ONCE tabs at a time; the results in the order of `items`. Tabs
 * are reused from one item to the next: a fresh context per visit costs more than the visit
 * (measured on 8 axe runs of the demo: 20.6 s with a context each, 8.5 s sharing one). `init`
 * is a script run in every document before the page's own (injecting it on each visit instead
 * costs as much again). `visit` navigates the tab itself, so it can listen before it loads.
 */
export async function visitEach<T, R>(
  browser: Browser,
  options: BrowserContextOptions & { init?: string },
  items: readonly T[],
  visit: (page: Page, item: T) => Promise<R>,
): Promise<R[]> {
  const { init, ...contextOptions } = options;
  const context = await browser.newContext(contextOptions);
  try {
    if (init) await context.addInitScript({ content: init });
    const idle: Page[] = [];
    return await mapConcurrently(items, PAGES_AT_ONCE, async (item) => {
      const page = idle.pop() ?? (await context.newPage());
      const result = await visit(page, item);
      idle.push(page);
      return result;
    });
  } finally {
    await context.close();
  }
}

/** Tabs of one browser context, each kept open and used again by the next test that opens a page. */
export interface Tabs {
  /** `url` loaded in an idle tab (a new one if none is idle) `width` px wide and 900 px high. */
  open(url: string, width?: number): Promise<{ page: Page; response: Response | null }>;
  /** Gives a tab back for the next `open`, instead of closing it. */
  done(page: Page): void;
  /** Closes the context and every tab. */
  close(): Promise<void>;
}

/**
 * Tabs in one context made with `options` (1280 × 900 unless `open` says otherwise). A new tab
 * is a new renderer process: measured on the demo's home page at a load of about 6, opening a
 * tab and loading the page took 0.7-0.9 s, loading it in a tab already open 0.15-0.2 s. A
 * loaded document starts afresh (focus, scroll, form state); the mouse, which a page cannot
 * reset, is moved to the corner first, so that nothing of the next page starts hovered.
 */
export function tabs(browser: Browser, options: BrowserContextOptions = {}): Tabs {
  let context: Promise<BrowserContext> | undefined;
  const idle: Page[] = [];
  return {
    async open(url, width = 1280) {
      context ??= browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
      const page = idle.pop() ?? (await (await context).newPage());
      await page.mouse.move(0, 0);
      if (page.viewportSize()?.width !== width) await page.setViewportSize({ width, height: 900 });
      return { page, response: await page.goto(url) };
    },
    done(page) {
      idle.push(page);
    },
    async close() {
      await (await context)?.close();
    },
  };
}

/** The content types of the files a build writes. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.xml': 'application/xml',
  '.rss': 'application/rss+xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ics': 'text/calendar; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Makes `page` find the build in `dir` at `origin` (its site.yaml url, https included), with
 * the headers `rules` give each path, as its host would serve it; a missing file is the
 * build's 404 page. The browser sees the real origin, so the page's policy applies as live.
 */
export async function answerAt(page: Page | BrowserContext, origin: string, dir: string, rules: HeaderRule[]): Promise<void> {
  await page.route(`${origin}/**`, async (route) => {
    const { pathname } = new URL(route.request().url());
    const file = join(dir, decodeURIComponent(pathname), pathname.endsWith('/') ? 'index.html' : '');
    const found = file.startsWith(dir) && existsSync(file);
    await route.fulfill({
      status: found ? 200 : 404,
      headers: { 'content-type': TYPES[extname(found ? file : '.html')] ?? 'application/octet-stream', ...headersFor(pathname, rules) },
      body: readFileSync(found ? file : join(dir, '404.html')),
    });
  });
}
