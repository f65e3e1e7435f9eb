/**
 * A hand-off the service did not take is not lost: the real `statusmark notify` run while the
 * real service is stopped exits 1 naming the failure and keeps the hand-off's baseline; the
 * next run, after the deploy (its record before is the new build's own), hands the same
 * entries over again, and every follower gets each update exactly once.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_SECRET } from '../../src/dev/service.ts';
import { tempFolders } from '../../src/dev/temp.ts';
import { stretched } from '../../src/dev/work.ts';
import type { PublishedRecord } from '../../src/lib/notify/record.ts';
import { tokenHash } from '../../src/lib/subscriptions/policy.ts';
import { confirm, recordSignUp } from '../../src/serve/subscriptions/store.ts';
import { demoContent, demoRecord, runNotify, type Setup, settledDeliveries, startSetup } from './harness.ts';

const folder = tempFolders('serve-handoff-retry');
const after = demoRecord(demoContent());
const SLUG = '2025-01-21-login-errors-on-web';
const before: PublishedRecord = { ...after, entries: after.entries.filter((e) => e.slug !== SLUG) };
const fresh = after.entries.filter((e) => e.slug === SLUG);

let s: Setup;
let dir: string;
beforeAll(async () => {
  dir = folder();
  s = await startSetup(dir, { kind: 'sqlite', file: join(dir, 'subscribers.sqlite') });
  for (const address of ['one@example.com', 'two@example.com']) {
    const r = await recordSignUp(s.db, { address, language: 'en', services: ['login'] }, (t) => tokenHash(TEST_SECRET, t), new Date());
    await confirm(s.db, tokenHash(TEST_SECRET, r.mail!.token), new Date());
  }
}, stretched(120_000));
afterAll(async () => {
  await s?.stop();
}, stretched(60_000));

it(
  'hands the same entries over again on the next run after a failed hand-off; each follower gets each update once',
  async () => {
    expect(fresh).toHaveLength(3);
    s.service.child.kill('SIGTERM');
    await s.service.exited;

    const failed = runNotify(dir, s.url, before, after);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('could not reach the subscription service on 127.0.0.1');
    expect(failed.stderr).toContain('the next run hands them over again');

    await s.restart();
    // The deploy went out: the record before the next run is the new build's own.
    const again = runNotify(dir, s.url, after, after);
    expect(again.stderr).toBe('');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(`handed 3 entries to the subscription service on ${new URL(s.url).host} (3 new, 6 mails to send)`);
    await s.inbox.waitForCount(6);
    expect(await settledDeliveries(s.db)).toEqual({ sent: 6 });

    // Handed over once: a third run has nothing new for the service and sends nothing more.
    const third = runNotify(dir, s.url, after, after);
    expect(third.status).toBe(0);
    expect(third.stdout).toContain('nothing new for the subscription service');
    expect(Object.fromEntries(s.inbox.counts())).toEqual({ 'one@example.com': 3, 'two@example.com': 3 });
    for (const address of ['one@example.com', 'two@example.com'])
      expect(new Set(s.inbox.mail.filter((m) => m.to[0] === address).map((m) => m.parsed.messageId)).size).toBe(3);
  },
  stretched(240_000),
);
