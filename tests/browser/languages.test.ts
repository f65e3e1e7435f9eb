/**
 * The demo in two languages (zh-CN first, then en; see scripts/test.ts), in a real browser:
 * each page in the reader's language, with `lang` right on the page and on every fragment
 * written in another language, links between the language versions, and no axe violation.
 */
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type Tabs, tabs } from '../../src/dev/chromium.ts';
import { budget } from '../../src/dev/work.ts';
import { builtSite } from './builds.ts';
import { serve, type Served } from '../../src/dev/server.ts';
import { axeRuns } from './axe.ts';
import { loadContent } from '../../src/lib/content/load.ts';
import type { Content } from '../../src/lib/content/model.ts';
import { en } from '../../src/lib/languages/catalogs/en.ts';
import type { Vocabulary } from '../../src/lib/languages/vocabulary.ts';
import { zhCN } from '../../src/lib/languages/catalogs/zh-CN.ts';

const CONTENT = resolve(import.meta.dirname, '../../content');
/** The attack-day incident of the worked example, and a service it affects. */
const INCIDENT = 'incidents/2025-01-26-registrations-restricted-after-attack/';
const SERVICE = 'services/registration/';
/** Each language: where its pages are, and the `<html lang>` they carry (site.yaml's locale is en-GB). */
const LANGUAGES = [
  { lang: 'zh-CN', prefix: '', htmlLang: 'zh-CN', name: '简体中文' },
  { lang: 'en', prefix: 'en/', htmlLang: 'en-GB', name: 'English' },
] as const;
const PAGES = ['', INCIDENT, SERVICE, 'history/'];

let browser: Browser;
/** Tabs kept open from test to test (a new tab costs more than the page it loads). */
let tab: Tabs;
let served: Served;
let content: Content;
beforeAll(async () => {
  browser = await launch();
  tab = tabs(browser, { javaScriptEnabled: false });
  served = await serve(builtSite('demo'), '/');
  const loaded = loadContent(CONTENT);
  if (!loaded.content) throw new Error(`the bilingual content in ${CONTENT} does not load`);
  content = loaded.content;
});
afterAll(async () => {
  await tab?.close();
  await served?.close();
  await browser?.close();
});

/** `path` in a tab (give it back with `tab.done`), `width` px wide. */
async function open(path: string, width = 1280): Promise<Page> {
  const { page, response } = await tab.open(served.url + path, width);
  expect(response?.status(), `${path} should load`).toBe(200);
  return page;
}

/** The language a text is shown in on `lang`'s pages: its own when written in it, else the default, else the first written. */
function shownIn(texts: Record<string, unknown> | undefined, lang: string): string {
  const fallback = content.site.languages[0]!;
  if (!texts) return fallback;
  return [lang, fallback, ...Object.keys(texts)].find((l) => l in texts)!;
}

describe('the demo in zh-CN and en', () => {
  it('names both languages, the default first', () => {
    expect(content.site.languages).toEqual(['zh-CN', 'en']);
  });

  it.each(LANGUAGES)(
    '$lang pages: <html lang>, hreflang alternates, and a plain link to the same page in the other language',
    async ({ prefix, htmlLang }) => {
      for (const path of PAGES) {
        const page = await open(prefix + path);
        await expect(page.locator('html').getAttribute('lang')).resolves.toBe(htmlLang);
        const alternates = await page
          .locator('link[rel="alternate"][hreflang]')
          .evaluateAll((ls) => ls.map((l) => [l.getAttribute('hreflang'), l.getAttribute('href')]));
        expect(alternates).toEqual([
          ['zh-CN', `${content.site.url}/${path}`],
          ['en-GB', `${content.site.url}/en/${path}`],
          ['x-default', `${content.site.url}/${path}`],
        ]);
        const other = LANGUAGES.find((l) => l.prefix !== prefix)!;
        const link = page.locator('header nav a[hreflang]');
        await expect(link.count()).resolves.toBe(1);
        await expect(link.textContent()).resolves.toBe(other.name);
        await expect(link.getAttribute('lang')).resolves.toBe(other.htmlLang);
        await expect(link.getAttribute('hreflang')).resolves.toBe(other.htmlLang);
        await expect(link.getAttribute('href')).resolves.toBe(`/${other.prefix}${path}`);
        tab.done(page);
        // The link leads to a page that exists, in that language: the other language's run of
        // this test loads that very path (status 200) and checks its <html lang>.
      }
    },
  );

  it.each(LANGUAGES)('$lang pages keep their internal links in $lang', async ({ prefix }) => {
    for (const path of PAGES) {
      const page = await open(prefix + path);
      const hrefs = await page.locator('a[href^="/"]:not([hreflang])').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      expect(hrefs.length).toBeGreaterThan(3);
      // Only the JSON API exists once, at the root, for every language.
      for (const href of hrefs.filter((h) => !h.startsWith('/api/'))) expect(href.startsWith(`/${prefix}`), `${path}: ${href}`).toBe(true);
      if (prefix) expect(hrefs.filter((h) => !h.startsWith(`/${prefix}`))).toEqual(['/api/v2/summary.json']);
      tab.done(page);
    }
  });

  it.each(LANGUAGES)('$lang pages mark the incident title and each update with the language it is written in', async ({ lang, prefix }) => {
    const incident = content.incidents.find((i) => INCIDENT === `incidents/${i.slug}/`)!;
    const expected = (written: string) => (written === lang ? null : written);
    const page = await open(prefix + INCIDENT);
    await expect(page.locator('h1').getAttribute('lang')).resolves.toBe(expected(shownIn(incident.titles, lang)));
    // The timeline shows the updates newest first, each message in its own .prose block.
    const marks = await page.locator('.timeline .prose').evaluateAll((ps) => ps.map((p) => p.getAttribute('lang')));
    const published = incident.updates.filter((u) => u.at <= new Date(content.site.snapshot ?? Date.now()));
    expect(marks).toEqual([...published].reverse().map((u) => expected(shownIn(u.texts, lang))));
    tab.done(page);
    // The home page marks the same title in the active incident's card and its days in the history.
    const home = await open(prefix);
    const titleMarks = await home.locator(`a[href$="${INCIDENT}"]`).evaluateAll((as) => as.map((a) => a.getAttribute('lang')));
    expect(titleMarks.length).toBeGreaterThan(1);
    for (const mark of titleMarks) expect(mark).toBe(expected(shownIn(incident.titles, lang)));
    tab.done(home);
  });

  it.each(LANGUAGES)(
    '$lang home page shows the headline, the incident card and service statuses in its own words',
    async ({ lang, prefix }) => {
      const t: Vocabulary = lang === 'en' ? en : zhCN;
      const page = await open(prefix);
      await expect(page.locator('h1').textContent()).resolves.toBe(t.headline.major);
      // The card, not also a banner: the home page says each thing once.
      await expect(page.locator('.banners').count()).resolves.toBe(0);
      await expect(page.locator('#active-heading').textContent()).resolves.toBe(t.ui.home.active);
      await expect(page.locator('section[aria-labelledby="active-heading"] article').count()).resolves.toBe(1);
      const badges = await page.locator('#services-heading + .groups .row .badge').allInnerTexts();
      expect(new Set(badges.map((b) => b.trim()))).toEqual(
        new Set([t.status.partial_outage, t.status.operational, t.status.degraded_performance]),
      );
      tab.done(page);
    },
  );

  it('leaves no English word of the catalog on the zh-CN home page outside text marked as English', async () => {
    const page = await open('');
    const text = await page.evaluate(() => {
      const out: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const host = node.parentElement;
        // Content written only in English carries lang="en…"; the language link names English in English.
        if (!host || host.closest('[lang^="en"]') || host.closest('script, style')) continue;
        out.push(node.textContent ?? '');
      }
      // Attributes a visitor meets too: accessible names.
      for (const el of document.querySelectorAll('[aria-label]'))
        if (!el.closest('[lang^="en"]')) out.push(el.getAttribute('aria-label') ?? '');
      return out.join('\n');
    });
    // Until the demo is written in both languages, its English text is declared Chinese and
    // carries no mark: then a lone lowercase word ("until", "from") cannot be told from it,
    // and only labels and phrases (a capital, or several words) are looked for.
    const translated = content.incidents.some((i) => i.titles);
    const phrases = englishPhrases().filter((p) => translated || /[A-Z]|\s/.test(p));
    expect(phrases.length).toBeGreaterThan(100);
    const found = phrases.filter((phrase) => new RegExp(`\\b${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(text));
    expect(found).toEqual([]);
    tab.done(page);
  });

  // These pages in both languages, light and dark, on a phone (tests/browser/site.test.ts runs
  // axe on every page of both languages on a desktop); one axe run may take 20 s on a busy machine.
  const runs = LANGUAGES.flatMap(({ prefix }) =>
    PAGES.flatMap((path) => (['light', 'dark'] as const).map((scheme) => ({ path: prefix + path, scheme, width: 390 }))),
  );
  it('has no axe-core violations in either language, light or dark, on a phone', { timeout: budget(runs.length, 20_000) }, async () => {
    expect(await axeRuns(browser, served, runs)).toEqual([]);
  });
});

/**
 * Every English word group the catalog can put on a page, where zh-CN says it otherwise:
 * plain strings, and the fixed words of each phrase (its arguments blanked out).
 */
function englishPhrases(): string[] {
  const out = new Set<string>();
  const walk = (mine: unknown, theirs: unknown) => {
    if (typeof mine === 'string') {
      if (mine !== theirs) for (const f of fragments(mine)) out.add(f);
    } else if (typeof mine === 'function') {
      for (const f of fragments(sayWithBlanks(mine as (...a: unknown[]) => unknown))) out.add(f);
    } else if (Array.isArray(mine)) {
      // The weekday initials are single letters: too short to tell apart from content.
    } else if (mine && typeof mine === 'object') {
      for (const [key, value] of Object.entries(mine)) walk(value, (theirs as Record<string, unknown> | undefined)?.[key]);
    }
  };
  walk(en, zhCN);
  return [...out];
}

/** A phrase said with its arguments blanked: as text, else as numbers, lists or a status (whichever it takes). */
function sayWithBlanks(phrase: (...a: unknown[]) => unknown): string {
  for (const blank of ['\uE000', 7, ['\uE000'], 'partial_outage']) {
    try {
      return String(phrase(...Array.from({ length: phrase.length }, () => blank)));
    } catch {
      // Not this kind of argument: try the next.
    }
  }
  throw new Error(`cannot say ${phrase.toString()}`);
}

/** The runs of English words in a text of at least four letters: "Partial outage", "older ones are in the". */
function fragments(text: string): string[] {
  return text
    .split(/[\uE000\d%(),.:;·→←]+/)
    .map((s) => s.trim())
    .filter((s) => /[a-z]{4}/i.test(s) && !['RSS', 'Atom', 'JSON API', 'Statusmark'].includes(s));
}
