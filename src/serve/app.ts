/**
 * The companion service's HTTP side: one Hono app composed of sub-apps, each built from
 * the same parts (configuration, log, content, lifecycle). /healthz answers for the whole.
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Content } from '../lib/content/model.ts';
import { alertsApp } from './alerts/index.ts';
import type { ServeConfig } from './config.ts';
import type { Db } from './db/database.ts';
import type { Lifecycle } from './lifecycle.ts';
import type { Log } from './log.ts';
import type { Mailer } from './mailer.ts';
import { subscriptionsApp } from './subscriptions/app.ts';
import type { Sender } from './subscriptions/sender.ts';

/** A check /healthz runs: resolves when the part it checks works, rejects with the reason. */
export type HealthCheck = () => Promise<void>;

/** What every sub-app is built from. */
export interface ServeParts {
  config: ServeConfig;
  log: Log;
  lifecycle: Lifecycle;
  /** The site's content, loaded at start with the build's loader. */
  content: Content;
  /** What /healthz checks, by name (the database, …). */
  checks: Record<string, HealthCheck>;
  /** The database (SQLite or PostgreSQL), migrated. */
  db: Db;
  /** Present when a relay is configured: what the subscription routes send with. */
  subscriptions?: {
    db: Db;
    mailer: Mailer;
    sender: Sender;
    /** The service's public URL, for the links in mails. */
    publicUrl: string;
  };
}

/** A sub-app: built from the parts by its own folder of src/serve/, its routes under their full paths. */
export type SubApp = (parts: ServeParts) => Hono;

/** The service's sub-apps, mounted in this order; each adds itself with one line here. */
const SUB_APPS: SubApp[] = [subscriptionsApp, alertsApp];

export function createApp(parts: ServeParts): Hono {
  const app = new Hono();
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // The path only: query strings carry tokens.
    parts.log.info('request', {
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  });
  app.get('/healthz', async (c) => {
    const results = await Promise.all(
      Object.entries(parts.checks).map(async ([name, check]) => {
        try {
          await check();
          return [name, 'ok'] as const;
        } catch (error) {
          parts.log.warn('health', { part: name, reason: (error as Error).message });
          return [name, 'failing'] as const;
        }
      }),
    );
    const ok = results.every(([, state]) => state === 'ok') && !parts.lifecycle.stopping;
    c.header('Cache-Control', 'no-store');
    return c.json(
      { status: ok ? 'ok' : parts.lifecycle.stopping ? 'stopping' : 'failing', checks: Object.fromEntries(results) },
      ok ? 200 : 503,
    );
  });
  for (const sub of SUB_APPS) app.route('/', sub(parts));
  app.notFound((c) => c.text('Not found\n', 404));
  app.onError((error, c) => {
    // A refusal a middleware raised (a wrong bearer token: 401) is its own answer.
    if (error instanceof HTTPException) return error.getResponse();
    parts.log.error('internal', { path: new URL(c.req.url).pathname, reason: error.message });
    return c.text('Internal error\n', 500);
  });
  return app;
}
