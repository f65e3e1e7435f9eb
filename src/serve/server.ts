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
import type { ServeConfig } from './config.ts';
import { Lifecycle } from './lifecycle.ts';
import type { Log } from './log.ts';

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
  const lifecycle = new Lifecycle();
  const closers: (() => Promise<void>)[] = [];
  const parts: ServeParts = { config, log, lifecycle, content: loaded.content, checks: {} };
  const app = createApp(parts);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  log.info('listening', { host: config.host, port, database: config.database.kind, subscriptions: Boolean(config.mail) });

  let stopping: Promise<void> | undefined;
  let done!: () => void;
  const stopped = new Promise<void>((resolve) => {
    done = resolve;
  });
  const onSignal = (signal: NodeJS.Signals) => void stop(signal);
  const stop = (reason: string) => {
    stopping ??= (async () => {
      log.info('stopping', { reason });
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
