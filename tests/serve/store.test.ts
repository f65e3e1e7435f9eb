/**
 * The subscription queries against both databases, with the same cases: SQLite (node:sqlite,
 * a file in a temporary folder) and PostgreSQL (an initdb cluster in a temporary folder).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Postgres, startPostgres } from '../../src/dev/postgres.ts';
import { tempFolders } from '../../src/dev/temp.ts';
import { stretched } from '../../src/dev/work.ts';
import { tokenHash } from '../../src/lib/subscriptions/policy.ts';
import type { DatabaseConfig } from '../../src/serve/config.ts';
import { type Db, openDatabase } from '../../src/serve/db/database.ts';
import {
  addEntries,
  confirm,
  deleteSubscriber,
  deliveryCounts,
  dueDeliveries,
  markBounced,
  moveDelivery,
  purge,
  recordSignUp,
  settleInterrupted,
  subscriberByAddress,
  takeRate,
} from '../../src/serve/subscriptions/store.ts';

const folder = tempFolders('serve-store');
let postgres: Postgres | undefined;

beforeAll(async () => {
  postgres = await startPostgres(folder());
}, stretched(120_000));
afterAll(async () => {
  await postgres?.stop();
}, stretched(60_000));

const SECRET = 's'.repeat(40);
const hashOf = (t: string) => tokenHash(SECRET, t);
const t0 = new Date('2026-03-01T12:00:00.000Z');
const later = (ms: number) => new Date(t0.getTime() + ms);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let dbCount = 0;
const configs: [string, () => Promise<DatabaseConfig>][] = [
  ['SQLite', async () => ({ kind: 'sqlite', file: join(folder(), 'subscribers.sqlite') })],
  ['PostgreSQL', async () => ({ kind: 'postgres', url: await postgres!.createDatabase(`store_${++dbCount}`) })],
];

const count = async (db: Db, table: 'subscribers' | 'tokens' | 'deliveries' | 'entries') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const entry = (key: string, services: string[], kind: 'incident' | 'notice' = 'incident') => ({
  id: key,
  entry: { key, kind, services: services.map((id) => ({ id, name: id, status: 'major_outage' as const })) },
  payload: JSON.stringify({ key }),
});

describe.each(configs)('%s', (_name, config) => {
  let db: Db;
  beforeAll(async () => {
    const c = await config();
    // Opened twice: the second open finds the migrations done and changes nothing.
    await (await openDatabase(c)).destroy();
    db = await openDatabase(c);
  }, stretched(60_000));
  afterAll(async () => {
    await db?.destroy();
  });

  it('signs up once, mails a confirmation at most once an hour, confirms once, and never before expiry ends', async () => {
    const first = await recordSignUp(db, { address: 'a@example.com', language: 'en', services: ['api'] }, hashOf, t0);
    expect(first.action).toBe('create');
    expect(await count(db, 'subscribers')).toBe(1);
    expect(await count(db, 'tokens')).toBe(1);
    // The token itself is nowhere in the database: only its keyed hash.
    const stored = await db.selectFrom('tokens').selectAll().execute();
    expect(stored[0]!.hash).toBe(hashOf(first.mail!.token));
    expect(JSON.stringify(stored)).not.toContain(first.mail!.token);

    const again = await recordSignUp(db, { address: 'a@example.com', language: 'de', services: null }, hashOf, later(HOUR - 1));
    expect(again.action).toBe('nothing');
    expect((await subscriberByAddress(db, 'a@example.com'))!.language).toBe('en');
    const hourLater = await recordSignUp(db, { address: 'a@example.com', language: 'de', services: null }, hashOf, later(HOUR));
    expect(hourLater.action).toBe('remail');
    expect(await count(db, 'tokens')).toBe(2);

    expect(await confirm(db, hashOf('forged'), later(HOUR))).toBeUndefined();
    const confirmed = await confirm(db, hashOf(first.mail!.token), later(HOUR + 1));
    expect(confirmed).toMatchObject({ state: 'confirmed', language: 'de', services: null });
    // Single use.
    expect(await confirm(db, hashOf(first.mail!.token), later(HOUR + 2))).toBeUndefined();
    // A confirmed address: a sign-up changes nothing.
    expect((await recordSignUp(db, { address: 'a@example.com', language: 'en', services: ['x'] }, hashOf, later(5 * HOUR))).action).toBe(
      'nothing',
    );
    expect(await subscriberByAddress(db, 'a@example.com')).toMatchObject({ state: 'confirmed', language: 'de', services: null });
  });

  it('refuses an expired token, and purges unconfirmed sign-ups after 7 days', async () => {
    const s = await recordSignUp(db, { address: 'late@example.com', language: 'en', services: null }, hashOf, t0);
    expect(await confirm(db, hashOf(s.mail!.token), later(48 * HOUR))).toBeUndefined();
    expect((await subscriberByAddress(db, 'late@example.com'))!.state).toBe('pending');
    expect((await purge(db, later(7 * 24 * HOUR - 1))).unconfirmed).toBe(0);
    expect((await purge(db, later(7 * 24 * HOUR + 1))).unconfirmed).toBe(1);
    expect(await subscriberByAddress(db, 'late@example.com')).toBeUndefined();
    expect(await subscriberByAddress(db, 'a@example.com')).toBeDefined();
  });

  it('undoes a sign-up whose mail could not be sent', async () => {
    const s = await recordSignUp(db, { address: 'undo@example.com', language: 'en', services: null }, hashOf, t0);
    await s.mail!.undo();
    expect(await subscriberByAddress(db, 'undo@example.com')).toBeUndefined();
  });

  it('counts rate limits in fixed windows', async () => {
    const limit = { max: 3, windowMs: 60_000 };
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await takeRate(db, 'client:x', limit, later(i)));
    expect(results).toEqual([true, true, true, false, false]);
    expect(await takeRate(db, 'client:y', limit, t0)).toBe(true);
    expect(await takeRate(db, 'client:x', limit, later(60_000))).toBe(true);
  });

  it('counts a request that took its time a moment before the one that opened the window in that window', async () => {
    const limit = { max: 2, windowMs: 60_000 };
    // Concurrent requests reach the database in any order: the one stamped 5 ms later came first.
    expect(await takeRate(db, 'client:order', limit, later(5))).toBe(true);
    expect(await takeRate(db, 'client:order', limit, later(0))).toBe(true);
    expect(await takeRate(db, 'client:order', limit, later(3))).toBe(false);
    // A clock set back by more than a window starts a new one.
    expect(await takeRate(db, 'client:order', limit, later(-120_000))).toBe(true);
  });

  it('counts 50 concurrent requests each once: exactly the limit are allowed', async () => {
    const limit = { max: 10, windowMs: 60_000 };
    const results = await Promise.all(Array.from({ length: 50 }, () => takeRate(db, 'client:busy', limit, later(5))));
    expect(results.filter(Boolean)).toHaveLength(10);
    const row = await db.selectFrom('rate_limits').selectAll().where('bucket', '=', 'client:busy').executeTakeFirstOrThrow();
    expect(Number(row.count)).toBe(50);
  });

  it('takes concurrent sign-ups of one address and concurrent hand-offs of one entry without failing', async () => {
    const signUps = await Promise.all(
      Array.from({ length: 10 }, () => recordSignUp(db, { address: 'twice@example.com', language: 'en', services: null }, hashOf, t0)),
    );
    // One creates the address; the others find it mailed this very moment (at most one mail an hour).
    expect(signUps.map((r) => r.action).sort()).toEqual(['create', ...Array(9).fill('nothing')]);
    expect(await db.selectFrom('subscribers').select('id').where('address', '=', 'twice@example.com').execute()).toHaveLength(1);
    const handed = await Promise.all(Array.from({ length: 10 }, () => addEntries(db, [entry('incident/race/1', ['api'])], true, t0)));
    expect(handed.reduce((n, r) => n + r.entries, 0)).toBe(1);
    expect(await db.selectFrom('entries').select('id').where('id', '=', 'incident/race/1').execute()).toHaveLength(1);
    await deleteSubscriber(db, signUps.find((r) => r.action === 'create')!.mail!.subscriberId);
    await db.deleteFrom('deliveries').where('entry_id', '=', 'incident/race/1').execute();
    await db.deleteFrom('entries').where('id', '=', 'incident/race/1').execute();
  });

  it('keeps a bounced address that signs up again for 7 days from that sign-up, not from its first', async () => {
    const s = await recordSignUp(db, { address: 'back@example.com', language: 'en', services: null }, hashOf, t0);
    await confirm(db, hashOf(s.mail!.token), t0);
    await markBounced(db, { subscriberId: s.mail!.subscriberId, entryId: 'none' }, '550 mailbox full', t0);
    const month = 30 * 24 * HOUR;
    const again = await recordSignUp(db, { address: 'back@example.com', language: 'en', services: null }, hashOf, later(month));
    expect(again.action).toBe('remail');
    expect(await subscriberByAddress(db, 'back@example.com')).toMatchObject({ state: 'pending', created_at: later(month).toISOString() });
    expect((await purge(db, later(month + HOUR))).unconfirmed).toBe(0);
    expect((await purge(db, later(month + 7 * 24 * HOUR - 1))).unconfirmed).toBe(0);
    expect(await subscriberByAddress(db, 'back@example.com')).toBeDefined();
    expect((await purge(db, later(month + 7 * 24 * HOUR + 1))).unconfirmed).toBe(1);
    expect(await subscriberByAddress(db, 'back@example.com')).toBeUndefined();
  });

  it('deletes updates handed over more than 90 days ago with their deliveries, and rate-limit windows that are over', async () => {
    const s = await recordSignUp(db, { address: 'keep@example.com', language: 'en', services: null }, hashOf, t0);
    await confirm(db, hashOf(s.mail!.token), t0);
    await addEntries(db, [entry('incident/old/1', ['api'])], true, t0);
    await addEntries(db, [entry('incident/new/1', ['api'])], true, later(DAY));
    await db.deleteFrom('rate_limits').execute();
    await takeRate(db, 'client:old', { max: 10, windowMs: 10 * 60_000 }, t0);
    await takeRate(db, 'address:recent', { max: 3, windowMs: HOUR }, later(90 * DAY));
    const mine = () => db.selectFrom('deliveries').select('entry_id').where('subscriber_id', '=', s.mail!.subscriberId).execute();
    expect((await mine()).map((d) => d.entry_id).sort()).toEqual(['incident/new/1', 'incident/old/1']);
    // 90 days after the first came, to the millisecond: kept; a millisecond later: gone, with its delivery.
    // The client's window (10 minutes, from t0) is long over; the address's (an hour, from 90 days) is not.
    expect(await purge(db, later(90 * DAY))).toMatchObject({ entries: 0, deliveries: 0, rateLimits: 1 });
    const tidied = await purge(db, later(90 * DAY + 1));
    expect(tidied).toMatchObject({ entries: 1, rateLimits: 0 });
    expect(tidied.deliveries).toBeGreaterThanOrEqual(1);
    expect((await mine()).map((d) => d.entry_id)).toEqual(['incident/new/1']);
    expect(await db.selectFrom('entries').select('id').where('id', 'like', 'incident/old/%').execute()).toEqual([]);
    expect((await db.selectFrom('rate_limits').select('bucket').execute()).map((r) => r.bucket)).toEqual(['address:recent']);
    await deleteSubscriber(db, s.mail!.subscriberId);
    await db.deleteFrom('entries').where('id', '=', 'incident/new/1').execute();
  });

  it('records one delivery per follower and entry, once, and settles interrupted ones without sending them again', async () => {
    for (const [address, services] of [
      ['api@example.com', ['api']],
      ['web@example.com', ['web']],
    ] as const) {
      const s = await recordSignUp(db, { address, language: 'en', services: [...services] }, hashOf, t0);
      await confirm(db, hashOf(s.mail!.token), t0);
    }
    await recordSignUp(db, { address: 'pending@example.com', language: 'en', services: null }, hashOf, t0);
    // Followers: a@ (all services), api@ → 2 for an API incident; a notice goes to all 3 confirmed.
    const added = await addEntries(db, [entry('incident/x/1', ['api']), entry('notice/n', [], 'notice')], true, t0);
    expect(added).toEqual({ entries: 2, deliveries: 5 });
    expect(await addEntries(db, [entry('incident/x/1', ['api'])], true, t0)).toEqual({ entries: 0, deliveries: 0 });
    const due = await dueDeliveries(db, 100);
    expect(due.map((d) => `${d.entryId} ${d.address}`).sort()).toEqual(
      [
        'incident/x/1 a@example.com',
        'incident/x/1 api@example.com',
        'notice/n a@example.com',
        'notice/n api@example.com',
        'notice/n web@example.com',
      ].sort(),
    );
    // The order: entry by entry.
    expect(due.slice(0, 2).every((d) => d.entryId === 'incident/x/1')).toBe(true);
    expect(await moveDelivery(db, due[0]!, 'pending', 'sending', t0)).toBe(true);
    expect(await moveDelivery(db, due[0]!, 'pending', 'sending', t0)).toBe(false);
    expect(await moveDelivery(db, due[1]!, 'pending', 'sending', t0)).toBe(true);
    expect(await moveDelivery(db, due[1]!, 'sending', 'sent', t0)).toBe(true);
    expect(await settleInterrupted(db, t0)).toBe(1);
    expect(await deliveryCounts(db)).toEqual({ pending: 3, sent: 1, unknown: 1 });
    const web = due.find((d) => d.address === 'web@example.com')!;
    await markBounced(db, web, '550 no such user', t0);
    expect(await deliveryCounts(db)).toEqual({ pending: 2, sent: 1, unknown: 1, bounced: 1 });
    expect((await subscriberByAddress(db, 'web@example.com'))!.state).toBe('bounced');
    expect((await dueDeliveries(db, 100)).map((d) => d.address)).not.toContain('web@example.com');
    const deliveries = await count(db, 'deliveries');
    expect(await deleteSubscriber(db, web.subscriberId)).toBe(true);
    expect(await count(db, 'deliveries')).toBe(deliveries - 1);
    expect(await deleteSubscriber(db, web.subscriberId)).toBe(false);
  });
});
