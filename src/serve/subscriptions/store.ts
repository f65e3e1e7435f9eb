/**
 * The subscription queries, one function per thing the service does, the same for SQLite
 * and PostgreSQL. Decisions come from src/lib/subscriptions/policy.ts; this file only reads
 * and writes rows, in transactions where two rows must change together.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import {
  CONFIRM_TOKEN_LIFETIME_MS,
  entryCutoff,
  follows,
  pendingCutoff,
  rateLimitCutoff,
  type RateLimit,
  rateWindow,
  readServices,
  signUpAction,
  withinLimit,
} from '../../lib/subscriptions/policy.ts';
import type { RecordEntry } from '../../lib/notify/record.ts';
import type { Db, DeliveryState, SubscribersTable } from '../db/database.ts';

export type Subscriber = SubscribersTable;

/** A fresh random token for a link: 32 bytes, url-safe. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A fresh subscriber id: 16 random bytes, url-safe. */
function newId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Counts one more in `bucket`'s window; whether it is within `limit`. One statement (an
 * upsert that starts a new window or adds one, and returns the count), so concurrent
 * requests each count: none reads a count another is about to change.
 */
export async function takeRate(db: Db, bucket: string, limit: RateLimit, now: Date): Promise<boolean> {
  const { start, expiredAtOrBefore, startedAfter } = rateWindow(limit, now);
  const over = sql<boolean>`(rate_limits.window_start <= ${expiredAtOrBefore} or rate_limits.window_start > ${startedAfter})`;
  const row = await db
    .insertInto('rate_limits')
    .values({ bucket, window_start: start, count: 1 })
    .onConflict((oc) =>
      oc.column('bucket').doUpdateSet({
        window_start: sql<string>`case when ${over} then ${start} else rate_limits.window_start end`,
        count: sql<number>`case when ${over} then 1 else rate_limits.count + 1 end`,
      }),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  return withinLimit(Number(row.count), limit);
}

export interface SignUp {
  address: string;
  language: string;
  services: string[] | null;
}

/**
 * Records a sign-up as policy's `signUpAction` says. When a confirmation mail is due,
 * stores the hash of a new token and marks the mail as sent now; returns the token and an
 * `undo` that puts the rows back as they were (the mail could not be sent).
 */
export async function recordSignUp(
  db: Db,
  s: SignUp,
  tokenHashOf: (token: string) => string,
  now: Date,
): Promise<{
  action: 'create' | 'remail' | 'nothing';
  mail?: { token: string; subscriberId: string; expires: Date; undo: () => Promise<void> };
}> {
  return db.transaction().execute(async (tx) => {
    const find = () => tx.selectFrom('subscribers').selectAll().where('address', '=', s.address).executeTakeFirst();
    let existing = await find();
    const token = randomToken();
    const hash = tokenHashOf(token);
    const expires = new Date(now.getTime() + CONFIRM_TOKEN_LIFETIME_MS);
    const at = now.toISOString();
    const services = s.services === null ? null : JSON.stringify(s.services);
    const addToken = (subscriberId: string) =>
      tx
        .insertInto('tokens')
        .values({ hash, subscriber_id: subscriberId, purpose: 'confirm', expires_at: expires.toISOString(), used_at: null })
        .execute();
    if (!existing) {
      const subscriberId = newId();
      // A sign-up of the same address at the same moment may insert it first: then nothing is inserted here, and it is read below.
      const inserted = await tx
        .insertInto('subscribers')
        .values({
          id: subscriberId,
          address: s.address,
          language: s.language,
          services,
          state: 'pending',
          created_at: at,
          confirmed_at: null,
          confirm_mailed_at: at,
          bounced_reason: null,
        })
        .onConflict((oc) => oc.column('address').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) {
        await addToken(subscriberId);
        const undo = async () => void (await db.deleteFrom('subscribers').where('id', '=', subscriberId).execute());
        return { action: 'create' as const, mail: { token, subscriberId, expires, undo } };
      }
      existing = await find();
      if (!existing) throw new Error('a sign-up of this address at the same moment was neither inserted nor found');
    }
    const action = signUpAction({ state: existing.state, confirmMailedAt: existing.confirm_mailed_at }, now);
    if (action === 'nothing') return { action };
    const was = existing;
    const subscriberId = was.id;
    // Back to pending: created_at is the time of this sign-up, so the purge of unconfirmed sign-ups
    // (PENDING_LIFETIME_MS after it) counts from now, not from a sign-up long ago (a bounced address).
    await tx
      .updateTable('subscribers')
      .set({ language: s.language, services, state: 'pending', created_at: at, confirm_mailed_at: at, bounced_reason: null })
      .where('id', '=', subscriberId)
      .execute();
    await addToken(subscriberId);
    const undo = async () => {
      await db
        .updateTable('subscribers')
        .set({
          language: was.language,
          services: was.services,
          state: was.state,
          created_at: was.created_at,
          confirm_mailed_at: was.confirm_mailed_at,
          bounced_reason: was.bounced_reason,
        })
        .where('id', '=', subscriberId)
        .execute();
      await db.deleteFrom('tokens').where('hash', '=', hash).execute();
    };
    return { action, mail: { token, subscriberId, expires, undo } };
  });
}

/** Uses a confirmation token: the subscriber it confirmed, or undefined when it is unknown, used or expired (nothing changes then). */
export async function confirm(db: Db, hash: string, now: Date): Promise<Subscriber | undefined> {
  return db.transaction().execute(async (tx) => {
    const at = now.toISOString();
    const used = await tx
      .updateTable('tokens')
      .set({ used_at: at })
      .where('hash', '=', hash)
      .where('purpose', '=', 'confirm')
      .where('used_at', 'is', null)
      .where('expires_at', '>', at)
      .returning('subscriber_id')
      .executeTakeFirst();
    if (!used) return undefined;
    await tx
      .updateTable('subscribers')
      .set({ state: 'confirmed', confirmed_at: at })
      .where('id', '=', used.subscriber_id)
      .where('state', '=', 'pending')
      .execute();
    return tx.selectFrom('subscribers').selectAll().where('id', '=', used.subscriber_id).executeTakeFirst();
  });
}

export function subscriberById(db: Db, id: string): Promise<Subscriber | undefined> {
  return db.selectFrom('subscribers').selectAll().where('id', '=', id).executeTakeFirst();
}

export function subscriberByAddress(db: Db, address: string): Promise<Subscriber | undefined> {
  return db.selectFrom('subscribers').selectAll().where('address', '=', address).executeTakeFirst();
}

export async function updateChoice(db: Db, id: string, language: string, services: string[] | null): Promise<void> {
  await db
    .updateTable('subscribers')
    .set({ language, services: services === null ? null : JSON.stringify(services) })
    .where('id', '=', id)
    .execute();
}

/** Deletes a subscriber with their tokens and deliveries; whether there was one. */
export async function deleteSubscriber(db: Db, id: string): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    await tx.deleteFrom('deliveries').where('subscriber_id', '=', id).execute();
    await tx.deleteFrom('tokens').where('subscriber_id', '=', id).execute();
    const r = await tx.deleteFrom('subscribers').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  });
}

/** What the hourly tidy deleted. */
export interface Purged {
  unconfirmed: number;
  entries: number;
  deliveries: number;
  rateLimits: number;
}

/**
 * The hourly tidy: deletes unconfirmed sign-ups older than the policy keeps them, expired or
 * used tokens, updates handed over longer ago than ENTRY_RETENTION_MS with their delivery
 * records, and rate-limit windows that are over.
 */
export async function purge(db: Db, now: Date): Promise<Purged> {
  return db.transaction().execute(async (tx) => {
    const cutoff = pendingCutoff(now);
    const old = tx.selectFrom('subscribers').select('id').where('state', '=', 'pending').where('created_at', '<', cutoff);
    await tx.deleteFrom('tokens').where('subscriber_id', 'in', old).execute();
    await tx.deleteFrom('deliveries').where('subscriber_id', 'in', old).execute();
    const r = await tx.deleteFrom('subscribers').where('state', '=', 'pending').where('created_at', '<', cutoff).executeTakeFirst();
    await tx
      .deleteFrom('tokens')
      .where((eb) => eb.or([eb('expires_at', '<=', now.toISOString()), eb('used_at', 'is not', null)]))
      .execute();
    const before = entryCutoff(now);
    const oldEntries = tx.selectFrom('entries').select('id').where('received_at', '<', before);
    const d = await tx.deleteFrom('deliveries').where('entry_id', 'in', oldEntries).executeTakeFirst();
    const e = await tx.deleteFrom('entries').where('received_at', '<', before).executeTakeFirst();
    const l = await tx.deleteFrom('rate_limits').where('window_start', '<=', rateLimitCutoff(now)).executeTakeFirst();
    return {
      unconfirmed: Number(r.numDeletedRows),
      entries: Number(e.numDeletedRows),
      deliveries: Number(d.numDeletedRows),
      rateLimits: Number(l.numDeletedRows),
    };
  });
}

/** A subscriber's delivery records, oldest first, with the key of the update each is for (for `statusmark subscribers export`). */
export async function deliveriesOf(db: Db, subscriberId: string) {
  return db
    .selectFrom('deliveries')
    .innerJoin('entries', 'entries.id', 'deliveries.entry_id')
    .select(['entries.entry_key', 'deliveries.state', 'deliveries.attempts', 'deliveries.updated_at'])
    .where('deliveries.subscriber_id', '=', subscriberId)
    .orderBy('entries.seq')
    .orderBy('deliveries.entry_id')
    .execute();
}

// ------------------------------------------------------------------ deliveries

export interface HandedEntry {
  /** notify's delivery id: the entry key, and for a correction the hash of what it says. */
  id: string;
  entry: Pick<RecordEntry, 'key' | 'kind' | 'services'>;
  /** What is kept to write the mail later (JSON). */
  payload: string;
}

/**
 * Takes entries handed over by notify: each one not seen before is stored with one
 * pending delivery per confirmed subscriber who follows it, in one transaction, so a
 * crash leaves either all of an entry's deliveries or none. An entry seen before is
 * skipped (a repeated hand-off sends nothing twice). Returns how many deliveries were added.
 */
export async function addEntries(
  db: Db,
  entries: HandedEntry[],
  notices: boolean,
  now: Date,
): Promise<{ entries: number; deliveries: number }> {
  let added = 0;
  let deliveries = 0;
  for (const e of entries) {
    const n = await db.transaction().execute(async (tx) => {
      const last = await tx
        .selectFrom('entries')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirst();
      // Seen before, or taken by a hand-off of the same entry at the same moment: nothing is inserted, nothing more is done.
      const inserted = await tx
        .insertInto('entries')
        .values({ id: e.id, entry_key: e.entry.key, payload: e.payload, received_at: now.toISOString(), seq: Number(last?.seq ?? 0) + 1 })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return -1;
      const subscribers = await tx.selectFrom('subscribers').select(['id', 'services']).where('state', '=', 'confirmed').execute();
      const rows = subscribers
        .filter((s) => follows(readServices(s.services), e.entry, notices))
        .map((s) => ({ subscriber_id: s.id, entry_id: e.id, state: 'pending' as const, attempts: 0, updated_at: now.toISOString() }));
      for (let i = 0; i < rows.length; i += 500)
        await tx
          .insertInto('deliveries')
          .values(rows.slice(i, i + 500))
          .execute();
      return rows.length;
    });
    if (n >= 0) {
      added++;
      deliveries += n;
    }
  }
  return { entries: added, deliveries };
}

export interface DueDelivery {
  subscriberId: string;
  entryId: string;
  address: string;
  language: string;
  payload: string;
  attempts: number;
}

/** The next pending deliveries to confirmed subscribers, entry by entry in the order they came, at most `limit`. */
export async function dueDeliveries(db: Db, limit: number): Promise<DueDelivery[]> {
  const rows = await db
    .selectFrom('deliveries')
    .innerJoin('subscribers', 'subscribers.id', 'deliveries.subscriber_id')
    .innerJoin('entries', 'entries.id', 'deliveries.entry_id')
    .select([
      'deliveries.subscriber_id',
      'deliveries.entry_id',
      'deliveries.attempts',
      'subscribers.address',
      'subscribers.language',
      'entries.payload',
    ])
    .where('deliveries.state', '=', 'pending')
    .where('subscribers.state', '=', 'confirmed')
    .orderBy('entries.seq')
    .orderBy('deliveries.subscriber_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    subscriberId: r.subscriber_id,
    entryId: r.entry_id,
    address: r.address,
    language: r.language,
    payload: r.payload,
    attempts: Number(r.attempts),
  }));
}

/** Moves a delivery from `from` to `to` (counting an attempt when it starts sending); whether it was in `from`. */
export async function moveDelivery(
  db: Db,
  d: Pick<DueDelivery, 'subscriberId' | 'entryId'>,
  from: DeliveryState,
  to: DeliveryState,
  now: Date,
): Promise<boolean> {
  const r = await db
    .updateTable('deliveries')
    .set((eb) => ({ state: to, updated_at: now.toISOString(), ...(to === 'sending' ? { attempts: eb('attempts', '+', 1) } : {}) }))
    .where('subscriber_id', '=', d.subscriberId)
    .where('entry_id', '=', d.entryId)
    .where('state', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * At start: deliveries left `sending` by a service that was killed mid-send. Whether the
 * relay took the message is unknown; they are marked `unknown` and not sent again, so no
 * one gets a mail twice. Returns how many.
 */
export async function settleInterrupted(db: Db, now: Date): Promise<number> {
  const r = await db
    .updateTable('deliveries')
    .set({ state: 'unknown', updated_at: now.toISOString() })
    .where('state', '=', 'sending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** A permanent SMTP failure: the subscriber is bounced, and nothing more is sent to them. */
export async function markBounced(db: Db, d: Pick<DueDelivery, 'subscriberId' | 'entryId'>, reason: string, now: Date): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('subscribers')
      .set({ state: 'bounced', bounced_reason: reason.slice(0, 500) })
      .where('id', '=', d.subscriberId)
      .execute();
    await tx
      .updateTable('deliveries')
      .set({ state: 'bounced', updated_at: now.toISOString() })
      .where('subscriber_id', '=', d.subscriberId)
      .where('state', 'in', ['pending', 'sending'])
      .execute();
  });
}

/** How many deliveries are in each state (for the log and the tests). */
export async function deliveryCounts(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('deliveries')
    .select(['state', (eb) => eb.fn.countAll().as('n')])
    .groupBy('state')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

/** Every subscriber, oldest first (for `statusmark subscribers`). */
export function allSubscribers(db: Db): Promise<Subscriber[]> {
  return db.selectFrom('subscribers').selectAll().orderBy('created_at').orderBy('id').execute();
}
