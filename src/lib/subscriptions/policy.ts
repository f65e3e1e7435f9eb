/**
 * The rules of e-mail subscriptions, without I/O: how long things last, what a sign-up
 * does to an address in each state, the rate-limit windows, who follows an update, and
 * the tokens of links (random ones stored only as keyed hashes; keyed ones derived from
 * the subscriber, never stored). `now` is always a parameter.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Site } from '../content/model.ts';
import type { RecordEntry } from '../notify/record.ts';

/** At most one confirmation mail per address in this time. */
export const CONFIRM_MAIL_INTERVAL_MS = 60 * 60_000;
/** An unconfirmed sign-up is deleted after this. */
export const PENDING_LIFETIME_MS = 7 * 24 * 60 * 60_000;
/** A confirmation link works once, for this long. */
export const CONFIRM_TOKEN_LIFETIME_MS = 48 * 60 * 60_000;

export interface RateLimit {
  max: number;
  windowMs: number;
}

/** Sign-ups from one client (its address, hashed) and for one e-mail address, per window. */
export const RATE_LIMITS = {
  client: { max: 10, windowMs: 10 * 60_000 },
  address: { max: 3, windowMs: 60 * 60_000 },
} as const satisfies Record<string, RateLimit>;

export type SubscriberState = 'pending' | 'confirmed' | 'bounced';

/**
 * What a sign-up does to an address:
 * - `create`: unknown address: a pending subscriber, and a confirmation mail;
 * - `remail`: pending or bounced, and no confirmation mail in the last hour: the new choice
 *   is kept and a new confirmation mail goes out;
 * - `nothing`: confirmed (the subscription is changed from the manage link, not by anyone
 *   who knows the address), or a confirmation mail went out less than an hour ago.
 * The visitor is answered the same in every case.
 */
export function signUpAction(
  existing: { state: SubscriberState; confirmMailedAt: string | null } | undefined,
  now: Date,
): 'create' | 'remail' | 'nothing' {
  if (!existing) return 'create';
  if (existing.state === 'confirmed') return 'nothing';
  if (existing.confirmMailedAt && now.getTime() - Date.parse(existing.confirmMailedAt) < CONFIRM_MAIL_INTERVAL_MS) return 'nothing';
  return 'remail';
}

/**
 * A fixed-window counter, as the database applies it in one statement (store.ts takeRate):
 * a stored window that started at or before `expiredAtOrBefore`, or after `startedAfter` (a
 * clock set back by more than a window), is over, and counting starts again at 1 in a window
 * starting `start`; else the count goes up by one. A window that started a moment after
 * `now` is the same window: concurrent requests take their `now` a few milliseconds apart and
 * reach the database in any order, and the later one must not start the count again. One
 * more is allowed while the count is at most `limit.max`.
 */
export function rateWindow(limit: RateLimit, now: Date): { start: string; expiredAtOrBefore: string; startedAfter: string } {
  return {
    start: now.toISOString(),
    expiredAtOrBefore: new Date(now.getTime() - limit.windowMs).toISOString(),
    startedAfter: new Date(now.getTime() + limit.windowMs).toISOString(),
  };
}

/** Whether the count of a window (this request included) is within `limit`. */
export function withinLimit(count: number, limit: RateLimit): boolean {
  return count <= limit.max;
}

/**
 * How long an update handed over is kept with its delivery records: 90 days after it came.
 * Long enough that a repeated hand-off of it (a re-run notify) still finds it and sends
 * nothing twice; after that both are deleted by the hourly tidy.
 */
export const ENTRY_RETENTION_MS = 90 * 24 * 60 * 60_000;

/** The cut-off before which an update handed over (and its delivery records) is deleted. */
export function entryCutoff(now: Date): string {
  return new Date(now.getTime() - ENTRY_RETENTION_MS).toISOString();
}

/** The cut-off at or before which a rate-limit window of every limit is over (the longest window ago). */
export function rateLimitCutoff(now: Date): string {
  const longest = Math.max(...Object.values(RATE_LIMITS).map((l) => l.windowMs));
  return new Date(now.getTime() - longest).toISOString();
}

/** The cut-off before which an unconfirmed sign-up is deleted. */
export function pendingCutoff(now: Date): string {
  return new Date(now.getTime() - PENDING_LIFETIME_MS).toISOString();
}

/**
 * Whether a subscriber following `services` (null: every service) gets `entry`: an incident
 * or maintenance when it names a service they follow; a notice (which names no service)
 * when the site sends notices to subscribers (`notices`), or when it names one they follow.
 */
export function follows(services: readonly string[] | null, entry: Pick<RecordEntry, 'kind' | 'services'>, notices: boolean): boolean {
  if (entry.kind === 'notice' && entry.services.length === 0) return notices;
  if (services === null) return true;
  return entry.services.some((s) => services.includes(s.id));
}

/** Whether the site mails notices to every subscriber: site.yaml's `subscriptions.notices`, `all` unless it says `none`. */
export function noticesToAll(site: Pick<Site, 'subscriptions'>): boolean {
  return site.subscriptions?.notices !== 'none';
}

/** A stored token: HMAC-SHA-256 of the token under the service's secret, hex. */
export function tokenHash(secret: string, token: string): string {
  return createHmac('sha256', secret).update(`token\0${token}`).digest('hex');
}

export type LinkPurpose = 'manage' | 'unsubscribe';

/**
 * The token of a subscriber's manage or unsubscribe link: keyed with the secret, derived
 * from the subscriber's id, so every mail can carry it without storing one per mail. It
 * stops working when the subscriber is deleted (unsubscribing deletes).
 */
export function linkToken(secret: string, purpose: LinkPurpose, subscriberId: string): string {
  return createHmac('sha256', secret).update(`${purpose}\0${subscriberId}`).digest('base64url');
}

/** Whether `token` is the link token of `purpose` for `subscriberId` (compared in constant time). */
export function checkLinkToken(secret: string, purpose: LinkPurpose, subscriberId: string, token: string): boolean {
  const expected = Buffer.from(linkToken(secret, purpose, subscriberId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The services a subscriber follows, as stored (JSON list; null for all), read back. */
export function readServices(stored: string | null): string[] | null {
  if (stored === null) return null;
  const list = JSON.parse(stored) as unknown;
  if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) throw new Error(`not a list of service ids: ${stored}`);
  return list;
}

/**
 * The services chosen in a form (each `service` field), checked against the site's: none
 * chosen, or every one chosen, is every service (null, which follows services added later).
 * An id the site does not have is refused.
 */
export function chooseServices(
  chosen: readonly string[],
  siteServices: readonly string[],
): { ok: true; services: string[] | null } | { ok: false; unknown: string[] } {
  const unknown = chosen.filter((s) => !siteServices.includes(s));
  if (unknown.length) return { ok: false, unknown };
  const set = new Set(chosen);
  if (set.size === 0 || siteServices.every((s) => set.has(s))) return { ok: true, services: null };
  return { ok: true, services: siteServices.filter((s) => set.has(s)) };
}
