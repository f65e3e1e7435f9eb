/**
 * The service's SMTP relay (nodemailer, one pooled connection). Credentials go only over
 * TLS: smtps:// speaks TLS from the start; smtp:// must offer STARTTLS when it is given
 * credentials or is not on this machine (the rule notify's e-mail channel follows).
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

/** A mail the relay did not take: `permanent` for a 5xx reply (the address is bounced), else worth another try later. */
export class SendError extends Error {
  readonly permanent: boolean;
  constructor(message: string, permanent: boolean) {
    super(message);
    this.permanent = permanent;
  }
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export function createMailer(config: MailConfig): Mailer {
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
  return {
    async send(mail) {
      try {
        await transport.sendMail({ from: config.from, ...mail });
      } catch (error) {
        const e = error as Error & { responseCode?: number; code?: string };
        if (e.code === 'ETLS' || /STARTTLS/i.test(e.message))
          throw new SendError(
            `SMTP: ${url.hostname} offers no STARTTLS; credentials and mail go only over TLS (use smtps:// if it speaks TLS from the start)`,
            false,
          );
        const code = e.responseCode;
        throw new SendError(`SMTP: ${code ?? e.code ?? ''} ${e.message}`.replace(/\s+/g, ' ').trim(), code !== undefined && code >= 500);
      }
    },
    close: () => transport.close(),
  };
}
