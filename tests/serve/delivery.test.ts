/**
 * After a deploy: `statusmark notify` (the real command) hands what is new to the real
 * service, which mails each subscriber following a touched service once, threaded per
 * incident, with manage and one-click unsubscribe links; a 5xx refusal of the recipient bounces the address. The
 * same cases on SQLite and on PostgreSQL (an initdb cluster in a temporary folder).
 */
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Postgres, startPostgres } from '../../src/dev/postgres.ts';
import { TEST_SECRET } from '../../src/dev/service.ts';
import { tempFolders } from '../../src/dev/temp.ts';
import { stretched } from '../../src/dev/work.ts';
import { CATALOGS } from '../../src/lib/languages/catalogs/index.ts';
import { messageIdFor } from '../../src/lib/notify/messages.ts';
import { entryIn, type PublishedRecord } from '../../src/lib/notify/record.ts';
import { tokenHash } from '../../src/lib/subscriptions/policy.ts';
import type { DatabaseConfig } from '../../src/serve/config.ts';
import { confirm, deliveryCounts, recordSignUp, subscriberByAddress } from '../../src/serve/subscriptions/store.ts';
import { demoContent, demoRecord, HANDOFF_TOKEN, runNotify, type Setup, startSetup, settledDeliveries } from './harness.ts';

const folder = tempFolders('serve-delivery');
let postgres: Postgres | undefined;
beforeAll(async () => {
  postgres = await startPostgres(folder());
}, stretched(120_000));
afterAll(async () => {
  await postgres?.stop();
}, stretched(60_000));

const content = demoContent();
const after = demoRecord(content);
const SLUG = '2025-01-21-login-errors-on-web';
const before: PublishedRecord = { ...after, entries: after.entries.filter((e) => e.slug !== SLUG) };
const fresh = after.entries.filter((e) => e.slug === SLUG);
const host = new URL(after.site.url).host;

/** `statusmark notify` as a deploy runs it, handing over to the service at `url`. */
function notify(dir: string, url: string, token = HANDOFF_TOKEN) {
  return runNotify(dir, url, before, after, token);
}

/** A header as the mail carries it (mailparser turns List-* headers into objects; the raw line is the oracle). */
function header(mail: ParsedMail, name: string): string {
  const line = mail.headerLines.find((h) => h.key === name)?.line;
  if (!line) throw new Error(`no ${name} header`);
  return line
    .slice(line.indexOf(':') + 1)
    .replace(/\r?\n\s+/g, ' ')
    .trim();
}

let pgCount = 0;
const databases: [string, (dir: string) => Promise<DatabaseConfig>][] = [
  ['SQLite', async (dir) => ({ kind: 'sqlite', file: join(dir, 'subscribers.sqlite') })],
  ['PostgreSQL', async () => ({ kind: 'postgres', url: await postgres!.createDatabase(`delivery_${++pgCount}`) })],
];

describe.each(databases)('delivery on %s', (_name, database) => {
  let s: Setup;
  let dir: string;
  const subscribe = async (address: string, language: string, services: string[] | null) => {
    const r = await recordSignUp(s.db, { address, language, services }, (t) => tokenHash(TEST_SECRET, t), new Date());
    await confirm(s.db, tokenHash(TEST_SECRET, r.mail!.token), new Date());
  };

  beforeAll(async () => {
    dir = folder();
    s = await startSetup(dir, await database(dir));
    await subscribe('login@example.com', 'en', ['login']);
    await subscribe('website@example.com', 'en', ['website']);
    await subscribe('all@example.com', 'zh-CN', null);
    await subscribe('gone@example.com', 'en', ['login']);
    s.inbox.refuse.set('gone@example.com', 550);
  }, stretched(180_000));
  afterAll(async () => {
    await s?.stop();
  }, stretched(60_000));

  it(
    'mails every follower of a touched service once per update, none of the others; a 550 bounces the address',
    async () => {
      expect(fresh.map((e) => e.services.map((x) => x.id))).toEqual([['login'], ['login'], ['login']]);
      const r = notify(dir, s.url);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('handed 3 entries to the subscription service on 127.0.0.1');
      expect(r.stdout).toContain('(3 new, 9 mails to send)');
      await s.inbox.waitForCount(6);
      await s.service.waitFor((l) => l.event === 'bounced');
      // Every due delivery is settled: 6 sent, the bounced address's 3 stopped.
      expect(await settledDeliveries(s.db)).toEqual({ sent: 6, bounced: 3 });
      expect(Object.fromEntries(s.inbox.counts())).toEqual({ 'login@example.com': 3, 'all@example.com': 3 });
      expect((await subscriberByAddress(s.db, 'gone@example.com'))!.state).toBe('bounced');

      const mine = s.inbox.mail.filter((m) => m.to[0] === 'login@example.com').map((m) => m.parsed);
      // Threaded per incident: the first update's Message-ID, the others answer it.
      const first = messageIdFor(fresh[0]!.key, host);
      expect(mine.map((m) => m.messageId)).toEqual(fresh.map((e) => messageIdFor(e.key, host)));
      expect(mine[1]!.inReplyTo).toBe(first);
      expect(mine[2]!.references).toContain(first);
      for (const [i, m] of mine.entries()) {
        expect(m.subject).toContain(entryIn(fresh[i]!, 'en').title);
        expect(header(m, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
        expect(header(m, 'list-unsubscribe')).toMatch(new RegExp(`^<${s.url}/unsubscribe\\?s=`));
        expect(m.text).toContain(`${s.url}/manage?s=`);
      }
      const theirs = s.inbox.mail.filter((m) => m.to[0] === 'all@example.com').map((m) => m.parsed);
      expect(theirs[0]!.subject).toContain(entryIn(fresh[0]!, 'zh-CN').title);
      expect(theirs[0]!.text).toContain(CATALOGS['zh-CN']!.ui.subscriptions.footer(after.site.name));
      // No address in clear in the log.
      expect(s.service.output()).not.toMatch(/@example\.com/);
    },
    stretched(180_000),
  );

  it(
    'sends nothing twice when the same deploy is handed over again, and refuses a wrong token',
    async () => {
      const again = notify(dir, s.url);
      expect(again.status).toBe(0);
      expect(again.stdout).toContain('(0 new, 0 mails to send)');
      const wrong = notify(dir, s.url, 'wrong-token-0123456789abcdef0123456789');
      expect(wrong.status).toBe(1);
      expect(wrong.stderr).toContain('refused the hand-off: HTTP 401');
      expect(await deliveryCounts(s.db)).toEqual({ sent: 6, bounced: 3 });
      expect(s.inbox.mail).toHaveLength(6);
    },
    stretched(120_000),
  );

  it(
    'changes services and language from the manage link, and unsubscribes in one click without JavaScript or Origin',
    async () => {
      const mail = s.inbox.mail.find((m) => m.to[0] === 'login@example.com')!.parsed;
      const manage = mail.text!.split(/\s+/).find((w) => w.startsWith(`${s.url}/manage?`))!;
      const form = await fetch(manage);
      expect(form.status).toBe(200);
      const html = await form.text();
      expect(html).toContain('value="login" checked');
      expect(html).not.toContain('value="api" checked');
      const params = new URL(manage).searchParams;
      const saved = await fetch(`${s.url}/manage`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: s.url },
        body: new URLSearchParams([
          ['s', params.get('s')!],
          ['t', params.get('t')!],
          ['service', 'api'],
          ['service', 'web-chat'],
          ['language', 'zh-CN'],
        ]).toString(),
      });
      expect(saved.status).toBe(200);
      expect(await saved.text()).toContain(CATALOGS['zh-CN']!.ui.subscriptions.saved);
      expect(await subscriberByAddress(s.db, 'login@example.com')).toMatchObject({ language: 'zh-CN', services: '["web-chat","api"]' });
      // A manage link with another subscriber's token does nothing.
      const forged = await fetch(`${s.url}/manage?s=${params.get('s')}&t=${'A'.repeat(43)}`);
      expect(forged.status).toBe(404);

      const unsubscribe = header(mail, 'list-unsubscribe').slice(1, -1);
      // A GET (a link scanner) changes nothing.
      expect((await fetch(unsubscribe)).status).toBe(200);
      expect(await subscriberByAddress(s.db, 'login@example.com')).toBeDefined();
      const oneClick = await fetch(unsubscribe, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(oneClick.status).toBe(200);
      expect(await subscriberByAddress(s.db, 'login@example.com')).toBeUndefined();
      await s.inbox.waitForCount(7);
      const goodbye = s.inbox.mail[6]!;
      expect(goodbye.to).toEqual(['login@example.com']);
      expect(goodbye.parsed.subject).toBe(CATALOGS['zh-CN']!.ui.subscriptions.goodbyeSubject('Nimbus AI 服务状态'));
      // The link is spent with the subscriber.
      const spent = await fetch(unsubscribe, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(spent.status).toBe(404);
    },
    stretched(120_000),
  );
});
