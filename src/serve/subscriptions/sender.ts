/**
 * Sends the pending deliveries, one at a time, each in its turn of the mailer's rate (which
 * confirmations and goodbyes share). Each is moved to `sending` once its turn has come, just
 * before the relay is spoken to, and to `sent` once it took the mail, so a
 * service killed at any point and started again sends the rest and nothing twice (what
 * was `sending` at the kill is settled as `unknown` at start, see store.ts). Only a refusal
 * of the recipient (a 5xx reply to RCPT TO) bounces the address; any other failure (a 5xx to
 * the login, MAIL FROM or DATA is the service's or the relay's fault, not the address's) puts
 * the delivery back (failed after MAX_ATTEMPTS), stops this round with a log line and retries later.
 * On stop, the mail being sent is finished and no other is started.
 */
import { RECORD_VERSION, type Announcement, type PublishedRecord, type RecordPage } from '../../lib/notify/record.ts';
import { updateMail } from '../../lib/subscriptions/mails.ts';
import { linkToken } from '../../lib/subscriptions/policy.ts';
import type { Db } from '../db/database.ts';
import type { Lifecycle } from '../lifecycle.ts';
import type { Log } from '../log.ts';
import { type Mailer, SendError } from '../mailer.ts';
import { type DueDelivery, dueDeliveries, markBounced, moveDelivery } from './store.ts';

/** What an entry handed over keeps to write its mails later. */
export interface EntryPayload {
  type: Announcement['type'];
  entry: Announcement['entry'];
  site: PublishedRecord['site'];
  page: RecordPage;
}

/** A delivery that failed for a reason worth another try is tried this many times in all. */
export const MAX_ATTEMPTS = 5;
/** The wait before trying again after a temporary failure, doubled each time. */
export const RETRY_MS = 30_000;

export interface SenderOptions {
  db: Db;
  mailer: Mailer;
  log: Log;
  lifecycle: Lifecycle;
  secret: string;
  /** The service's public URL, for the manage and unsubscribe links. */
  publicUrl: string;
}

/** A subscriber's manage and unsubscribe links. */
export function subscriberLinks(publicUrl: string, secret: string, subscriberId: string) {
  const q = (purpose: 'manage' | 'unsubscribe') => `?s=${encodeURIComponent(subscriberId)}&t=${linkToken(secret, purpose, subscriberId)}`;
  return { manage: `${publicUrl}/manage${q('manage')}`, unsubscribe: `${publicUrl}/unsubscribe${q('unsubscribe')}` };
}

export class Sender {
  readonly #o: SenderOptions;
  #running: Promise<void> | undefined;
  #again = false;
  #retry: NodeJS.Timeout | undefined;
  #failures = 0;

  constructor(options: SenderOptions) {
    this.#o = options;
  }

  /** Starts sending what is due, unless it is already at it (then it looks again when done). */
  wake(): void {
    if (this.#o.lifecycle.stopping) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#o.lifecycle.track(this.#loop()).finally(() => {
      this.#running = undefined;
      if (this.#again) {
        this.#again = false;
        this.wake();
      }
    });
  }

  /** Stops the retry timer (the loop itself stops by the lifecycle). */
  stop(): void {
    clearTimeout(this.#retry);
  }

  async #loop(): Promise<void> {
    const { db, log, lifecycle } = this.#o;
    try {
      for (;;) {
        if (lifecycle.stopping) return;
        const batch = await dueDeliveries(db, 200);
        if (!batch.length) return;
        for (const d of batch) {
          if (lifecycle.stopping) return;
          if (!(await this.#sendOne(d))) return;
        }
      }
    } catch (error) {
      log.error('delivery', { reason: (error as Error).message });
      this.#later();
    }
  }

  /** Sends one delivery; false when sending should pause (a temporary failure). */
  async #sendOne(d: DueDelivery): Promise<boolean> {
    const { db, mailer, log, secret, publicUrl } = this.#o;
    const links = subscriberLinks(publicUrl, secret, d.subscriberId);
    let message: ReturnType<typeof updateMail>;
    try {
      const payload = JSON.parse(d.payload) as EntryPayload;
      const record: PublishedRecord = { version: RECORD_VERSION, site: payload.site, page: payload.page, entries: [payload.entry] };
      message = updateMail({ type: payload.type, entry: payload.entry }, record, d.language, links);
    } catch (error) {
      // A mail that cannot be written will never be: it fails now, instead of staying first in line and holding up every other.
      await moveDelivery(db, d, 'pending', 'failed', new Date());
      log.error('send-failed', {
        who: log.who(d.address),
        entry: d.entryId,
        final: true,
        reason: `the mail cannot be written: ${(error as Error).message}`,
      });
      return true;
    }
    // Moved to `sending` only once its turn has come: a stop while it waits starts nothing (the mailer's rule), and a kill leaves it pending.
    const ready = () => moveDelivery(db, d, 'pending', 'sending', new Date());
    try {
      const sent = await mailer.send(
        {
          to: d.address,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId: message.messageId,
          ...(message.inReplyTo ? { inReplyTo: message.inReplyTo } : {}),
          ...(message.references ? { references: message.references } : {}),
          headers: { 'List-Unsubscribe': `<${links.unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        },
        ready,
      );
      if (!sent) return true;
    } catch (error) {
      // Not the relay's answer (the database failed in `ready`): the loop logs it and tries again later.
      if (!(error instanceof SendError)) throw error;
      if (error.recipientRefused) {
        await markBounced(db, d, error.message, new Date());
        log.warn('bounced', { who: log.who(d.address), entry: d.entryId, reply: error.message });
        return true;
      }
      const final = d.attempts + 1 >= MAX_ATTEMPTS;
      await moveDelivery(db, d, 'sending', final ? 'failed' : 'pending', new Date());
      log.warn('send-failed', { who: log.who(d.address), entry: d.entryId, attempt: d.attempts + 1, final, reason: error.message });
      this.#later();
      return false;
    }
    await moveDelivery(db, d, 'sending', 'sent', new Date());
    this.#failures = 0;
    log.info('sent', { who: log.who(d.address), entry: d.entryId });
    return true;
  }

  #later(): void {
    clearTimeout(this.#retry);
    if (this.#o.lifecycle.stopping) return;
    const wait = RETRY_MS * 2 ** Math.min(this.#failures++, 6);
    this.#retry = setTimeout(() => this.wake(), wait);
    this.#retry.unref();
  }
}
