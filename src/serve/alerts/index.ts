/**
 * The alert intake: three endpoints, one per sender, each turning a notification into a draft
 * incident on the branch `alert/<group>` of the page's repository (see intake.ts).
 *
 *   POST /alerts/alertmanager   Prometheus Alertmanager's webhook_configs
 *   POST /alerts/grafana        Grafana's webhook contact point
 *   POST /alerts/generic        the generic JSON shape (src/lib/alerts/payloads.ts)
 *
 * Each request must carry `Authorization: Bearer <STATUSMARK_ALERTS_TOKEN>` or an HMAC-SHA256
 * with STATUSMARK_ALERTS_HMAC_SECRET of its time and body (`X-Statusmark-Timestamp` and
 * `X-Statusmark-Signature: sha256=<hex>`, or for Grafana its own `X-Grafana-Alerting-Signature`
 * and `X-Grafana-Alerting-Timestamp`), no older than five minutes (see `authenticated`).
 * Replies are JSON; an alert that maps to no service is 422 with the reason, nothing written.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { resolve } from 'node:path';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { readNotification, SOURCES, type Source } from '../../lib/alerts/payloads.ts';
import type { ServeParts } from '../app.ts';
import type { Log } from '../log.ts';
import { GitError, GitTimeout, isSshRemote } from './git.ts';
import { Intake, type IntakeSettings } from './intake.ts';

/** The longest body taken: Alertmanager sends at most a few hundred alerts a group. */
const MAX_BODY = 1024 * 1024;

/** Who may send: the bearer token and the HMAC key senders prove they know. */
export interface Senders {
  token?: string;
  hmacSecret?: string;
}

export interface AlertsSettings extends IntakeSettings {
  senders: Senders;
}

/** What `statusmark serve --help` can say about the intake's environment. */
export const ALERTS_ENVIRONMENT_HELP = `Alert intake (POST /alerts/alertmanager, /alerts/grafana, /alerts/generic)
  STATUSMARK_ALERTS_REMOTE      the page's git repository to push alert/<group> branches to; unset: no intake
  STATUSMARK_ALERTS_TOKEN       the bearer token senders must give (at least 32 characters), and/or
  STATUSMARK_ALERTS_HMAC_SECRET the key of the HMAC-SHA256 of "TIMESTAMP.BODY" (X-Statusmark-Timestamp, X-Statusmark-Signature: sha256=<hex>)
  STATUSMARK_ALERTS_GIT_TOKEN   an HTTPS token for the remote, or
  STATUSMARK_ALERTS_SSH_KEY     a deploy key (the private key's text) for an ssh remote
  STATUSMARK_ALERTS_KNOWN_HOSTS the ssh remote's host key line(s) (known_hosts format); required with an ssh remote
  STATUSMARK_ALERTS_BRANCH      the default branch drafts start from (default: the remote's HEAD)
  STATUSMARK_ALERTS_CONTENT     the content folder inside the repository (default content)
  STATUSMARK_ALERTS_WORKDIR     where the intake keeps its clone (default .statusmark/alerts)`;

/** The intake's settings from the environment; undefined when it is not configured; every problem named. */
export function readAlertsSettings(
  env: Record<string, string | undefined>,
  cwd: string,
): { settings?: AlertsSettings; problems: string[] } {
  const remote = env.STATUSMARK_ALERTS_REMOTE;
  if (!remote) return { problems: [] };
  const problems: string[] = [];
  const token = env.STATUSMARK_ALERTS_TOKEN || undefined;
  const hmacSecret = env.STATUSMARK_ALERTS_HMAC_SECRET || undefined;
  if (!token && !hmacSecret)
    problems.push('STATUSMARK_ALERTS_TOKEN or STATUSMARK_ALERTS_HMAC_SECRET: neither is set; the intake takes no unauthenticated alerts');
  for (const [name, value] of [
    ['STATUSMARK_ALERTS_TOKEN', token],
    ['STATUSMARK_ALERTS_HMAC_SECRET', hmacSecret],
  ] as const)
    if (value !== undefined && value.length < 32)
      problems.push(`${name}: only ${value.length} characters; give at least 32 random characters`);
  const knownHosts = env.STATUSMARK_ALERTS_KNOWN_HOSTS?.trim() || undefined;
  if (isSshRemote(remote) && !knownHosts)
    problems.push(
      "STATUSMARK_ALERTS_KNOWN_HOSTS: not set, and STATUSMARK_ALERTS_REMOTE is an ssh remote; give the host key line(s) of the remote (ssh-keyscan HOST prints them; check them against the host's published keys)",
    );
  const base = env.STATUSMARK_ALERTS_BRANCH || undefined;
  if (base?.startsWith('alert/')) problems.push(`STATUSMARK_ALERTS_BRANCH: "${base}" is an alert branch; name the default branch (main)`);
  return {
    problems,
    settings: {
      remote,
      ...(base ? { base } : {}),
      workdir: resolve(cwd, env.STATUSMARK_ALERTS_WORKDIR || '.statusmark/alerts'),
      contentPath: env.STATUSMARK_ALERTS_CONTENT || 'content',
      ...(env.STATUSMARK_ALERTS_GIT_TOKEN ? { token: env.STATUSMARK_ALERTS_GIT_TOKEN } : {}),
      ...(env.STATUSMARK_ALERTS_SSH_KEY ? { sshKey: env.STATUSMARK_ALERTS_SSH_KEY } : {}),
      ...(knownHosts ? { knownHosts } : {}),
      author: { name: 'Statusmark alert intake', email: 'alerts@statusmark.invalid' },
      senders: { ...(token ? { token } : {}), ...(hmacSecret ? { hmacSecret } : {}) },
    },
  };
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** How old a signed request may be: a captured one cannot be replayed after this. */
export const SIGNATURE_MAX_AGE_MS = 5 * 60_000;

/** How far ahead of our clock a signed request's timestamp may be (the sender's clock a little fast). */
export const SIGNATURE_MAX_SKEW_MS = 30_000;

/** Why a signature's timestamp (Unix seconds) is not acceptable at `now`, or undefined when it is. */
function staleness(timestamp: string, now: Date): string | undefined {
  if (!/^\d{1,12}$/.test(timestamp)) return `the timestamp "${timestamp.slice(0, 20)}" is not Unix seconds`;
  const age = now.getTime() - Number(timestamp) * 1000;
  if (age > SIGNATURE_MAX_AGE_MS)
    return `the signature is ${Math.round(age / 1000)} s old; at most ${SIGNATURE_MAX_AGE_MS / 1000} s is taken`;
  if (-age > SIGNATURE_MAX_SKEW_MS) return `the signature's timestamp is ${Math.round(-age / 1000)} s ahead of the service's clock`;
  return undefined;
}

/**
 * Whether the request proves it knows a secret: true, or why not. The bearer token; or the
 * HMAC-SHA256 of `TIMESTAMP.BODY` in `X-Statusmark-Signature: sha256=<hex>` with the Unix time
 * in `X-Statusmark-Timestamp`; or, on the Grafana endpoint, Grafana's HMAC of `TIMESTAMP:BODY`
 * with its timestamp header. A signature older than SIGNATURE_MAX_AGE_MS is refused, so a
 * captured request cannot be replayed later.
 */
export function authenticated(headers: Headers, body: Buffer, s: Senders, source: Source, now: Date): true | string {
  const auth = headers.get('authorization') ?? '';
  if (s.token && /^Bearer\s+/i.test(auth) && same(auth.replace(/^Bearer\s+/i, ''), s.token)) return true;
  const none = 'not authenticated: give Authorization: Bearer <token> or a signature of the body';
  if (!s.hmacSecret) return none;
  const mac = (prefix: string) =>
    createHmac('sha256', s.hmacSecret as string)
      .update(prefix)
      .update(body)
      .digest('hex');
  const signed = (signature: string, header: string, separator: string): true | string => {
    const timestamp = headers.get(header);
    if (!timestamp) return `not authenticated: a signature needs its time in ${header}`;
    if (!same(signature, mac(`${timestamp}${separator}`))) return 'not authenticated: the signature does not match';
    const stale = staleness(timestamp, now);
    return stale ? `not authenticated: ${stale}` : true;
  };
  const ours = headers.get('x-statusmark-signature');
  if (ours) return signed(ours.replace(/^sha256=/, ''), 'x-statusmark-timestamp', '.');
  const grafana = headers.get('x-grafana-alerting-signature');
  if (source === 'grafana' && grafana) return signed(grafana, 'x-grafana-alerting-timestamp', ':');
  return none;
}

/** The intake's routes; with no STATUSMARK_ALERTS_REMOTE they answer 503 and say what to set. */
export function alertsApp(
  parts: Pick<ServeParts, 'log' | 'lifecycle'>,
  env: Record<string, string | undefined> = process.env,
  cwd = process.cwd(),
  now: () => Date = () => new Date(),
  options: { gitTimeoutMs?: number } = {},
): Hono {
  const app = new Hono();
  const read = readAlertsSettings(env, cwd);
  if (read.problems.length) throw new Error(`the alert intake cannot start:\n${read.problems.join('\n')}`);
  const settings = read.settings && options.gitTimeoutMs ? { ...read.settings, timeoutMs: options.gitTimeoutMs } : read.settings;
  const intake = settings ? new Intake(settings, parts.log) : undefined;
  const tooLarge = { error: `the body is over ${MAX_BODY} bytes` };
  // The limit is counted while the body streams in (chunked bodies have no Content-Length),
  // before anything is buffered whole or checked for credentials.
  const limit = bodyLimit({
    maxSize: MAX_BODY,
    onError: (c) => {
      logRefusal(parts.log, c.req.param('source') ?? '?', 'body too large');
      return c.json(tooLarge, 413);
    },
  });
  app.post('/alerts/:source', limit, async (c) => {
    const source = c.req.param('source') as Source;
    if (!(SOURCES as readonly string[]).includes(source))
      return c.json({ error: `no such intake; use one of ${SOURCES.map((s) => `/alerts/${s}`).join(', ')}` }, 404);
    if (!intake || !settings)
      return c.json({ error: 'the alert intake is not configured: set STATUSMARK_ALERTS_REMOTE and STATUSMARK_ALERTS_TOKEN' }, 503);
    if (parts.lifecycle.stopping) return c.json({ error: 'stopping' }, 503);
    const body = Buffer.from(await c.req.arrayBuffer());
    const auth = authenticated(c.req.raw.headers, body, settings.senders, source, now());
    if (auth !== true) {
      logRefusal(parts.log, source, auth);
      return c.json({ error: auth }, 401);
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return c.json({ error: 'the body is not JSON' }, 400);
    }
    const n = readNotification(source, json, now());
    if (!n.ok) {
      logRefusal(parts.log, source, n.errors.slice(0, 3).join('; '));
      return c.json({ error: `not a ${source} notification`, problems: n.errors }, 400);
    }
    try {
      const outcome = await parts.lifecycle.track(intake.handle(n.value, now));
      const { status, ...reply } = outcome;
      return c.json(reply, status);
    } catch (error) {
      const reason = (error as Error).message;
      parts.log.error('alert-failed', { source, reason });
      // The page's repository stalled (503: try again later) or refused (502); anything else is ours (500).
      if (error instanceof GitTimeout) return c.json({ error: `the page's repository did not answer: ${reason}` }, 503);
      if (error instanceof GitError) return c.json({ error: `the page's repository refused: ${reason}` }, 502);
      return c.json({ error: reason }, 500);
    }
  });
  return app;
}

function logRefusal(log: Log, source: string, reason: string): void {
  log.warn('alert-refused', { source, reason });
}
