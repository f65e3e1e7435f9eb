import { describe, expect, it } from 'vitest';
import { eventDays, listedDays } from './event-days.ts';
import { mergeHistory, monthDays } from './history.ts';
import { paths } from '../outputs/paths.ts';
import { lastDays } from '../languages/time.ts';
import { at, incident, maintenance, service } from '../../dev/test-helpers.ts';
import { serviceIntervals, uptimeSummary, type UptimeSummary } from './uptime.ts';
import { en } from '../languages/catalogs/en.ts';

const strip = (bars: [string, string?][]): UptimeSummary => ({
  bars: bars.map(([day, path]) => ({
    day,
    worst: path ? 'partial_outage' : 'operational',
    label: day,
    short: day,
    ...(path ? { path } : {}),
  })),
  total30: null,
  total90: null,
});

describe('eventDays', () => {
  it('lists each day with an event once, oldest first, across strips', () => {
    const api = strip([['2025-01-26', 'history/2025-01/#day-2025-01-26'], ['2025-01-27']]);
    const web = strip([
      ['2024-12-31', 'history/2024-12/#day-2024-12-31'],
      ['2025-01-26', 'history/2025-01/#day-2025-01-26'],
    ]);
    expect(eventDays(api, web)).toEqual([
      { day: '2024-12-31', path: 'history/2024-12/#day-2024-12-31' },
      { day: '2025-01-26', path: 'history/2025-01/#day-2025-01-26' },
    ]);
    expect(eventDays(strip([['2025-01-27']]))).toEqual([]);
    expect(eventDays()).toEqual([]);
  });
});

const tokyo = { timeZone: 'Asia/Tokyo', locale: 'ja' };

describe('listedDays', () => {
  it('gives the first day, then each day the item was open, updated ones marked, in the zone', () => {
    // Tokyo is UTC+9: began 26 Jan 23:00 local, updated 28 Jan 10:00 local, resolved 28 Jan 12:00 local.
    const attack = incident('attack', '2025-01-26T14:00Z', { api: 'major_outage' }, '2025-01-28T03:00Z', [
      '2025-01-26T14:00Z',
      '2025-01-28T01:00Z',
      '2025-01-28T03:00Z',
    ]);
    const [entry] = mergeHistory([attack], []);
    expect([...listedDays(entry!, at('2025-02-01T00:00Z'), tokyo)]).toEqual([
      ['2025-01-26', 'started'],
      ['2025-01-27', 'ongoing'],
      ['2025-01-28', 'updated'],
    ]);
    // Still open at now: listed up to today.
    const open = incident('open', '2025-01-26T14:00Z', { api: 'major_outage' });
    expect([...listedDays(mergeHistory([open], [])[0]!, at('2025-01-27T16:00Z'), tokyo).keys()]).toEqual([
      '2025-01-26',
      '2025-01-27',
      '2025-01-28',
    ]);
  });
});

describe('every day an uptime bar links is a day its month page lists', () => {
  it('across midnight and into the next month, for incidents and maintenance', () => {
    const now = at('2025-02-03T05:00Z');
    const incidents = [
      incident('attack', '2025-01-30T20:00Z', { api: 'major_outage' }, '2025-02-01T02:00Z', ['2025-01-30T20:00Z', '2025-02-01T02:00Z']),
    ];
    const windows = [maintenance('upgrade', '2025-02-02T13:00Z', '2025-02-02T17:00Z', ['api'])];
    const bars = uptimeSummary(
      service('api'),
      serviceIntervals('api', incidents, windows, now),
      now,
      tokyo,
      lastDays(now, 90, tokyo),
      (d) => d,
      paths.day,
      (d) => d,
      en,
    ).summary.bars;
    const linked = bars.filter((b) => b.path).map((b) => b.path!);
    // Worked by hand in Tokyo time: the attack ran 31 Jan 05:00 to 1 Feb 11:00, the upgrade 2 Feb 22:00 to 3 Feb 02:00.
    expect(linked).toEqual([
      'history/2025-01/#day-2025-01-31',
      'history/2025-02/#day-2025-02-01',
      'history/2025-02/#day-2025-02-02',
      'history/2025-02/#day-2025-02-03',
    ]);
    const listed = new Set(
      monthDays(mergeHistory(incidents, windows), now, tokyo).flatMap((m) => m.days.map((d) => `history/${m.month}/#day-${d.day}`)),
    );
    for (const path of linked) expect(listed).toContain(path);
  });
});
