/**
 * Sign-up and double opt-in against the real service, a real SMTP server and SQLite: the
 * same answer for a new, pending and confirmed address, one confirmation mail an hour, the
 * single-use link, and each hostile input refused with nothing changed (counted in the
 * database and at the SMTP server).
 */
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres } from '../../src/dev/postgres.ts';
import { tempFolders } from '../../src/dev/temp.ts';
import { stretched } from '../../src/dev/work.ts';
import { en } from '../../src/lib/languages/catalogs/en.ts';
import { CATALOGS } from '../../src/lib/languages/catalogs/index.ts';
import { RATE_LIMITS, tokenHash } from '../../src/lib/subscriptions/policy.ts';
import { TEST_SECRET } from '../../src/dev/service.ts';
import { confirm, recordSignUp, subscriberByAddress } from '../../src/serve/subscriptions/store.ts';
import { PG_CONNECT_TIMEOUT_MS, PG_QUERY_TIMEOUT_MS } from '../../src/serve/db/database.ts';
import { linkIn, rows, SITE_ORIGIN, type Setup, signUp, startSetup } from './harness.ts';

const folder = tempFolders('serve-signup');

/** POSTs `body` with node:http and resolves with the answer's status, even when the server stops reading the body. */
function postRaw(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body), Origin: SITE_ORIGIN },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(body);
  });
}
let s: Setup;

beforeAll(async () => {
  const dir = folder();
  s = await startSetup(dir, { kind: 'sqlite', file: join(dir, 'subscribers.sqlite') });
}, stretched(120_000));
afterAll(async () => {
  await s?.stop();
}, stretched(60_000));

const words = en.ui.subscriptions;
const UNAVAILABLE = 'https://status.nimbus.example/en/subscribe/unavailable/';

describe('sign-up and double opt-in', () => {
  it(
    'answers new, pending and confirmed addresses and a filled honeypot with the same page; mails only what is due',
    async () => {
      const first = await signUp(s.url, [
        ['email', 'Ada@Example.com'],
        ['service', 'login'],
        ['language', 'en'],
        ['website', ''],
      ]);
      expect(first.status).toBe(200);
      const page = await first.text();
      expect(page).toContain(words.checkInbox);
      expect(page).toContain('<html lang="en">');
      expect(first.headers.get('content-security-policy')).toContain("default-src 'none'");
      await s.inbox.waitForCount(1);
      const mail = s.inbox.mail[0]!;
      expect(mail.to).toEqual(['ada@example.com']);
      expect(mail.parsed.subject).toBe(words.confirmSubject('Nimbus AI Status'));
      expect(mail.parsed.html).toContain(words.confirmAction);
      expect(await rows(s.db, 'subscribers')).toBe(1);

      // Pending, within the hour: the same page, no second mail.
      const pending = await signUp(s.url, [
        ['email', 'ada@example.com'],
        ['language', 'en'],
      ]);
      expect(pending.status).toBe(200);
      expect(await pending.text()).toBe(page);
      // The honeypot: the same page, nothing stored, nothing sent.
      const bot = await signUp(s.url, [
        ['email', 'bot@example.com'],
        ['language', 'en'],
        ['website', 'http://spam.example'],
      ]);
      expect(await bot.text()).toBe(page);
      expect(await subscriberByAddress(s.db, 'bot@example.com')).toBeUndefined();

      // Confirm: the link's GET only shows a button; its POST confirms, once.
      const link = linkIn(mail.parsed.text!, `${s.url}/confirm?t=`);
      const shown = await fetch(link);
      expect(shown.status).toBe(200);
      expect((await subscriberByAddress(s.db, 'ada@example.com'))!.state).toBe('pending');
      const token = new URL(link).searchParams.get('t')!;
      const post = (t: string, origin = s.url) =>
        fetch(`${s.url}/confirm?lang=en`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
          body: new URLSearchParams({ t }).toString(),
        });
      const confirmed = await post(token);
      expect(confirmed.status).toBe(200);
      expect(await confirmed.text()).toContain(words.confirmed);
      expect(await subscriberByAddress(s.db, 'ada@example.com')).toMatchObject({
        state: 'confirmed',
        services: '["login"]',
        language: 'en',
      });
      const again = await post(token);
      expect(again.status).toBe(404);
      expect(await again.text()).toContain(words.badLink);

      // Confirmed: the same page again, nothing changes, nothing is sent.
      const known = await signUp(s.url, [
        ['email', 'ada@example.com'],
        ['service', 'web-chat'],
        ['language', 'en'],
      ]);
      expect(await known.text()).toBe(page);
      expect(await subscriberByAddress(s.db, 'ada@example.com')).toMatchObject({ state: 'confirmed', services: '["login"]' });
      expect(s.inbox.mail).toHaveLength(1);
      expect(await rows(s.db, 'subscribers')).toBe(1);
    },
    stretched(120_000),
  );

  it(
    "answers in the language of the form, with that language's words in the mail",
    async () => {
      const r = await signUp(s.url, [
        ['email', 'wang@example.cn'],
        ['language', 'zh-CN'],
      ]);
      const zh = CATALOGS['zh-CN']!.ui.subscriptions;
      expect(await r.text()).toContain(zh.checkInbox);
      await s.inbox.waitForCount(2);
      expect(s.inbox.mail[1]!.parsed.subject).toBe(zh.confirmSubject('Nimbus AI 服务状态'));
    },
    stretched(60_000),
  );

  it(
    'refuses hostile input clearly and changes nothing',
    async () => {
      const before = { subscribers: await rows(s.db, 'subscribers'), tokens: await rows(s.db, 'tokens'), mail: s.inbox.mail.length };
      // 1 MB: answered 413 before it is read (the service closes the connection behind the answer).
      const big = await postRaw(`${s.url}/subscribe`, `email=big%40example.com&language=en&pad=${'x'.repeat(1024 * 1024)}`);
      expect(big).toBe(413);
      const injected = await signUp(s.url, [
        ['email', 'eve@example.com\r\nBcc: all@example.com'],
        ['language', 'en'],
      ]);
      expect(injected.status).toBe(400);
      expect(await injected.text()).toContain(words.refused);
      const markup = await signUp(s.url, [
        ['email', '<script>alert(1)</script>@example.com'],
        ['language', 'en'],
      ]);
      expect(markup.status).toBe(400);
      expect(await markup.text()).not.toContain('<script>');
      const noOrigin = await signUp(s.url, [['email', 'mallory@example.com']], {});
      expect(noOrigin.status).toBe(403);
      const otherOrigin = await signUp(s.url, [['email', 'mallory@example.com']], { Origin: 'https://evil.example' });
      expect(otherOrigin.status).toBe(403);
      const unknownService = await signUp(s.url, [
        ['email', 'x@example.com'],
        ['service', 'nope'],
      ]);
      expect(unknownService.status).toBe(400);
      const forged = await fetch(`${s.url}/confirm`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: s.url },
        body: 't=forged-token',
      });
      expect(forged.status).toBe(404);
      expect({ subscribers: await rows(s.db, 'subscribers'), tokens: await rows(s.db, 'tokens'), mail: s.inbox.mail.length }).toEqual(
        before,
      );

      // An expired token: a sign-up made three days ago (the link lasts 48 hours) is not confirmed by it.
      const old = await recordSignUp(
        s.db,
        { address: 'old@example.com', language: 'en', services: null },
        (t) => tokenHash(TEST_SECRET, t),
        new Date(Date.now() - 72 * 3_600_000),
      );
      const expired = await fetch(`${s.url}/confirm`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: s.url },
        body: new URLSearchParams({ t: old.mail!.token }).toString(),
      });
      expect(expired.status).toBe(404);
      expect((await subscriberByAddress(s.db, 'old@example.com'))!.state).toBe('pending');
    },
    stretched(60_000),
  );
});

describe('a flood from one client', () => {
  it(
    'takes the first 10 sign-ups of 100 sent in a second and refuses the other 90 with 429, storing and mailing nothing for them',
    async () => {
      const dir = folder();
      const flood = await startSetup(dir, { kind: 'sqlite', file: join(dir, 'subscribers.sqlite') });
      try {
        const answers = await Promise.all(
          Array.from({ length: 100 }, (_, i) =>
            signUp(flood.url, [
              ['email', `user${i}@example.com`],
              ['language', 'en'],
            ]).then(async (r) => ({ status: r.status, text: await r.text() })),
          ),
        );
        const statuses = answers.map((a) => a.status);
        expect(statuses.filter((x) => x === 200)).toHaveLength(10);
        expect(statuses.filter((x) => x === 429)).toHaveLength(90);
        expect(answers.find((a) => a.status === 429)!.text).toContain(words.tooMany);
        expect(await rows(flood.db, 'subscribers')).toBe(10);
        await flood.inbox.waitForCount(10);
        expect(flood.inbox.mail).toHaveLength(10);
      } finally {
        await flood.stop();
      }
    },
    stretched(180_000),
  );
});

describe('the limit per address', () => {
  it(
    'takes 3 sign-ups of one address an hour from different clients (behind a trusted proxy), refuses the 4th and 5th, and mails once',
    async () => {
      const dir = folder();
      const proxied = await startSetup(dir, { kind: 'sqlite', file: join(dir, 'subscribers.sqlite') }, { STATUSMARK_TRUST_PROXY: '1' });
      try {
        const statuses: number[] = [];
        for (let i = 1; i <= 5; i++) {
          const r = await signUp(
            proxied.url,
            [
              ['email', 'target@example.com'],
              ['language', 'en'],
            ],
            { Origin: SITE_ORIGIN, 'X-Forwarded-For': `203.0.113.7, 198.51.100.${i}` },
          );
          statuses.push(r.status);
        }
        expect(statuses).toEqual([200, 200, 200, 429, 429]);
        expect(await rows(proxied.db, 'subscribers')).toBe(1);
        await proxied.inbox.waitForCount(1);
        expect(proxied.inbox.mail).toHaveLength(1);
        // Five clients: five client windows and one address window, each keyed by a hash, never the address or the client.
        const buckets = await proxied.db.selectFrom('rate_limits').select('bucket').execute();
        expect(buckets.filter((b) => b.bucket.startsWith('client:'))).toHaveLength(5);
        expect(buckets.filter((b) => b.bucket.startsWith('address:'))).toHaveLength(1);
        expect(JSON.stringify(buckets)).not.toMatch(/target|198\.51/);
      } finally {
        await proxied.stop();
      }
    },
    stretched(120_000),
  );
});

describe('when a sign-up cannot be taken', () => {
  it(
    'sends no credentials without TLS, answers 303 to the failure page, and keeps nothing',
    async () => {
      const dir = folder();
      const setup = await startSetup(dir, { kind: 'sqlite', file: join(dir, 'subscribers.sqlite') });
      await setup.stop();
      // The same relay, now given credentials: it offers no STARTTLS, so nothing may be said to it.
      const withLogin = await startSetup(dir, { kind: 'sqlite', file: join(dir, 'subscribers.sqlite') }, {});
      withLogin.service.child.kill('SIGTERM');
      await withLogin.service.exited;
      withLogin.env.SMTP_URL = withLogin.env.SMTP_URL!.replace('smtp://', 'smtp://user:secret-password@');
      await withLogin.restart();
      try {
        const r = await signUp(withLogin.url, [
          ['email', 'tls@example.com'],
          ['language', 'en'],
        ]);
        expect(r.status).toBe(303);
        expect(r.headers.get('location')).toBe(UNAVAILABLE);
        expect(withLogin.inbox.logins).toEqual([]);
        expect(withLogin.inbox.mail).toHaveLength(0);
        expect(await subscriberByAddress(withLogin.db, 'tls@example.com')).toBeUndefined();
        expect(withLogin.service.output()).not.toContain('secret-password');
        expect(withLogin.service.output()).not.toContain('tls@example.com');
      } finally {
        await withLogin.stop();
      }
    },
    stretched(180_000),
  );

  it(
    'answers 303 to the failure page when the relay is down',
    async () => {
      const dir = folder();
      const setup = await startSetup(dir, { kind: 'sqlite', file: join(dir, 'subscribers.sqlite') });
      try {
        const known = await recordSignUp(
          setup.db,
          { address: 'known@example.com', language: 'en', services: null },
          (t) => tokenHash(TEST_SECRET, t),
          new Date(),
        );
        await confirm(setup.db, tokenHash(TEST_SECRET, known.mail!.token), new Date());
        await setup.inbox.close();
        const r = await signUp(setup.url, [
          ['email', 'down@example.com'],
          ['language', 'en'],
        ]);
        expect(r.status).toBe(303);
        expect(r.headers.get('location')).toBe(UNAVAILABLE);
        expect(await subscriberByAddress(setup.db, 'down@example.com')).toBeUndefined();
        // A confirmed address is answered as a new one is: no way to tell them apart while the relay is down.
        const k = await signUp(setup.url, [
          ['email', 'known@example.com'],
          ['language', 'en'],
        ]);
        expect(k.status).toBe(303);
        expect(k.headers.get('location')).toBe(UNAVAILABLE);
        expect((await subscriberByAddress(setup.db, 'known@example.com'))!.state).toBe('confirmed');
      } finally {
        setup.service.child.kill('SIGTERM');
        await setup.service.exited;
        await setup.db.destroy();
      }
    },
    stretched(180_000),
  );
});

describe('on PostgreSQL, at the same moment', () => {
  it(
    'answers 50 concurrent sign-ups from one client with exactly the limit of 200s, and keeps exactly that many',
    async () => {
      const pg = await startPostgres(folder());
      const setup = await startSetup(folder(), { kind: 'postgres', url: await pg.createDatabase('busy') });
      try {
        const statuses = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            signUp(setup.url, [
              ['email', `busy${i}@example.com`],
              ['language', 'en'],
            ]).then((r) => r.status),
          ),
        );
        expect(statuses.filter((x) => x === 200)).toHaveLength(RATE_LIMITS.client.max);
        expect(statuses.filter((x) => x === 429)).toHaveLength(50 - RATE_LIMITS.client.max);
        expect(await rows(setup.db, 'subscribers')).toBe(RATE_LIMITS.client.max);
        await setup.inbox.waitForCount(RATE_LIMITS.client.max);
      } finally {
        await setup.stop();
        await pg.stop();
      }
    },
    stretched(240_000),
  );
});

describe('when the database is down', () => {
  it(
    'answers /healthz with 503 and a sign-up with 303 to the failure page, and keeps running',
    async () => {
      const pg = await startPostgres(folder());
      const setup = await startSetup(folder(), { kind: 'postgres', url: await pg.createDatabase('down') });
      try {
        expect((await fetch(`${setup.url}/healthz`)).status).toBe(200);
        await setup.db.destroy();
        await pg.stop();
        const health = await fetch(`${setup.url}/healthz`);
        expect(health.status).toBe(503);
        expect(await health.json()).toMatchObject({ status: 'failing', checks: { database: 'failing' } });
        const r = await signUp(setup.url, [
          ['email', 'nodb@example.com'],
          ['language', 'en'],
        ]);
        expect(r.status).toBe(303);
        expect(r.headers.get('location')).toBe(UNAVAILABLE);
        expect(setup.inbox.mail).toHaveLength(0);
        expect(setup.service.child.exitCode).toBeNull();
      } finally {
        setup.service.child.kill('SIGTERM');
        await setup.service.exited;
        await setup.inbox.close();
        await pg.stop();
      }
    },
    stretched(180_000),
  );

  it(
    'answers /healthz with 503 and a sign-up with 303 within the time limits when PostgreSQL stops answering (SIGSTOP), and 200 again once it goes on',
    async () => {
      const pg = await startPostgres(folder());
      const setup = await startSetup(folder(), { kind: 'postgres', url: await pg.createDatabase('frozen') });
      // The most a request may take with the server frozen: a connection's limit and a query's, with room for a busy machine.
      const limit = stretched(PG_CONNECT_TIMEOUT_MS + PG_QUERY_TIMEOUT_MS + 5_000);
      try {
        expect((await fetch(`${setup.url}/healthz`)).status).toBe(200);
        pg.pause();
        try {
          const health = await fetch(`${setup.url}/healthz`, { signal: AbortSignal.timeout(limit) });
          expect(health.status).toBe(503);
          expect(await health.json()).toMatchObject({ status: 'failing', checks: { database: 'failing' } });
          const r = await signUp(setup.url, [
            ['email', 'frozen@example.com'],
            ['language', 'en'],
          ]).then(
            (x) => x,
            (error: Error) => error,
          );
          expect(r).toBeInstanceOf(Response);
          expect((r as Response).status).toBe(303);
          expect((r as Response).headers.get('location')).toBe(UNAVAILABLE);
        } finally {
          pg.resume();
        }
        // Once PostgreSQL answers again, so does the service (the pool drops what it gave up on).
        for (;;) {
          const again = await fetch(`${setup.url}/healthz`);
          if (again.status === 200) break;
          await new Promise((done) => setTimeout(done, 200));
        }
        expect(setup.inbox.mail).toHaveLength(0);
        expect(setup.service.child.exitCode).toBeNull();
      } finally {
        await setup.stop();
        await pg.stop();
      }
    },
    stretched(240_000),
  );
});
