/**
 * The Subscribe page's sign-up form, in Debian's Chromium with JavaScript off, on the
 * 'subscribe-form' test build (tests/fixtures/subscribe-form, whose site.yaml names a sign-up
 * service on 127.0.0.1). The build is served at its own https origin from site.yaml through
 * the browser's request routing, with the headers its _headers file gives every host, so the
 * page's policy applies as on a real host; the form posts to a real node:http receiver
 * listening where site.yaml says the service is.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { answerAt, launch } from '../../src/dev/chromium.ts';
import { lockPort } from '../../src/dev/ports.ts';
import { serve, type Served } from '../../src/dev/server.ts';
import { stretched } from '../../src/dev/work.ts';
import { headerRules, headersFile, headersFor } from '../../src/lib/outputs/headers.ts';
import { siteConfigIn } from '../../src/lib/content/site-config.ts';
import { en } from '../../src/lib/languages/catalogs/en.ts';
import { de } from '../../src/lib/languages/catalogs/de.ts';
import { axeRuns } from '../browser/axe.ts';
import { builtSite, filesBelow } from '../browser/builds.ts';

const root = resolve(import.meta.dirname, '../..');
const FIXTURE = join(root, 'tests/fixtures/subscribe-form');
/** site.yaml as written, read with a YAML parser of its own: the URLs the tests expect. */
const written = parse(readFileSync(join(FIXTURE, 'site.yaml'), 'utf8')) as { url: string; subscriptions: { url: string } };
const SITE = written.url;
const SERVICE = new URL(written.subscriptions.url);
const ACTION = `${written.subscriptions.url}/subscribe`;
/** A test's limit on an idle machine (a few page loads), stretched by how busy it is. */
const TIME_LIMIT = stretched(60_000);
/** Kept for a person to look at (test-results/ is not in git). */
const SCREENSHOTS = join(root, 'test-results/subscribe-page');

const dir = builtSite('subscribe-form');
// The headers the build's _headers file gives each path (the same rule list), as Netlify or Cloudflare Pages send them.
const config = siteConfigIn(FIXTURE);
const rules = headerRules(config.base, { hsts: config.hsts, formActions: config.formActions });

/** One request the receiver took. */
interface Received {
  method: string;
  path: string;
  type: string | undefined;
  body: string;
}

/** A stand-in for the sign-up service where site.yaml says it is: it records each request and answers as told. */
let receiver: Server;
let received: Received[] = [];
let answer: (req: IncomingMessage) => { status: number; headers: Record<string, string>; body: string };
const thanks = () => ({
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: '<!doctype html><title>Thanks</title><h1>Check your inbox</h1>',
});

/** Another origin a form must not post to. */
let elsewhere: Server;
let elsewhereHits = 0;
let elsewhereUrl = '';

let browser: Browser;
let served: Served;
let releasePort: (() => void) | undefined;

beforeAll(async () => {
  // tests/serve/walk.test.ts runs the service on the same fixed port: one file at a time.
  releasePort = await lockPort(Number(SERVICE.port));
  browser = await launch();
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        type: req.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const { status, headers, body } = answer(req);
      res.writeHead(status, headers).end(body);
    });
  });
  await new Promise<void>((ok, fail) => {
    receiver.once('error', (e) =>
      fail(
        new Error(
          `the receiver cannot listen on ${SERVICE.host}, where tests/fixtures/subscribe-form/site.yaml puts the service: ${e.message}`,
        ),
      ),
    );
    receiver.listen(Number(SERVICE.port), SERVICE.hostname, ok);
  });
  elsewhere = createServer((req, res) => {
    elsewhereHits++;
    req.resume();
    res.end('taken');
  });
  await new Promise<void>((ok) => elsewhere.listen(0, '127.0.0.1', ok));
  const address = elsewhere.address();
  if (address === null || typeof address === 'string') throw new Error('no port for the other origin');
  elsewhereUrl = `http://127.0.0.1:${address.port}/collect`;
  served = await serve(dir, config.base);
  mkdirSync(SCREENSHOTS, { recursive: true });
  // It may wait for the other file's whole run first.
}, stretched(600_000));

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await new Promise<void>((ok) => (receiver?.listening ? receiver.close(() => ok()) : ok()));
  await new Promise<void>((ok) => (elsewhere ? elsewhere.close(() => ok()) : ok()));
  releasePort?.();
});

beforeEach(() => {
  received = [];
  elsewhereHits = 0;
  answer = thanks;
});

/** The browser contexts of the visits, by their options: a context of its own for each visit costs more than the visit. */
const contexts = new Map<string, Promise<BrowserContext>>();

/** A page with JavaScript off, on which the build answers at SITE with its headers (a new tab of a context kept for its options). */
async function visit(path: string, options: BrowserContextOptions = {}): Promise<{ page: Page; console: string[] }> {
  const key = JSON.stringify(options);
  if (!contexts.has(key))
    contexts.set(
      key,
      (async () => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options, javaScriptEnabled: false });
        await answerAt(context, SITE, dir, rules);
        return context;
      })(),
    );
  const page = await (await contexts.get(key)!).newPage();
  const console: string[] = [];
  page.on('console', (m) => console.push(m.text()));
  const response = await page.goto(`${SITE}${path}`);
  expect(response?.status(), path).toBe(200);
  return { page, console };
}

/** Waits until the receiver has taken `n` requests (or the test's limit ends the wait). */
async function receivedCount(n: number): Promise<Received[]> {
  while (received.length < n) await new Promise((ok) => setTimeout(ok, 50));
  return received;
}

const fields = (body: string) => [...new URLSearchParams(body)];

describe('the sign-up form on the Subscribe page', () => {
  it('has the contract fields: address, every service ticked and grouped as on the home page, the language, and the trap', {
    timeout: TIME_LIMIT,
  }, async () => {
    // services.yaml, as written: each language's group and service names, and the ids.
    const platform = (dashboard: string) => [
      ['API', 'api'],
      [dashboard, 'dashboard'],
    ];
    const office = (billing: string) => [
      [billing, 'billing'],
      ['Status e-mails', 'status-mail'],
    ];
    for (const [path, t, lang, groups] of [
      [
        'subscribe/',
        en,
        'en',
        [
          ['Platform', platform('Dashboard')],
          ['Back office', office('Billing')],
        ],
      ],
      [
        'de/subscribe/',
        de,
        'de',
        [
          ['Platform', platform('Übersicht')],
          ['Verwaltung', office('Abrechnung')],
        ],
      ],
    ] as const) {
      const { page } = await visit(`/${path}`);
      const form = page.locator('form');
      await expect(form.count()).resolves.toBe(1);
      await expect(form.getAttribute('method')).resolves.toBe('post');
      await expect(form.getAttribute('action')).resolves.toBe(ACTION);
      const email = page.getByLabel(t.ui.subscribe.form.email, { exact: true });
      await expect(email.getAttribute('type')).resolves.toBe('email');
      await expect(email.getAttribute('name')).resolves.toBe('email');
      await expect(email.getAttribute('autocomplete')).resolves.toBe('email');
      await expect(email.evaluate((e) => (e as HTMLInputElement).required)).resolves.toBe(true);
      // The fixture's site.yaml says nothing of notices: they reach every subscriber, and the form says so where services are chosen.
      await expect(page.locator('fieldset.services > p.hint').allTextContents()).resolves.toEqual([
        t.ui.subscribe.form.servicesHint,
        t.ui.subscribe.form.noticesToAll,
      ]);
      // The groups and services, as services.yaml lists them (the hidden-until-affected one too: it can be followed).
      const services = page.getByRole('group', { name: t.ui.subscribe.form.services });
      const shown = await services
        .locator('fieldset')
        .evaluateAll((sets) =>
          sets.map((s) => [
            s.querySelector('legend')?.textContent,
            [...s.querySelectorAll('label')].map((l) => l.textContent?.trim()),
            [...s.querySelectorAll('input')].map((i) => `${i.type} ${i.name}=${i.value} ${i.checked ? 'checked' : 'unchecked'}`),
          ]),
        );
      expect(shown, path).toEqual(
        groups.map(([group, services]) => [
          group,
          services.map(([name]) => name),
          services.map(([, id]) => `checkbox service=${id} checked`),
        ]),
      );
      const language = page.getByLabel(t.ui.subscribe.form.language, { exact: true });
      await expect(language.getAttribute('name')).resolves.toBe('language');
      await expect(
        language.locator('option').evaluateAll((os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent])),
      ).resolves.toEqual([
        ['en', 'English'],
        ['de', 'Deutsch'],
      ]);
      await expect(language.inputValue(), `${path}: the page's language is chosen`).resolves.toBe(lang);
      // The trap: in the form, but out of sight, out of the tab order, out of the accessibility tree.
      const trap = page.locator('input[name="website"]');
      await expect(trap.getAttribute('tabindex')).resolves.toBe('-1');
      await expect(trap.getAttribute('autocomplete')).resolves.toBe('off');
      await expect(trap.evaluate((e) => e.closest('[aria-hidden="true"]') !== null)).resolves.toBe(true);
      const box = await trap.boundingBox();
      expect(box && box.x + box.width <= 0, `${path}: the trap is off-screen`).toBe(true);
      await expect(page.getByRole('textbox', { name: t.ui.subscribe.form.website }).count()).resolves.toBe(0);
      await expect(page.getByRole('button', { name: t.ui.subscribe.form.submit }).count()).resolves.toBe(1);
      await page.close();
    }
  });

  it("sends exactly the contract's fields: the address, each service left ticked, the language, the empty trap", {
    timeout: TIME_LIMIT,
  }, async () => {
    const { page } = await visit('/subscribe/');
    await page.getByLabel(en.ui.subscribe.form.email, { exact: true }).fill('ada@example.org');
    await page.getByLabel('Dashboard', { exact: true }).uncheck();
    await page.getByLabel(en.ui.subscribe.form.language, { exact: true }).selectOption('de');
    await Promise.all([page.waitForURL(ACTION), page.getByRole('button', { name: en.ui.subscribe.form.submit }).click()]);
    const [request] = await receivedCount(1);
    expect(received).toHaveLength(1);
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(`${SERVICE.pathname.replace(/\/$/, '')}/subscribe`);
    expect(request?.type).toBe('application/x-www-form-urlencoded');
    expect(fields(request?.body ?? '')).toEqual([
      ['email', 'ada@example.org'],
      ['service', 'api'],
      ['service', 'billing'],
      ['service', 'status-mail'],
      ['language', 'de'],
      ['website', ''],
    ]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Check your inbox');
    await page.close();
  });

  it('sends every service when the visitor changes nothing, and nothing at all without an address', { timeout: TIME_LIMIT }, async () => {
    const { page } = await visit('/de/subscribe/');
    const submit = page.getByRole('button', { name: de.ui.subscribe.form.submit });
    // The browser's own check (required, type email): no request leaves the page.
    await submit.click();
    await page.getByLabel(de.ui.subscribe.form.email, { exact: true }).fill('not an address');
    await submit.click();
    expect(page.url()).toBe(`${SITE}/de/subscribe/`);
    await page.getByLabel(de.ui.subscribe.form.email, { exact: true }).fill('grace@example.org');
    await Promise.all([page.waitForURL(ACTION), submit.click()]);
    await receivedCount(1);
    expect(received).toHaveLength(1);
    expect(fields(received[0]?.body ?? '')).toEqual([
      ['email', 'grace@example.org'],
      ['service', 'api'],
      ['service', 'dashboard'],
      ['service', 'billing'],
      ['service', 'status-mail'],
      ['language', 'de'],
      ['website', ''],
    ]);
    await page.close();
  });

  it("lets the service send the visitor to the site's own sign-up-unavailable page, in their language", {
    timeout: TIME_LIMIT,
  }, async () => {
    for (const [path, t] of [
      ['subscribe/', en],
      ['de/subscribe/', de],
    ] as const) {
      received = [];
      answer = () => ({ status: 303, headers: { location: `${SITE}/${path}unavailable/` }, body: '' });
      const { page, console } = await visit(`/${path}`);
      await page.getByRole('textbox', { name: t.ui.subscribe.form.email }).fill('ada@example.org');
      await page.getByRole('button', { name: t.ui.subscribe.form.submit }).click();
      // Playwright's routing takes over a redirect's target only at the browser's second try (the first fails to
      // resolve the made-up host), so the test waits for the page rather than for one navigation.
      await page.locator('h1', { hasText: t.ui.subscribe.unavailable.heading }).waitFor();
      expect(page.url()).toBe(`${SITE}/${path}unavailable/`);
      expect(
        console.filter((m) => m.includes('Content Security Policy')),
        path,
      ).toEqual([]);
      expect(received.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual([`${SERVICE.pathname.replace(/\/$/, '')}/subscribe`]);
      await page.close();
    }
  });
});

describe("the page's security policy", () => {
  /** Adds a form posting to `action` to the page and submits it. */
  let forms = 0;
  async function submitForm(page: Page, action: string): Promise<void> {
    const id = `other-${++forms}`;
    await page.locator('main').evaluate(
      (main, [to, id]) => {
        main.insertAdjacentHTML(
          'beforeend',
          `<form id="${id}" method="post" action="${to}"><input name="email" value="x@example.org"></form>`,
        );
      },
      [action, id] as const,
    );
    // Submitted as a click would, without Playwright waiting for a navigation the policy stops.
    await page.locator(`#${id}`).evaluate((form) => (form as HTMLFormElement).requestSubmit());
    // A blocked submission leaves the page where it is; give the browser time to have sent it if it would.
    await page.waitForTimeout(500);
  }

  it('blocks a form to any other origin on the Subscribe page, and says so on the console', { timeout: TIME_LIMIT }, async () => {
    const { page, console } = await visit('/subscribe/');
    await submitForm(page, elsewhereUrl);
    expect(elsewhereHits).toBe(0);
    expect(page.url()).toBe(`${SITE}/subscribe/`);
    expect(
      console.some((m) => m.includes(`Sending form data to '${elsewhereUrl}' violates the following Content Security Policy directive`)),
    ).toBe(true);
    await page.close();
    // Nor another path of the service (a fresh page: Playwright waits on the one the policy stopped).
    const second = await visit('/subscribe/');
    await submitForm(second.page, `${written.subscriptions.url}/admin`);
    expect(received).toEqual([]);
    expect(second.console.some((m) => m.includes(`Sending form data to '${written.subscriptions.url}/admin' violates`))).toBe(true);
    await second.page.close();
  });

  it("keeps form-action 'none' on every other page: no page but the Subscribe page can post, not even to the service", {
    timeout: TIME_LIMIT,
  }, async () => {
    for (const path of ['/', '/de/', '/subscribe/unavailable/', '/services/api/', '/history/']) {
      const { page, console } = await visit(path);
      await submitForm(page, ACTION);
      expect(received, path).toEqual([]);
      expect(
        console.some((m) => m.includes(`Sending form data to '${ACTION}' violates`)),
        path,
      ).toBe(true);
      await page.close();
    }
  });
});

describe('the sign-up-unavailable page', () => {
  it('lists the feeds and every other way to follow, as the Subscribe page does, without the form', { timeout: TIME_LIMIT }, async () => {
    for (const [prefix, t] of [
      ['', en],
      ['de/', de],
    ] as const) {
      const { page } = await visit(`/${prefix}subscribe/unavailable/`);
      await expect(page.locator('h1').textContent()).resolves.toBe(t.ui.subscribe.unavailable.heading);
      await expect(page.title()).resolves.toBe(`${t.ui.subscribe.unavailable.title} · Form Test Status`);
      await expect(page.locator('main').innerText()).resolves.toContain(t.ui.subscribe.unavailable.message);
      await expect(page.locator('form').count()).resolves.toBe(0);
      const links = await page.locator('main a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      for (const feed of [
        'updates.rss',
        'updates.atom',
        'history.rss',
        'history.atom',
        'services/api/history.rss',
        'services/billing/history.atom',
        'maintenance.ics',
      ]) {
        expect(links, feed).toContain(`${SITE}/${prefix}${feed}`);
      }
      expect(links).toContain(`${SITE}/api/v2/summary.json`);
      // The same lists as the Subscribe page, link for link.
      const { page: subscribe } = await visit(`/${prefix}subscribe/`);
      const listed = await subscribe.locator('main section:not(.sign-up) a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(links).toEqual(listed);
      await subscribe.close();
      await page.close();
    }
  });

  it("writes into _headers the policy the tests serve: the form's action and the unavailable page, for every path", () => {
    expect(readFileSync(join(dir, '_headers'), 'utf8')).toBe(headersFile(rules));
    expect(headersFor('/subscribe/', rules)['Content-Security-Policy']).toContain(`form-action ${ACTION} ${SITE}/subscribe/unavailable/;`);
  });

  it('is built only for a site with a sign-up service, and left out of the sitemap', () => {
    const files = filesBelow(dir);
    expect(files).toContain('subscribe/unavailable/index.html');
    expect(files).toContain('de/subscribe/unavailable/index.html');
    expect(readFileSync(join(dir, 'sitemap-0.xml'), 'utf8')).not.toContain('unavailable');
    const demo = builtSite('demo');
    expect(filesBelow(demo).filter((f) => f.includes('unavailable'))).toEqual([]);
    expect(readFileSync(join(demo, 'subscribe/index.html'), 'utf8')).not.toContain('<form');
  });
});

describe('how the form looks', () => {
  it('fits light, dark and a phone, with no axe violation', { timeout: stretched(180_000) }, async () => {
    for (const [name, options] of [
      ['light', { colorScheme: 'light' }],
      ['dark', { colorScheme: 'dark' }],
      ['phone', { colorScheme: 'light', viewport: { width: 360, height: 780 } }],
    ] as const) {
      const { page } = await visit('/subscribe/', options);
      const form = page.locator('section.sign-up');
      await form.screenshot({ path: join(SCREENSHOTS, `form-${name}.png`) });
      // Nothing wider than the window: no sideways scrolling on a phone.
      await expect(page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).resolves.toBe(true);
      const button = await page.getByRole('button', { name: en.ui.subscribe.form.submit }).boundingBox();
      const width = options.viewport?.width ?? 1280;
      expect(button && button.x >= 0 && button.x + button.width <= width, name).toBe(true);
      await page.close();
    }
    const runs = (['light', 'dark'] as const).flatMap((scheme) =>
      ['subscribe/', 'de/subscribe/unavailable/'].map((path) => ({ path, scheme })),
    );
    expect(await axeRuns(browser, served, [...runs, { path: 'subscribe/', scheme: 'light', width: 360 }])).toEqual([]);
  });
});

describe('with the service down', () => {
  it('the Subscribe page still renders with its form and lists', { timeout: TIME_LIMIT }, async () => {
    // The build was made with nothing listening (scripts/test.ts starts no service); now nothing answers either.
    // The tabs' context keeps its connections to the receiver open: they end with it.
    await new Promise<void>((ok) => {
      receiver.close(() => ok());
      receiver.closeAllConnections();
    });
    const { page } = await visit('/subscribe/');
    await expect(page.locator('form').getAttribute('action')).resolves.toBe(ACTION);
    await expect(page.locator('main a[href$="/updates.rss"]').count()).resolves.toBe(1);
    await page.close();
  });
});
