import { describe, expect, it } from 'vitest';
import { nextChangeAt, OPEN_INCIDENT_REFRESH_MS } from './next-change.ts';
import { at, content, incident, maintenance, notice } from '../../dev/test-helpers.ts';
import type { Maintenance } from '../content/model.ts';

const utc = { timeZone: 'UTC', locale: 'en-GB' };
const shanghai = { timeZone: 'Asia/Shanghai', locale: 'en-GB' };
const berlin = { timeZone: 'Europe/Berlin', locale: 'en-GB' };
const now = at('2025-01-27T10:30:00Z');
const iso = (d: Date) => d.toISOString();

describe('nextChangeAt', () => {
  it('is the next midnight in the site zone when nothing else is due', () => {
    expect(iso(nextChangeAt(content({}), now, utc))).toBe('2025-01-28T00:00:00.000Z');
    // 18:30 in Shanghai (+08:00): its midnight is 16:00 UTC.
    expect(iso(nextChangeAt(content({}), now, shanghai))).toBe('2025-01-27T16:00:00.000Z');
  });

  it('knows a day in a DST zone can be 23 hours long', () => {
    // Berlin moves to +02:00 in the night of 30 March 2025.
    expect(iso(nextChangeAt(content({}), at('2025-03-29T12:00:00Z'), berlin))).toBe('2025-03-29T23:00:00.000Z');
    expect(iso(nextChangeAt(content({}), at('2025-03-30T12:00:00Z'), berlin))).toBe('2025-03-30T22:00:00.000Z');
  });

  it('is the opening of a maintenance window, then its closing', () => {
    const window = maintenance('db', '2025-01-27T14:00:00Z', '2025-01-27T16:00:00Z', ['api'], ['2025-01-26T09:00:00Z']);
    expect(iso(nextChangeAt(content({ maintenance: [window] }), now, utc))).toBe('2025-01-27T14:00:00.000Z');
    expect(iso(nextChangeAt(content({ maintenance: [window] }), at('2025-01-27T14:30:00Z'), utc))).toBe('2025-01-27T16:00:00.000Z');
    expect(iso(nextChangeAt(content({ maintenance: [window] }), at('2025-01-27T16:00:00Z'), utc))).toBe('2025-01-28T00:00:00.000Z');
  });

  it('skips the end of a window that a completed update already closed', () => {
    const early: Maintenance = maintenance('db', '2025-01-27T09:00:00Z', '2025-01-27T16:00:00Z', ['api'], ['2025-01-26T09:00:00Z']);
    early.updates.push({ state: 'completed', at: at('2025-01-27T10:00:00Z'), message: 'done', html: '<p>done</p>', id: 'u9', line: 9 });
    expect(iso(nextChangeAt(content({ maintenance: [early] }), now, utc))).toBe('2025-01-28T00:00:00.000Z');
  });

  it('is when a notice starts, then when it expires', () => {
    const pinned = notice('phones', '2025-01-27T12:00:00Z', '2025-01-27T12:00:00Z', '2025-01-27T13:00:00Z');
    expect(iso(nextChangeAt(content({ notices: [pinned] }), now, utc))).toBe('2025-01-27T12:00:00.000Z');
    expect(iso(nextChangeAt(content({ notices: [pinned] }), at('2025-01-27T12:30:00Z'), utc))).toBe('2025-01-27T13:00:00.000Z');
  });

  it('is when an update dated later becomes posted', () => {
    const later = incident('later', '2025-01-27T12:00:00Z', { api: 'major_outage' });
    expect(iso(nextChangeAt(content({ incidents: [later] }), now, utc))).toBe('2025-01-27T12:00:00.000Z');
  });

  it('comes within the refresh interval while an incident is open', () => {
    const open = incident('open', '2025-01-27T09:00:00Z', { api: 'major_outage' });
    expect(OPEN_INCIDENT_REFRESH_MS).toBe(30 * 60_000);
    expect(iso(nextChangeAt(content({ incidents: [open] }), now, utc))).toBe('2025-01-27T11:00:00.000Z');
    const closed = incident('closed', '2025-01-27T09:00:00Z', { api: 'major_outage' }, '2025-01-27T10:00:00Z', [
      '2025-01-27T09:00:00Z',
      '2025-01-27T10:00:00Z',
    ]);
    expect(iso(nextChangeAt(content({ incidents: [closed] }), now, utc))).toBe('2025-01-28T00:00:00.000Z');
  });

  it('is when a finished window leaves the 90-day calendar', () => {
    // 29 October 12:00 + 90 days = 27 January 12:00.
    const old = maintenance('old', '2024-10-29T10:00:00Z', '2024-10-29T12:00:00Z', ['api'], ['2024-10-20T00:00:00Z']);
    expect(iso(nextChangeAt(content({ maintenance: [old] }), now, utc))).toBe('2025-01-27T12:00:00.001Z');
  });
});
