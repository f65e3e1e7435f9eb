/**
 * Starting and stopping the companion service. `startService` loads the site's content
 * with the build's loader, opens what the parts need, and listens; `stop()` (which SIGTERM
 * and SIGINT call) stops accepting connections, lets the work in flight end (the message
 * being sent), closes everything and resolves, so the process ends with exit code 0.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { loadContent } from '../lib/content/load.ts';
import { formatReport } from '../lib/content/problems.ts';
import { createApp, type ServeParts } from './app.ts';
import { ConfigError, type ServeConfig } from './config.ts';
import { openDatabase, ping } from './db/database.ts';
import { Lifecycle } from './lifecycle.ts';
import type { Log } from './log.ts';
import { createMailer } from './mailer.ts';
import { Sender } from './subscriptions/sender.ts';
import { purge, settleInterrupted } from './subscriptions/store.ts';

export interface RunningService {
  /** The port it listens on (the one chosen by the system when PORT is 0). */
  port: number;
  /** Resolves once the service has stopped (by `stop()` or a signal). */
  stopped: Promise<void>;
  stop(reason: string): Promise<void>;
}

/** The content could not be loaded: its problem report, as `statusmark validate` prints it. */
export class ContentError extends Error {}

export async function startService(config: ServeConfig, log: Log, { signals = true } = {}): Promise<RunningService> {
  const loaded = loadContent(config.contentDir);
  if (!loaded.content) throw new ContentError(formatReport(loaded.problems));
  const content = loaded.content;
  // The links in mails point at the service's public address: the environment's, else site.yaml's subscriptions.url.
  const publicUrl = (config.publicUrl ?? content.site.subscriptions?.url)?.replace(/\/+$/, '');
  if (config.mail && !publicUrl)
    throw new ConfigError([
      "STATUSMARK_PUBLIC_URL: not set, and site.yaml names no subscriptions.url: the links in mails need the service's public address",
    ]);
  const lifecycle = new Lifecycle();
  const closers: (() => Promise<void>)[] = [];
  const db = await openDatabase(config.database);
  closers.push(() => db.destroy());
  const parts: ServeParts = { config, log, lifecycle, content, checks: { database: () => ping(db) }, db };
  let sender: Sender | undefined;
  if (config.mail && publicUrl) {
    const mailer = createMailer(config.mail, () => lifecycle.stopping);
    closers.push(async () => mailer.close());
    sender = new Sender({ db, mailer, log, lifecycle, secret: config.secret, publicUrl });
    parts.subscriptions = { db, mailer, sender, publicUrl };
    const unknown = await settleInterrupted(db, new Date());
    if (unknown)
      log.warn('interrupted', {
        deliveries: unknown,
        reason: 'the service stopped while sending these; whether the relay took them is unknown, so they are not sent again',
      });
  }
  const app = createApp(parts);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => resolve(s));
    s.once('error', reject);
  }).catch(async (error) => {
    for (const close of closers.reverse()) await close();
    throw error;
  });
  const port = (server.address() as AddressInfo).port;
  log.info('listening', { host: config.host, port, database: config.database.kind, subscriptions: Boolean(parts.subscriptions) });
  // What the policy keeps no longer (store.ts purge) goes at start and every hour.
  const tidy = () =>
    void lifecycle.track(
      purge(db, new Date()).then(
        (n) => (n.unconfirmed || n.entries || n.deliveries || n.rateLimits) && log.info('purged', { ...n }),
        (error: Error) => log.error('purge', { reason: error.message }),
      ),
    );
  tidy();
  const tidying = setInterval(tidy, 60 * 60_000);
  tidying.unref();
  sender?.wake();

  let stopping: Promise<void> | undefined;
  let done!: () => void;
  const stopped = new Promise<void>((resolve) => {
    done = resolve;
  });
  const onSignal = (signal: NodeJS.Signals) => void stop(signal);
  const stop = (reason: string) => {
    stopping ??= (async () => {
      log.info('stopping', { reason });
      clearInterval(tidying);
      sender?.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if ('closeIdleConnections' in server) server.closeIdleConnections();
      await lifecycle.drain();
      await closed;
      for (const close of closers.reverse()) await close();
      if (signals) for (const signal of ['SIGTERM', 'SIGINT'] as const) process.off(signal, onSignal);
      log.info('stopped', { reason });
      done();
    })();
    return stopping;
  };
  if (signals) for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, onSignal);
  return { port, stopped, stop };
}
