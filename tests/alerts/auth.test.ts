/** Who may post alerts: the bearer token, or an HMAC-SHA256 of the exact body (ours, or Grafana's header). */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authenticated, readAlertsSettings } from '../../src/serve/alerts/index.ts';

const token = 't'.repeat(40);
const hmacSecret = 'k'.repeat(40);
const body = Buffer.from('{"group":"g","status":"firing","alerts":[]}');
const mac = (data: string | Buffer) => createHmac('sha256', hmacSecret).update(data).digest('hex');
const headers = (h: Record<string, string>) => new Headers(h);

describe('authenticated', () => {
  it('takes the bearer token, and nothing close to it', () => {
    expect(authenticated(headers({ authorization: `Bearer ${token}` }), body, { token }, 'generic')).toBe(true);
    expect(authenticated(headers({ authorization: `Bearer ${token}x` }), body, { token }, 'generic')).toBe(false);
    expect(authenticated(headers({ authorization: token }), body, { token }, 'generic')).toBe(false);
    expect(authenticated(headers({}), body, { token }, 'generic')).toBe(false);
  });

  it("takes X-Statusmark-Signature over the exact body, and Grafana's header only on its endpoint", () => {
    expect(authenticated(headers({ 'x-statusmark-signature': `sha256=${mac(body)}` }), body, { hmacSecret }, 'alertmanager')).toBe(true);
    expect(
      authenticated(headers({ 'x-statusmark-signature': `sha256=${mac(body)}` }), Buffer.from(`${body} `), { hmacSecret }, 'alertmanager'),
    ).toBe(false);
    expect(authenticated(headers({ 'x-grafana-alerting-signature': mac(body) }), body, { hmacSecret }, 'grafana')).toBe(true);
    expect(authenticated(headers({ 'x-grafana-alerting-signature': mac(body) }), body, { hmacSecret }, 'generic')).toBe(false);
    // A signature is no use without the secret configured.
    expect(authenticated(headers({ 'x-statusmark-signature': `sha256=${mac(body)}` }), body, { token }, 'generic')).toBe(false);
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
