/**
 * The service's SMTP relay (nodemailer, one pooled connection). Credentials go only over
 * TLS: smtps:// speaks TLS from the start; smtp:// must offer STARTTLS when it is given
 * credentials or is not on this machine (the rule notify's e-mail channel follows).
 * Every mail the service sends (confirmations, updates, goodbyes) goes through one mailer,
 * which keeps them all to the relay's rate (STATUSMARK_MAIL_RATE).
 */
import nodemailer from 'nodemailer';
import { isLoopback } from '../lib/notify/send.ts';
import type { MailConfig } from './config.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
}

/**
 * A mail the relay did not take. `recipientRefused`: the relay refused the recipient at RCPT TO
 * with a 5xx reply (nodemailer's EENVELOPE naming the rejected recipients), the one failure that
 * says the address is bad (it is bounced). Any other failure, a 5xx on login (535), MAIL FROM or
 * DATA (554) included, is the service's or the relay's fault and is worth another try later.
 */
export class SendError extends Error {
  readonly recipientRefused: boolean;
  constructor(message: string, recipientRefused: boolean) {
    super(message);
    this.recipientRefused = recipientRefused;
  }
}

export interface Mailer {
  /**
   * Sends `mail` in its turn: it takes the next free slot of the rate (see `slots`) and waits
   * for it. `ready`, when given, runs once the slot has come, just before the relay is spoken
   * to; when it resolves false the mail is not sent (the slot passes unused). Resolves true
   * once the relay took the mail, false when `ready` said no or the service had begun to stop
   * by then (createMailer's `stopping`); rejects with a SendError.
   */
  send(mail: OutgoingMail, ready?: () => Promise<boolean>): Promise<boolean>;
  /**
   * Takes a turn as a mail does, then resolves true when the relay answers (connects, greets,
   * takes the login); rejects as `send` does. A sign-up that mails nothing asks this, so that it
   * is answered in about the time one that mails would be, however busy the relay's rate is.
   * Resolves false, without asking the relay, when the service had begun to stop by its turn.
   */
  check(): Promise<boolean>;
  close(): void;
}

/**
 * The start times of mails at most `perSecond` a second: each call reserves the next slot,
 * no earlier than the previous slot plus 1/perSecond and never in the past (the first is at
 * once), and returns how many milliseconds from `now` it is. `now` is a performance.now() reading.
 */
export function slots(perSecond: number): (now: number) => number {
  const gap = 1000 / perSecond;
  let next = Number.NEGATIVE_INFINITY;
  return (now) => {
    const slot = Math.max(now, next);
    next = slot + gap;
    return slot - now;
  };
}

/**
 * @param stopping whether the service has begun to stop: a turn that comes after that starts
 * nothing (`send` and `check` resolve false), so a stop waits for the mail in flight only.
 */
export function createMailer(config: MailConfig, stopping: () => boolean = () => false): Mailer {
  const reserve = slots(config.perSecond);
  /** Waits for the next free slot; false when the service no longer wants what it was for. */
  const turn = async (ready?: () => Promise<boolean>) => {
    const wait = reserve(performance.now());
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    return !stopping() && (!ready || (await ready()));
  };
  const url = new URL(config.url);
  const secure = url.protocol === 'smtps:';
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  const requireTLS = !secure && (Boolean(user) || !isLoopback(url.hostname));
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: 1,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port || (secure ? 465 : 587)),
    secure,
    requireTLS,
    ...(user ? { auth: { user, pass } } : {}),
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  const failure = (error: unknown, to?: string): SendError => {
    const e = error as Error & { responseCode?: number; code?: string; command?: string; rejected?: string[] };
    if (e.code === 'ETLS' || /STARTTLS/i.test(e.message))
      return new SendError(
        `SMTP: ${url.hostname} offers no STARTTLS; credentials and mail go only over TLS (use smtps:// if it speaks TLS from the start)`,
        false,
      );
    const code = e.responseCode;
    const refused =
      to !== undefined &&
      e.code === 'EENVELOPE' &&
      e.command === 'RCPT TO' &&
      code !== undefined &&
      code >= 500 &&
      (e.rejected ?? []).some((r) => r.toLowerCase() === to.toLowerCase());
    const stage = e.command ? ` (${e.command})` : '';
    return new SendError(`SMTP: ${code ?? e.code ?? ''}${stage} ${e.message}`.replace(/\s+/g, ' ').trim(), refused);
  };
  return {
    async send(mail, ready) {
      if (!(await turn(ready))) return false;
      try {
        await transport.sendMail({ from: config.from, ...mail });
      } catch (error) {
        throw failure(error, mail.to);
      }
      return true;
    },
    async check() {
      if (!(await turn())) return false;
      try {
        await transport.verify();
      } catch (error) {
        throw failure(error);
      }
      return true;
    },
    close: () => transport.close(),
  };
}
