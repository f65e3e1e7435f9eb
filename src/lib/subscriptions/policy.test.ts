import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CONFIRM_MAIL_INTERVAL_MS,
  checkLinkToken,
  chooseServices,
  follows,
  linkToken,
  noticesToAll,
  pendingCutoff,
  rateWindow,
  readServices,
  signUpAction,
  tokenHash,
  withinLimit,
} from './policy.ts';

const now = new Date('2026-03-01T12:00:00.000Z');

describe('signUpAction', () => {
  it('creates an unknown address, never changes a confirmed one, re-mails a pending one only after an hour', () => {
    expect(signUpAction(undefined, now)).toBe('create');
    expect(signUpAction({ state: 'confirmed', confirmMailedAt: '2026-01-01T00:00:00.000Z' }, now)).toBe('nothing');
    expect(signUpAction({ state: 'pending', confirmMailedAt: '2026-03-01T11:00:00.001Z' }, now)).toBe('nothing');
    expect(signUpAction({ state: 'pending', confirmMailedAt: '2026-03-01T11:00:00.000Z' }, now)).toBe('remail');
    expect(signUpAction({ state: 'bounced', confirmMailedAt: null }, now)).toBe('remail');
    expect(CONFIRM_MAIL_INTERVAL_MS).toBe(3_600_000);
  });
});

describe('rateWindow and withinLimit', () => {
  const limit = { max: 2, windowMs: 60_000 };
  it('starts a window now; one that started a whole window ago or more, or more than a window ahead, is over; max per window', () => {
    expect(rateWindow(limit, now)).toEqual({
      start: '2026-03-01T12:00:00.000Z',
      expiredAtOrBefore: '2026-03-01T11:59:00.000Z',
      startedAfter: '2026-03-01T12:01:00.000Z',
    });
    expect([1, 2, 3].map((n) => withinLimit(n, limit))).toEqual([true, true, false]);
  });
});

describe('noticesToAll', () => {
  it("follows site.yaml's subscriptions.notices: all unless it says none", () => {
    const url = 'https://status-mail.example.com';
    expect(noticesToAll({})).toBe(true);
    expect(noticesToAll({ subscriptions: { url } })).toBe(true);
    expect(noticesToAll({ subscriptions: { url, notices: 'all' } })).toBe(true);
    expect(noticesToAll({ subscriptions: { url, notices: 'none' } })).toBe(false);
  });
});

describe('follows', () => {
  const entry = (kind: 'incident' | 'maintenance' | 'notice', ids: string[]) => ({
    kind,
    services: ids.map((id) => ({ id, name: id, status: 'major_outage' as const })),
  });
  it('sends an update only to followers of a service it names; notices as the site chooses', () => {
    expect(follows(['api'], entry('incident', ['api', 'web']), true)).toBe(true);
    expect(follows(['login'], entry('incident', ['api']), true)).toBe(false);
    expect(follows(null, entry('maintenance', ['api']), false)).toBe(true);
    expect(follows(['login'], entry('maintenance', ['api']), true)).toBe(false);
    expect(follows(['login'], entry('notice', []), true)).toBe(true);
    expect(follows(null, entry('notice', []), false)).toBe(false);
  });
});

describe('tokens', () => {
  it('stores a keyed hash, never the token', () => {
    expect(tokenHash('s', 'abc')).toBe(createHmac('sha256', 's').update('token\0abc').digest('hex'));
    expect(tokenHash('s', 'abc')).not.toContain('abc');
  });
  it('checks link tokens by purpose and subscriber', () => {
    const t = linkToken('secret', 'manage', 'sub1');
    expect(checkLinkToken('secret', 'manage', 'sub1', t)).toBe(true);
    expect(checkLinkToken('secret', 'unsubscribe', 'sub1', t)).toBe(false);
    expect(checkLinkToken('secret', 'manage', 'sub2', t)).toBe(false);
    expect(checkLinkToken('other', 'manage', 'sub1', t)).toBe(false);
    expect(checkLinkToken('secret', 'manage', 'sub1', `${t}x`)).toBe(false);
  });
});

describe('services', () => {
  it('reads none or all as every service, and refuses unknown ids', () => {
    expect(chooseServices([], ['a', 'b'])).toEqual({ ok: true, services: null });
    expect(chooseServices(['b', 'a'], ['a', 'b'])).toEqual({ ok: true, services: null });
    expect(chooseServices(['b'], ['a', 'b'])).toEqual({ ok: true, services: ['b'] });
    expect(chooseServices(['b', 'zz'], ['a', 'b'])).toEqual({ ok: false, unknown: ['zz'] });
    expect(readServices(null)).toBeNull();
    expect(readServices('["a"]')).toEqual(['a']);
    expect(() => readServices('{"a":1}')).toThrow('not a list of service ids');
    expect(pendingCutoff(now)).toBe('2026-02-22T12:00:00.000Z');
  });
});
