/**
 * What a visitor sees, in a real browser: Debian's Chromium over 127.0.0.1.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type Tabs, tabs, visitEach } from '../../src/dev/chromium.ts';
import { budget } from '../../src/dev/work.ts';
import { builtSite, filesBelow, htmlPages, pageCount } from './builds.ts';
import { serve, type Served } from '../../src/dev/server.ts';
import { axeRuns } from './axe.ts';
import { formatUptime } from '../../src/lib/status/uptime.ts';
import { zhCN } from '../../src/lib/languages/catalogs/zh-CN.ts';
import { en } from '../../src/lib/languages/catalogs/en.ts';

/** A duration as Intl writes it on the demo's English (en-GB) pages. */
/** The demo's pages, to size the limits of the tests that visit each of them. */
const DEMO_PAGES = pageCount('demo');
/** What one page load and check, or one axe run, may take on a busy 2-core machine. */
const PAGE_MS = 10_000;
const AXE_MS = 20_000;

const duration = (parts: Record<string, number>) => new Intl.DurationFormat('en-GB', { style: 'short' }).format(parts);

let browser: Browser;
/** Tabs kept open from test to test (a new tab costs more than the page it loads). */
let tab: Tabs;
beforeAll(async () => {
  browser = await launch();
  tab = tabs(browser, { javaScriptEnabled: false });
});
afterAll(async () => {
  await tab?.close();
  await browser?.close();
});

/** `path` of `served` in a tab (give it back with `tab.done`), `width` px wide. */
async function open(served: Served, path: string, options: { width?: number } = {}): Promise<Page> {
  const { page, response } = await tab.open(served.url + path, options.width);
  expect(response?.status(), `${path} should load`).toBeLessThan(400);
  return page;
}

// The demo is Chinese first: these tests read its English pages, under /en/, whose words are
// the ones below (tests/browser/languages.test.ts reads both languages against the catalogs).
describe('the demo (during the attack)', () => {
  let served: Served;
  let dir: string;
  beforeAll(async () => {
    dir = builtSite('demo');
    served = await serve(dir, '/');
  });
  afterAll(async () => served?.close());

  it('shows the overall status and every service with its status in words', async () => {
    const page = await open(served, 'en/');
    await expect(page.locator('h1').textContent()).resolves.toBe('Partial System Outage');
    const rows = await page.locator('#services-heading + .groups .row').allInnerTexts();
    expect(rows.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual([
      'Registration Partial outage',
      'Login Operational',
      'Web chat Degraded performance',
      'Mobile app Degraded performance',
      'API Degraded performance',
      'API console Operational',
      'Website Operational',
    ]);
    tab.done(page);
  });

  it('puts a banner naming the affected services on the page', async () => {
    const page = await open(served, 'en/history/');
    const banner = page.locator('.banners section[aria-label="Active incident"]');
    await expect(banner.count()).resolves.toBe(1);
    const text = (await banner.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('Partial outage: Registration');
    expect(text).toContain('Degraded performance: Web chat, Mobile app, API');
    expect(text).toContain('New registrations restricted after large-scale malicious attack');
    await expect(page.locator('.banners section[aria-label="Notice"]').innerText()).resolves.toContain('mainland China mobile numbers');
    tab.done(page);
  });

  it('says each thing once on the home page: the incident and the notice as cards, without banners', async () => {
    const page = await open(served, 'en/');
    await expect(page.locator('.banners').count()).resolves.toBe(0);
    await expect(page.locator('section[aria-labelledby="active-heading"] article h3').allInnerTexts()).resolves.toEqual([
      'New registrations restricted after large-scale malicious attack',
    ]);
    await expect(page.locator('section[aria-labelledby="notices-heading"] article h3').innerText()).resolves.toContain(
      'mainland China mobile numbers',
    );
    tab.done(page);
  });

  it('has a working skip link', async () => {
    const page = await open(served, 'en/');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    expect(focused).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(page.url()).toMatch(/#main$/);
    tab.done(page);
  });

  it('shows the incident banner on every page but the home pages', () => {
    for (const path of htmlPages(dir).filter((p) => p !== '' && p !== 'en/')) {
      const html = readFileSync(join(dir, path.endsWith('.html') ? path : `${path}index.html`), 'utf8');
      // The incident's title in each language, as content/ gives it.
      const [label, title] = path.startsWith('en/')
        ? ['Active incident', 'New registrations restricted after large-scale malicious attack']
        : [zhCN.ui.banner.incident, '遭受大规模恶意攻击，新用户注册暂时受限'];
      expect(html, path).toContain(`aria-label="${label}"`);
      expect(html, path).toContain(`${title}</a>`);
    }
  });

  it('shows the incident page with its timeline newest first', async () => {
    const page = await open(served, 'en/incidents/2025-01-26-registrations-restricted-after-attack/');
    await expect(page.locator('h1').textContent()).resolves.toBe('New registrations restricted after large-scale malicious attack');
    const states = await page.locator('.timeline .state').allTextContents();
    expect(states).toEqual(['Monitoring', 'Identified', 'Investigating']);
    const times = await page.locator('.timeline h3 time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')));
    expect(times).toEqual(['2025-01-27T08:45:00.000Z', '2025-01-27T02:20:00.000Z', '2025-01-26T16:05:00.000Z']);
    const fact = async (name: string) =>
      (
        (await page
          .locator('.facts div', { has: page.locator(`dt:text-is("${name}")`) })
          .locator('dd')
          .textContent()) ?? ''
      )
        .replace(/\s+/g, ' ')
        .trim();
    expect(await fact('Started')).toBe('26 Jan 2025, 23:40 GMT+8');
    // A duration that grows is stated as of the build's now, never as a bare "for 18 h".
    expect(await fact('Duration')).toBe(`ongoing for ${duration({ hours: 18, minutes: 50 })} as of 27 Jan 2025, 18:30 GMT+8`);
    expect(await fact('State')).toBe('Monitoring');
    // The resolution is after the snapshot, so it is not shown yet.
    expect(await page.locator('main').innerText()).not.toContain('Registration is open again');
    tab.done(page);
  });

  it('shows maintenance, service and history pages', async () => {
    let page = await open(served, 'en/maintenance/security-patching-window/');
    expect(await page.locator('.facts').textContent()).toContain('Scheduled');
    tab.done(page);
    page = await open(served, 'en/services/registration/');
    expect(((await page.locator('.current').textContent()) ?? '').replace(/\s+/g, ' ').trim()).toBe('Current status: Partial outage');
    expect(await page.locator('.entries li').count()).toBe(2);
    tab.done(page);
    page = await open(served, 'en/history/');
    expect(await page.locator('.month h2').allTextContents()).toEqual(['January 2025']);
    expect(await page.locator('.month li').count()).toBe(6);
    tab.done(page);
  });

  it('answers an unknown address with a useful 404', async () => {
    const { page, response } = await tab.open(`${served.url}no/such/page/`);
    expect(response?.status()).toBe(404);
    // Hosts serve the one 404.html, in the default language, Chinese, with a link to the English home.
    expect(await page.locator('h1').textContent()).toBe(zhCN.ui.notFound.heading);
    expect(await page.locator('main').innerText()).toContain(zhCN.headline.major);
    await expect(page.locator('a[hreflang="en-GB"]').getAttribute('href')).resolves.toBe('/en/');
    tab.done(page);
  });

  it('shows 90-day uptime strips whose names and totals agree with /api/uptime.json', async () => {
    const uptime = JSON.parse(readFileSync(join(dir, 'api/uptime.json'), 'utf8'));
    const registration = uptime.services.find((s: { id: string }) => s.id === 'registration');
    const page = await open(served, 'en/');
    const strip = page.locator('.uptime').first();
    const bars = strip.locator('.bars > li');
    await expect(bars.count()).resolves.toBe(90);
    // The last bar is today (27 January, Beijing time), the attack's second day.
    const names = await bars.evaluateAll((lis) => lis.map((li) => li.textContent));
    // The home page's names are short (the strip's own name gives the years); the service page's are full.
    await expect(strip.locator('.bars').getAttribute('aria-label')).resolves.toBe(
      'Registration, each of the last 90 days, 30 Oct 2024 to 27 Jan 2025',
    );
    // Registration was down from 23:40 on the 26th until the 10:20 update moved it to partial outage.
    expect(names[89]).toBe(
      `27 Jan: major outage, ${duration({ hours: 10, minutes: 20 })}; partial outage, ${duration({ hours: 8, minutes: 10 })}; 1 incident`,
    );
    expect(names[88]).toBe(`26 Jan: major outage, ${duration({ minutes: 20 })}; 1 incident`);
    expect(names[80]).toBe(`18 Jan: maintenance, ${duration({ minutes: 35 })}; 1 maintenance window`);
    expect(names[0]).toBe('30 Oct: no data');
    const service = await open(served, 'en/services/registration/');
    const full = await service.locator('.uptime .bars > li').evaluateAll((lis) => lis.map((li) => li.textContent));
    // 27 Jan: 620 min down + 30% of 490 min = 767 of 1,110 measured → 30.90%; 26 Jan: 20 of 1,440 → 98.61%.
    expect(full[89]).toBe(
      `27 Jan 2025: major outage, ${duration({ hours: 10, minutes: 20 })}; partial outage, ${duration({ hours: 8, minutes: 10 })}; 30.90% uptime; 1 incident`,
    );
    expect(full[88]).toBe(`26 Jan 2025: major outage, ${duration({ minutes: 20 })}; 98.61% uptime; 1 incident`);
    tab.done(service);
    const total = (await strip.locator('.total .d90').textContent())!;
    // 90 days: 20 + 767 = 787 minutes down of 25,555 measured → 96.92%.
    expect(total).toBe('96.92%');
    expect(formatUptime(registration.uptime_90d, 'en-GB', en)).toBe(total);
    expect(registration.days[0]).toEqual({
      date: '2025-01-27',
      minutes: { operational: 0, degraded_performance: 0, partial_outage: 490, major_outage: 620, under_maintenance: 0 },
      measured_minutes: 1110,
      uptime: 1 - 767 / 1110,
    });
    // Days with an incident link to that day in the archive, where the incident is listed,
    // from a list under the strip (the bars are too narrow to tap).
    await expect(bars.locator('a').count()).resolves.toBe(0);
    const href = await page.locator('.groups .day-links a').last().getAttribute('href');
    expect(href).toBe('/en/history/2025-01/#day-2025-01-27');
    // The legend names its first and last days: nothing like "Today" that a cached page would get wrong.
    await expect(strip.locator('.legend').innerText()).resolves.toMatch(/^30 Oct\s+96\.92% uptime\s+27 Jan$/);
    tab.done(page);
    const day = await open(served, 'en/history/2025-01/');
    await expect(day.locator('#day-2025-01-26 li a').allTextContents()).resolves.toEqual([
      'New registrations restricted after large-scale malicious attack',
    ]);
    // The day the bars link to: the incident was open and updated then, so it is listed there too.
    await expect(day.locator('#day-2025-01-27 li').first().innerText()).resolves.toMatch(
      /^Updated: New registrations restricted after large-scale malicious attack/,
    );
    tab.done(day);
  });

  it('shows the name of a bar on hover, and offers its day as a link of at least 24 px', async () => {
    const page = await open(served, 'en/');
    const strip = page.locator('.uptime').first();
    const bar = strip.locator('.bars > li').last();
    await bar.hover();
    const box = await bar.locator('span').boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    // Once under all strips: the days of content/ with an incident (14, 21, 25, 26 and 27 January,
    // the attack still open) or maintenance (18 January); a day's archive lists every service.
    const list = page.locator('.groups .day-links a');
    const links = await list.evaluateAll((as) =>
      as.map((a) => [a.textContent, a.getBoundingClientRect().width, a.getBoundingClientRect().height]),
    );
    expect(links.map((l) => l[0])).toEqual(['14 Jan', '18 Jan', '21 Jan', '25 Jan', '26 Jan', '27 Jan']);
    for (const [, width, height] of links) {
      expect(width).toBeGreaterThanOrEqual(24);
      expect(height).toBeGreaterThanOrEqual(24);
    }
    // The link is reached from the keyboard.
    await list.last().focus();
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('27 Jan');
    tab.done(page);
  });

  it('shows fewer, wider days on a phone', async () => {
    const page = await open(served, 'en/', { width: 390 });
    const visible = await page
      .locator('.uptime')
      .first()
      .locator('.bars > li')
      .evaluateAll((lis) => lis.filter((li) => getComputedStyle(li).display !== 'none').length);
    expect(visible).toBe(30);
    tab.done(page);
  });

  it('links Subscribe from every page header, with copyable feed, calendar and API URLs', async () => {
    const page = await open(served, 'en/history/');
    await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Subscribe' }).click();
    expect(new URL(page.url()).pathname).toBe('/en/subscribe/');
    const codes = await page.locator('main code').allTextContents();
    expect(codes.slice(0, 6)).toEqual([
      'https://status.nimbus.example/en/updates.rss',
      'https://status.nimbus.example/en/updates.atom',
      'https://status.nimbus.example/en/history.rss',
      'https://status.nimbus.example/en/history.atom',
      'https://status.nimbus.example/en/services/registration/history.rss',
      'https://status.nimbus.example/en/services/registration/history.atom',
    ]);
    // The JSON API exists once, in the default language.
    expect(codes.slice(-2)).toEqual([
      'https://status.nimbus.example/en/maintenance.ics',
      'https://status.nimbus.example/api/v2/summary.json',
    ]);
    // 2 site feeds per update, 2 per incident, 2 per service (8 services), the calendar and the API.
    expect(codes).toHaveLength(2 + 2 + 16 + 2);
    tab.done(page);
    // The header, one link longer, still fits a phone without scrolling sideways.
    const phone = await open(served, 'en/subscribe/', { width: 320 });
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    tab.done(phone);
  });

  it('ships no JavaScript on any page', () => {
    for (const file of filesBelow(dir)) {
      expect(file, 'no script files').not.toMatch(/\.(m?js)$/);
      if (file.endsWith('.html')) expect(readFileSync(join(dir, file), 'utf8'), file).not.toMatch(/<script\b/i);
    }
  });

  it('has no axe-core violations (WCAG 2.2 AA) on any page, light or dark', { timeout: budget(2 * DEMO_PAGES, AXE_MS) }, async () => {
    const runs = (['light', 'dark'] as const).flatMap((scheme) => htmlPages(dir).map((path) => ({ path, scheme })));
    expect(await axeRuns(browser, served, runs)).toEqual([]);
  });

  it('builds byte for byte the same from the same content and clock, in another machine zone, on two render workers', () => {
    const again = builtSite('demo-again');
    const files = filesBelow(dir);
    expect(filesBelow(again)).toEqual(files);
    for (const file of files) {
      expect(readFileSync(join(again, file)).equals(readFileSync(join(dir, file))), file).toBe(true);
    }
  });
});

describe('a quiet page under a base path', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve(builtSite('quiet'), '/status/');
  });
  afterAll(async () => served?.close());

  it('says all systems are operational and shows no banner', async () => {
    const page = await open(served, '');
    await expect(page.locator('h1').textContent()).resolves.toBe('All Systems Operational');
    await expect(page.locator('.banners').count()).resolves.toBe(0);
    tab.done(page);
  });

  it('leaves out a draft and a hidden-until-affected service', async () => {
    const page = await open(served, '');
    const text = await page.locator('main').innerText();
    expect(text).not.toContain('Billing');
    tab.done(page);
  });

  it('links every page under the base path', async () => {
    const page = await open(served, '');
    const hrefs = await page.locator('a[href^="/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs.length).toBeGreaterThan(2);
    for (const href of hrefs) expect(href).toMatch(/^\/status\//);
    tab.done(page);
  });
});

describe('hostile content', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve(builtSite('hostile'), '/');
  });
  afterAll(async () => served?.close());

  it('shows markup in titles and names as text, and runs nothing', async () => {
    for (const path of ['', 'incidents/2025-03-09-hostile-title/', 'services/api/', 'maintenance/hostile-window/', 'history/']) {
      const page = await open(served, path);
      const active = await page.evaluate(() => ({
        elements: document.querySelectorAll('script, iframe, img, form, object, embed').length,
        handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
        jsLinks: [...document.querySelectorAll('a[href]')].filter((a) =>
          a.getAttribute('href')!.trim().toLowerCase().startsWith('javascript:'),
        ).length,
      }));
      expect(active, path).toEqual({ elements: 0, handlers: 0, jsLinks: 0 });
      tab.done(page);
    }
    const page = await open(served, 'incidents/2025-03-09-hostile-title/');
    await expect(page.locator('h1').textContent()).resolves.toBe(`<script>alert("t")</script> & 'quotes' "double" 🔥 مرحبا ]]> --> <!--`);
    await expect(page.locator('.affected li a').first().textContent()).resolves.toBe('API <img src=x onerror=alert(1)> & "v2"');
    await expect(page.title()).resolves.toContain('Status <b>&</b> "Co" 🚦');
    tab.done(page);
  });
});

describe('served with the documented headers', () => {
  let served: Served;
  let dir: string;
  beforeAll(async () => {
    dir = builtSite('demo');
    served = await serve(dir, '/', true);
  });
  afterAll(async () => served?.close());

  // One visit per page for both: the policy and the phone's width do not depend on each other,
  // and a page whose styles the policy blocked would fail the skip link's check first.
  it('shows no CSP violation in the console on any page, styles intact, and fits a 390 px phone screen without sideways scrolling', {
    timeout: budget(DEMO_PAGES, PAGE_MS),
  }, async () => {
    const visited = await visitEach(browser, { viewport: { width: 390, height: 900 } }, htmlPages(dir), async (page, path) => {
      const found: string[] = [];
      const onConsole = (m: ConsoleMessage) => {
        if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) found.push(`${path}: ${m.text()}`);
      };
      const onError = (e: Error) => found.push(`${path}: ${e.message}`);
      page.on('console', onConsole);
      page.on('pageerror', onError);
      const response = await page.goto(served.url + path);
      expect(response?.status(), `${path} should load`).toBeLessThan(400);
      expect(response?.headers()['content-security-policy']).toContain("script-src 'none'");
      // The inline stylesheet applied: the skip link is moved off screen by it.
      const top = await page.locator('.skip').evaluate((el) => getComputedStyle(el).top);
      expect(top, path).toBe('-48px');
      page.off('console', onConsole);
      page.off('pageerror', onError);
      return { found, width: [path, await page.evaluate(() => document.documentElement.scrollWidth)] as const };
    });
    expect(visited.flatMap((v) => v.found)).toEqual([]);
    expect(visited.map((v) => v.width).filter(([, width]) => width > 390)).toEqual([]);
  });

  it('sends cache and CORS headers by kind of file', async () => {
    const get = async (path: string) => (await fetch(served.url + path)).headers;
    expect((await get('')).get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=600');
    expect((await get('api/v2/summary.json')).get('access-control-allow-origin')).toBe('*');
    expect((await get('history.rss')).get('access-control-allow-origin')).toBe('*');
    expect((await get('incidents/2025-01-26-registrations-restricted-after-attack/')).get('access-control-allow-origin')).toBeNull();
  });
});
