/**
 * A visitor's walk, end to end, in Debian's Chromium with JavaScript off: sign up on the
 * built Subscribe page (the 'subscribe-form' test build, served at its own origin with the
 * headers its _headers file gives), confirm from the mail, receive an update of a followed
 * service and none of an unfollowed one after a deploy's hand-off, change the subscription
 * from the manage link, unsubscribe from the mail's unsubscribe link; and a sign-up of an
 * existing address looks exactly like one of a new address. The real service listens where
 * the fixture's site.yaml says it is, on SQLite, with a real SMTP server.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { answerAt, launch } from '../../src/dev/chromium.ts';
import { lockPort } from '../../src/dev/ports.ts';
import { type ServiceProcess, startServiceProcess } from '../../src/dev/service.ts';
import { type Inbox, startInbox } from '../../src/dev/smtp.ts';
import { tempFolders } from '../../src/dev/temp.ts';
import { stretched } from '../../src/dev/work.ts';
import { siteConfigIn } from '../../src/lib/content/site-config.ts';
import { de } from '../../src/lib/languages/catalogs/de.ts';
import { en } from '../../src/lib/languages/catalogs/en.ts';
import type { PublishedRecord, RecordEntry } from '../../src/lib/notify/record.ts';
import { headerRules } from '../../src/lib/outputs/headers.ts';
import { type Db, openDatabase } from '../../src/serve/db/database.ts';
import { subscriberByAddress } from '../../src/serve/subscriptions/store.ts';
import { builtSite } from '../browser/builds.ts';

const root = resolve(import.meta.dirname, '../..');
const FIXTURE = join(root, 'tests/fixtures/subscribe-form');
const written = parse(readFileSync(join(FIXTURE, 'site.yaml'), 'utf8')) as { url: string; subscriptions: { url: string } };
const SITE = written.url;
const SERVICE = new URL(written.subscriptions.url);
const TOKEN = 'walk-handoff-token-0123456789abcdef012345';

const folder = tempFolders('serve-walk');
const dir = builtSite('subscribe-form');
const config = siteConfigIn(FIXTURE);
const rules = headerRules(config.base, { hsts: config.hsts, formActions: config.formActions });

let browser: Browser;
let inbox: Inbox;
let service: ServiceProcess;
let db: Db;
let work: string;

let releasePort: (() => void) | undefined;

beforeAll(async () => {
  // tests/subscribe-page listens on the same fixed port: one file at a time.
  releasePort = await lockPort(Number(SERVICE.port));
  work = folder();
  inbox = await startInbox();
  service = await startServiceProcess(['--content', FIXTURE, '--host', SERVICE.hostname, '--port', SERVICE.port], work, {
    SMTP_URL: inbox.url,
    STATUSMARK_MAIL_FROM: 'status@form.example',
    STATUSMARK_SERVE_TOKEN: TOKEN,
    STATUSMARK_DB: join(work, 'subscribers.sqlite'),
  });
  db = await openDatabase({ kind: 'sqlite', file: join(work, 'subscribers.sqlite') });
  browser = await launch();
  // It may wait for the other file's whole run first.
}, stretched(600_000));

afterAll(async () => {
  await browser?.close();
  if (service && service.child.exitCode === null) {
    service.child.kill('SIGTERM');
    await service.exited;
  }
  await db?.destroy();
  await inbox?.close();
  releasePort?.();
}, stretched(60_000));

/** A page with JavaScript off, on which the build answers at SITE with its headers. */
async function visit(path: string): Promise<Page> {
  const page = await browser.newPage({ javaScriptEnabled: false });
  await answerAt(page, SITE, dir, rules);
  await page.goto(`${SITE}${path}`);
  return page;
}

/** Signs up from the built Subscribe page, following only `keep`; the text of the page the service answers with. */
async function signUpInBrowser(address: string, keep: string[]): Promise<string> {
  const page = await visit('/subscribe/');
  await page.getByLabel(en.ui.subscribe.form.email, { exact: true }).fill(address);
  for (const box of await page.locator('input[name="service"]').all())
    if (!keep.includes((await box.getAttribute('value')) ?? '')) await box.uncheck();
  await Promise.all([
    page.waitForURL(`${SERVICE.origin}/subscribe`),
    page.getByRole('button', { name: en.ui.subscribe.form.submit }).click(),
  ]);
  const text = await page.locator('main').innerText();
  await page.close();
  return text;
}

const entry = (key: string, service: string, title: string): RecordEntry => ({
  key,
  kind: 'incident',
  slug: key.split('/')[1]!,
  ordinal: 1,
  first: key,
  hash: `hash-${key}`,
  title,
  state: 'investigating',
  at: '2025-03-31T09:00:00.000Z',
  services: [{ id: service, name: service, status: 'major_outage' }],
  text: `${title}: we are looking into it.`,
  html: `<p>${title}: we are looking into it.</p>`,
  url: `${SITE}/incidents/${key.split('/')[1]}/#update-1`,
});

describe('a visitor with JavaScript off', () => {
  it(
    'signs up, confirms, gets only the followed update, manages, and unsubscribes',
    async () => {
      const answered = await signUpInBrowser('walker@example.org', ['api']);
      expect(answered, service.output()).toContain(en.ui.subscriptions.checkInbox);
      await inbox.waitForCount(1);
      const confirmLink = inbox.mail[0]!.parsed.text!.split(/\s+/).find((w) => w.startsWith(`${SERVICE.origin}/confirm?`))!;

      // The same address again, and a new one: the visitor sees the same page.
      expect(await signUpInBrowser('walker@example.org', ['api'])).toBe(answered);
      expect(await signUpInBrowser('newcomer@example.org', [])).toBe(answered);
      await inbox.waitForCount(2);
      expect(inbox.mail.map((m) => m.to[0])).toEqual(['walker@example.org', 'newcomer@example.org']);

      const confirmPage = await browser.newPage({ javaScriptEnabled: false });
      await confirmPage.goto(confirmLink);
      await confirmPage.getByRole('button', { name: en.ui.subscriptions.confirmAction }).click();
      await expect(confirmPage.locator('main').innerText()).resolves.toContain(en.ui.subscriptions.confirmed);
      await confirmPage.close();
      expect(await subscriberByAddress(db, 'walker@example.org')).toMatchObject({
        state: 'confirmed',
        services: '["api"]',
        language: 'en',
      });

      // A deploy with an update to the followed service and one to another service.
      const site: PublishedRecord['site'] = {
        name: 'Form Test Status',
        url: `${SITE}/`,
        timeZone: 'Europe/Berlin',
        locale: 'en-GB',
        languages: ['en', 'de'],
      };
      const page = { id: 'form', status: { indicator: 'major', description: 'Major' } };
      const after: PublishedRecord = {
        version: 2,
        site,
        page,
        entries: [
          entry('incident/api-down/20250331T090000Z', 'api', 'API down'),
          entry('incident/billing-slow/20250331T090000Z', 'billing', 'Billing slow'),
        ],
      };
      // The real notify, as a deploy runs it: only the token given; the service is the one site.yaml names.
      writeFileSync(join(work, 'before.json'), JSON.stringify({ ...after, entries: [] }));
      writeFileSync(join(work, 'after.json'), JSON.stringify(after));
      const { STATUSMARK_CONTENT: _c, STATUSMARK_SERVE_URL: _u, ...env } = process.env;
      const deploy = spawnSync(
        process.execPath,
        [join(root, 'src/cli/statusmark.ts'), 'notify', '--before', 'before.json', '--after', 'after.json', '--content', FIXTURE],
        { cwd: work, encoding: 'utf8', env: { ...env, STATUSMARK_SERVE_TOKEN: TOKEN } },
      );
      expect(deploy.stderr).toBe('');
      expect(deploy.stdout).toContain(`handed 2 entries to the subscription service on ${SERVICE.host} (2 new, 1 mail to send)`);
      await inbox.waitForCount(3);
      await service.waitFor((l) => l.event === 'sent');
      const update = inbox.mail[2]!;
      expect(update.to).toEqual(['walker@example.org']);
      expect(update.parsed.subject).toContain('API down');
      expect(inbox.mail.some((m) => m.parsed.subject?.includes('Billing slow'))).toBe(false);

      // The manage link: follow billing too, and read the mails in German.
      const manage = update.parsed.text!.split(/\s+/).find((w) => w.startsWith(`${SERVICE.origin}/manage?`))!;
      const managing = await browser.newPage({ javaScriptEnabled: false });
      await managing.goto(manage);
      await managing.getByLabel('Billing').check();
      await managing.getByLabel(en.ui.subscriptions.language).selectOption('de');
      await managing.getByRole('button', { name: en.ui.subscriptions.save }).click();
      await expect(managing.locator('main').innerText()).resolves.toContain(de.ui.subscriptions.saved);
      await managing.close();
      expect(await subscriberByAddress(db, 'walker@example.org')).toMatchObject({ services: '["api","billing"]', language: 'de' });

      // Unsubscribe from the mail's List-Unsubscribe link, in the browser: a button, then gone.
      const line = update.parsed.headerLines.find((h) => h.key === 'list-unsubscribe')!.line;
      const unsubscribe = line.slice(line.indexOf('<') + 1, line.lastIndexOf('>')).replace(/\s+/g, '');
      const leaving = await browser.newPage({ javaScriptEnabled: false });
      await leaving.goto(unsubscribe);
      await leaving.getByRole('button', { name: de.ui.subscriptions.unsubscribe }).click();
      await expect(leaving.locator('main').innerText()).resolves.toContain(de.ui.subscriptions.unsubscribed);
      await leaving.close();
      expect(await subscriberByAddress(db, 'walker@example.org')).toBeUndefined();
      await inbox.waitForCount(4);
      expect(inbox.mail[3]!.parsed.subject).toBe(de.ui.subscriptions.goodbyeSubject('Form Test Status'));
    },
    stretched(180_000),
  );
});
