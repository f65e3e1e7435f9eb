/** Who may post alerts: the bearer token, or an HMAC-SHA256 of the exact body (ours, or Grafana's header). */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authenticated, readAlertsSettings } from '../../src/serve/alerts/index.ts';

const token = 't'.repeat(40);
const hmacSecret = 'k'.repeat(40);
const body = Buffer.from('{"group":"g","status":"firing","alerts":[]}');
const mac = (data: string | Buffer) => createHmac('sha256', hmacSecret).update(data).digest('hex');
const headers = (h: Record<string, string>) => new Headers(h);

const now = new Date('2026-12-06T02:00:00Z');
const at = (secondsFromNow: number) => String(now.getTime() / 1000 + secondsFromNow);
const NONE = 'not authenticated: give Authorization: Bearer <token> or a signature of the body';

describe('authenticated', () => {
  it('takes the bearer token, and nothing close to it', () => {
    expect(authenticated(headers({ authorization: `Bearer ${token}` }), body, { token }, 'generic', now)).toBe(true);
    expect(authenticated(headers({ authorization: `Bearer ${token}x` }), body, { token }, 'generic', now)).toBe(NONE);
    expect(authenticated(headers({ authorization: token }), body, { token }, 'generic', now)).toBe(NONE);
    expect(authenticated(headers({}), body, { token }, 'generic', now)).toBe(NONE);
  });

  it('takes X-Statusmark-Signature over the timestamp and the exact body, for five minutes', () => {
    const ours = (t: string, b: Buffer | string = body) => ({
      'x-statusmark-timestamp': t,
      'x-statusmark-signature': `sha256=${mac(`${t}.${b}`)}`,
    });
    expect(authenticated(headers(ours(at(0))), body, { hmacSecret }, 'alertmanager', now)).toBe(true);
    expect(authenticated(headers(ours(at(-299))), body, { hmacSecret }, 'generic', now)).toBe(true);
    expect(authenticated(headers(ours(at(20))), body, { hmacSecret }, 'generic', now)).toBe(true);
    // A captured request replayed six minutes later, or dated far ahead.
    expect(authenticated(headers(ours(at(-360))), body, { hmacSecret }, 'generic', now)).toBe(
      'not authenticated: the signature is 360 s old; at most 300 s is taken',
    );
    expect(authenticated(headers(ours(at(120))), body, { hmacSecret }, 'generic', now)).toBe(
      "not authenticated: the signature's timestamp is 120 s ahead of the service's clock",
    );
    // Another body, another time than the one signed, no time at all, or the body's HMAC alone (the old form).
    expect(authenticated(headers(ours(at(0))), Buffer.from(`${body} `), { hmacSecret }, 'generic', now)).toBe(
      'not authenticated: the signature does not match',
    );
    expect(authenticated(headers({ ...ours(at(0)), 'x-statusmark-timestamp': at(-1) }), body, { hmacSecret }, 'generic', now)).toBe(
      'not authenticated: the signature does not match',
    );
    expect(authenticated(headers({ 'x-statusmark-signature': `sha256=${mac(body)}` }), body, { hmacSecret }, 'generic', now)).toBe(
      'not authenticated: a signature needs its time in x-statusmark-timestamp',
    );
    // A signature is no use without the secret configured.
    expect(authenticated(headers(ours(at(0))), body, { token }, 'generic', now)).toBe(NONE);
  });

  it("takes Grafana's signature with its timestamp only on its endpoint, for five minutes", () => {
    const grafana = (t: string) => ({ 'x-grafana-alerting-timestamp': t, 'x-grafana-alerting-signature': mac(`${t}:${body}`) });
    expect(authenticated(headers(grafana(at(-10))), body, { hmacSecret }, 'grafana', now)).toBe(true);
    expect(authenticated(headers(grafana(at(-10))), body, { hmacSecret }, 'generic', now)).toBe(NONE);
    expect(authenticated(headers(grafana(at(-301))), body, { hmacSecret }, 'grafana', now)).toBe(
      'not authenticated: the signature is 301 s old; at most 300 s is taken',
    );
    expect(authenticated(headers({ 'x-grafana-alerting-signature': mac(body) }), body, { hmacSecret }, 'grafana', now)).toBe(
      'not authenticated: a signature needs its time in x-grafana-alerting-timestamp',
    );
  });
});

describe('readAlertsSettings', () => {
  it('is off without a remote, and names every problem of a bad configuration', () => {
    expect(readAlertsSettings({}, '/srv')).toEqual({ problems: [] });
    expect(
      readAlertsSettings(
        { STATUSMARK_ALERTS_REMOTE: '/srv/page.git', STATUSMARK_ALERTS_TOKEN: 'short', STATUSMARK_ALERTS_BRANCH: 'alert/x' },
        '/srv',
      ).problems,
    ).toEqual([
      'STATUSMARK_ALERTS_TOKEN: only 5 characters; give at least 32 random characters',
      'STATUSMARK_ALERTS_BRANCH: "alert/x" is an alert branch; name the default branch (main)',
    ]);
    const ok = readAlertsSettings(
      { STATUSMARK_ALERTS_REMOTE: '/srv/page.git', STATUSMARK_ALERTS_HMAC_SECRET: hmacSecret, STATUSMARK_ALERTS_GIT_TOKEN: 'ghp_x' },
      '/srv',
    );
    expect(ok.problems).toEqual([]);
    expect(ok.settings).toMatchObject({
      remote: '/srv/page.git',
      workdir: '/srv/.statusmark/alerts',
      contentPath: 'content',
      token: 'ghp_x',
      senders: { hmacSecret },
    });
  });
});
