import { describe, expect, it } from 'vitest';
import { at, incident, maintenance, service } from '../../dev/test-helpers.ts';
import { zhCN } from '../languages/catalogs/zh-CN.ts';
import { fr } from '../languages/catalogs/fr.ts';
import { de } from '../languages/catalogs/de.ts';
import { CATALOGS } from '../languages/catalogs/index.ts';
import { en } from '../languages/catalogs/en.ts';
import { lastDays } from '../languages/time.ts';
import {
  dayUptime,
  describeDay,
  formatUptime,
  intervalsByDay,
  nextDay,
  serviceDays,
  serviceIntervals,
  STRIP_DAYS,
  totalUptime,
  uptimeDocument,
  uptimeSummary,
} from './uptime.ts';

const utc = { timeZone: 'UTC', locale: 'en-GB' };
const london = { timeZone: 'Europe/London', locale: 'en-GB' };
const MIN = 60_000;
const later = new Date('2030-01-01T00:00:00Z');

const figures = (
  id: string,
  incidents: Parameters<typeof serviceIntervals>[1],
  maint: Parameters<typeof serviceIntervals>[2],
  days: string[],
  zone = utc,
  now = later,
  start?: Date,
) => serviceDays(service(id, start ? { start } : {}), serviceIntervals(id, incidents, maint, now), days, zone, now);

describe('one outage', () => {
  it('counts a major outage as fully down and a partial one as 30 %', () => {
    const [major] = figures('api', [incident('a', '2025-01-10T10:00Z', { api: 'major_outage' }, '2025-01-10T11:00Z')], [], ['2025-01-10']);
    expect(major!.time.major_outage).toBe(60 * MIN);
    expect(major!.uptime).toBeCloseTo(1 - 60 / 1440, 10); // 95.83 %
    expect(formatUptime(major!.uptime, 'en-GB', en)).toBe('95.83%');
    const [partial] = figures(
      'api',
      [incident('a', '2025-01-10T10:00Z', { api: 'partial_outage' }, '2025-01-10T11:00Z')],
      [],
      ['2025-01-10'],
    );
    expect(partial!.down).toBe(18 * MIN); // 30 % of 60 minutes
    expect(formatUptime(partial!.uptime, 'en-GB', en)).toBe('98.75%'); // 1 - 18/1440
  });
  it('counts degraded performance as up', () => {
    const [d] = figures(
      'api',
      [incident('a', '2025-01-10T10:00Z', { api: 'degraded_performance' }, '2025-01-10T11:00Z')],
      [],
      ['2025-01-10'],
    );
    expect(d).toMatchObject({ uptime: 1, worst: 'degraded_performance', incidents: ['a'] });
  });
});

describe('an outage across midnight', () => {
  it('splits at local midnight', () => {
    const days = figures(
      'api',
      [incident('a', '2025-01-10T23:00Z', { api: 'major_outage' }, '2025-01-11T01:30Z')],
      [],
      ['2025-01-10', '2025-01-11'],
    );
    expect(days.map((d) => d.time.major_outage / MIN)).toEqual([60, 90]);
    expect(days.map((d) => formatUptime(d.uptime, 'en-GB', en))).toEqual(['95.83%', '93.75%']);
  });
});

describe('across a DST change', () => {
  it('measures the 23-hour and 25-hour days of Europe/London', () => {
    const [spring, autumn] = figures('api', [], [], ['2025-03-30', '2025-10-26'], london);
    expect(spring!.measured).toBe(23 * 60 * MIN);
    expect(autumn!.measured).toBe(25 * 60 * MIN);
  });
  it('puts an outage on the right local days', () => {
    // 23:30 GMT on 29 March to 02:30 BST (01:30 UTC) on 30 March: 30 min, then 90 min.
    const days = figures(
      'api',
      [incident('a', '2025-03-29T23:30Z', { api: 'major_outage' }, '2025-03-30T01:30Z')],
      [],
      ['2025-03-29', '2025-03-30'],
      london,
    );
    expect(days.map((d) => d.time.major_outage / MIN)).toEqual([30, 90]);
    expect(days[1]!.uptime).toBeCloseTo(1 - 90 / (23 * 60), 10);
  });
});

describe('overlapping incidents', () => {
  it('count once, at the worst status', () => {
    const [d] = figures(
      'api',
      [
        incident('a', '2025-01-10T10:00Z', { api: 'partial_outage' }, '2025-01-10T12:00Z'),
        incident('b', '2025-01-10T11:00Z', { api: 'major_outage' }, '2025-01-10T11:30Z'),
      ],
      [],
      ['2025-01-10'],
    );
    expect(d!.time).toEqual({ degraded_performance: 0, partial_outage: 90 * MIN, major_outage: 30 * MIN, under_maintenance: 0 });
    expect(d!.down).toBe(30 * MIN + 27 * MIN);
    expect(d!.incidents.sort()).toEqual(['a', 'b']);
  });
});

describe('an ongoing incident', () => {
  it('counts up to now, and today only up to now', () => {
    const now = new Date('2025-01-10T12:00:00Z');
    const [d] = figures('api', [incident('a', '2025-01-10T10:00Z', { api: 'major_outage' })], [], ['2025-01-10'], utc, now);
    expect(d!.time.major_outage).toBe(120 * MIN);
    expect(d!.measured).toBe(12 * 60 * MIN);
    expect(formatUptime(d!.uptime, 'en-GB', en)).toBe('83.33%');
  });
});

describe('maintenance', () => {
  it('is left out of the measured time', () => {
    const [d] = figures('api', [], [maintenance('m', '2025-01-10T02:00Z', '2025-01-10T04:00Z', ['api'])], ['2025-01-10']);
    expect(d).toMatchObject({ worst: 'under_maintenance', measured: 22 * 60 * MIN, uptime: 1, maintenance: ['m'] });
  });
  it('never hides an outage that overlaps it', () => {
    const [d] = figures(
      'api',
      [incident('a', '2025-01-10T03:00Z', { api: 'major_outage' }, '2025-01-10T05:00Z')],
      [maintenance('m', '2025-01-10T02:00Z', '2025-01-10T04:00Z', ['api'])],
      ['2025-01-10'],
    );
    expect(d!.time.major_outage).toBe(120 * MIN);
    expect(d!.time.under_maintenance).toBe(60 * MIN);
    expect(d!.measured).toBe(23 * 60 * MIN);
    expect(formatUptime(d!.uptime, 'en-GB', en)).toBe('91.30%'); // 1 - 120/1380
    expect(d!.worst).toBe('major_outage');
  });
  it('ends at a completed update', () => {
    const m = maintenance('m', '2025-01-10T02:00Z', '2025-01-10T04:00Z', ['api']);
    m.updates.push({ ...m.updates[0]!, state: 'completed', at: new Date('2025-01-10T02:30Z') });
    const [d] = figures('api', [], [m], ['2025-01-10']);
    expect(d!.time.under_maintenance).toBe(30 * MIN);
  });
});

describe('a service added recently', () => {
  it('has no data before its start and counts from it', () => {
    const start = new Date('2025-01-10T12:00:00Z');
    const days = figures(
      'api',
      [incident('a', '2025-01-10T18:00Z', { api: 'major_outage' }, '2025-01-10T19:00Z')],
      [],
      ['2025-01-09', '2025-01-10'],
      utc,
      later,
      start,
    );
    expect(days[0]).toMatchObject({ uptime: null, worst: 'no_data' });
    expect(days[1]!.measured).toBe(12 * 60 * MIN);
    expect(formatUptime(days[1]!.uptime, 'en-GB', en)).toBe('91.66%'); // 1 - 60/720, floored
    expect(formatUptime(totalUptime(days), 'en-GB', en)).toBe('91.66%');
  });
});

describe('a strip for a service that started 5½ days ago', () => {
  // Started 20 Jan (UTC); now 25 Jan 12:00; a 3-hour major outage on 22 Jan.
  const now = at('2025-01-25T12:00Z');
  const api = service('api', { start: at('2025-01-20T00:00Z') });
  const outage = incident('a', '2025-01-22T00:00Z', { api: 'major_outage' }, '2025-01-22T03:00Z');
  const figures90 = () =>
    uptimeSummary(
      api,
      serviceIntervals('api', [outage], [], now),
      now,
      utc,
      lastDays(now, STRIP_DAYS, utc),
      (d) => d,
      (d) => `history/${d}`,
      (d) => d,
      en,
    );

  it('shows the 84 days before the start as no data, never operational', () => {
    const { summary } = figures90();
    expect(summary.bars).toHaveLength(90);
    // 28 Oct 2024 to 19 Jan 2025: 4 + 30 + 31 + 19 = 84 days.
    expect(summary.bars.slice(0, 84).every((b) => b.worst === 'no_data' && b.label === `${b.day}: no data`)).toBe(true);
    expect(summary.bars[0]!.day).toBe('2024-10-28');
    expect(summary.bars.slice(84).map((b) => b.worst)).toEqual([
      'operational',
      'operational',
      'major_outage',
      'operational',
      'operational',
      'operational',
    ]);
  });

  it('counts uptime over the days since the start only', () => {
    const { summary } = figures90();
    // Measured: 5 whole days and 12 hours = 132 h; down 3 h.
    expect(summary.total90).toBeCloseTo(1 - 3 / 132, 12);
    expect(summary.total30).toBeCloseTo(1 - 3 / 132, 12);
    expect(formatUptime(summary.total90, 'en-GB', en)).toBe('97.72%');
  });

  it('gives uptime.json the same figures, with no uptime for the days before the start', () => {
    const f = figures90();
    const doc = uptimeDocument([api], new Map([['api', f]]), now, 'UTC');
    const [entry] = doc.services;
    expect(entry!.uptime_90d).toBeCloseTo(1 - 3 / 132, 12);
    expect(entry!.days).toHaveLength(90);
    const before = entry!.days.find((d) => d.date === '2025-01-19')!;
    expect(before).toMatchObject({ uptime: null, measured_minutes: 0, minutes: { operational: 0 } });
    expect(entry!.days.find((d) => d.date === '2025-01-22')).toMatchObject({
      measured_minutes: 1440,
      minutes: { major_outage: 180, operational: 1260 },
    });
  });

  it('has no percentage at all before its first day', () => {
    const early = uptimeSummary(
      service('api', { start: at('2025-02-01T00:00Z') }),
      [],
      now,
      utc,
      lastDays(now, STRIP_DAYS, utc),
      (d) => d,
      (d) => d,
      (d) => d,
      en,
    ).summary;
    expect(early.bars.every((b) => b.worst === 'no_data')).toBe(true);
    expect([early.total30, early.total90]).toEqual([null, null]);
    expect(formatUptime(early.total90, 'en-GB', en)).toBe('no data');
    expect(formatUptime(early.total90, 'de', de)).toBe('keine Daten');
  });
});

describe('helpers', () => {
  it('steps days and indexes intervals by the days they touch', () => {
    expect(nextDay('2024-02-28')).toBe('2024-02-29');
    const byDay = intervalsByDay(
      serviceIntervals('api', [incident('a', '2025-01-10T20:00Z', { api: 'major_outage' }, '2025-01-12T01:00Z')], [], later),
      utc,
    );
    expect([...byDay.keys()]).toEqual(['2025-01-10', '2025-01-11', '2025-01-12']);
  });
  it('formats uptime with two decimals, never 100.00% after down time', () => {
    expect(formatUptime(1, 'en-GB', en)).toBe('100.00%');
    expect(formatUptime(0.99999, 'en-GB', en)).toBe('99.99%');
    expect(formatUptime(0.995, 'en-GB', en)).toBe('99.50%');
    expect(formatUptime(null, 'en-GB', en)).toBe('no data');
  });
  it('describes a day for its bar', () => {
    const d = dayUptime(
      '2025-01-27',
      serviceIntervals(
        'registration',
        [incident('x', '2025-01-27T08:00Z', { registration: 'partial_outage' }, '2025-01-27T10:10Z')],
        [],
        later,
      ),
      utc,
      later,
    );
    // 39 of 1440 minutes down: 97.29 %, for 2 h 10 min of partial outage.
    const length = new Intl.DurationFormat('en-GB', { style: 'short' }).format({ hours: 2, minutes: 10 });
    const share = new Intl.NumberFormat('en-GB', { style: 'percent', minimumFractionDigits: 2 }).format(0.9729);
    expect(describeDay(d, '27 Jan 2025', true, 'en-GB', en)).toBe(`27 Jan 2025: partial outage, ${length}; ${share} uptime; 1 incident`);
  });
  it('describes a day in the page language, with its punctuation', () => {
    const d = dayUptime(
      '2025-01-27',
      serviceIntervals(
        'registration',
        [incident('x', '2025-01-27T08:00Z', { registration: 'partial_outage' }, '2025-01-27T10:10Z')],
        [],
        later,
      ),
      utc,
      later,
    );
    const length = (lang: string) => new Intl.DurationFormat(lang, { style: 'short' }).format({ hours: 2, minutes: 10 });
    const share = new Intl.NumberFormat('zh-CN', { style: 'percent', minimumFractionDigits: 2 }).format(0.9729);
    expect(describeDay(d, '2025年1月27日', true, 'zh-CN', zhCN)).toBe(
      `2025年1月27日：部分中断 ${length('zh-CN')}；可用率 ${share}；1 起事件`,
    );
    expect(describeDay(d, '27 janv. 2025', false, 'fr', fr)).toBe(
      `27 janv. 2025\u00a0: Panne partielle, ${length('fr')}\u00a0; 1 incident`,
    );
    expect(formatUptime(null, 'zh-CN', zhCN)).toBe('无数据');
  });
  it.each(Object.keys(CATALOGS))('writes uptime as a %s percentage, as Intl.NumberFormat does', (lang) => {
    const intl = new Intl.NumberFormat(lang, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const t = CATALOGS[lang]!;
    // Hand-worked: cut (never rounded up) to two decimals of a percent.
    for (const [uptime, shown] of [
      [1, 1],
      [0.99999, 0.9999],
      [0.995, 0.995],
      [0.9729166, 0.9729],
      [0, 0],
      [0.309009, 0.309],
    ] as const) {
      expect(formatUptime(uptime, lang, t)).toBe(intl.format(shown));
    }
    expect(formatUptime(null, lang, t)).toBe(t.ui.uptime.noData);
  });
  it('writes German percentages as German does, with a comma and a space', () => {
    expect(formatUptime(0.9941, 'de', CATALOGS.de!)).toBe(
      new Intl.NumberFormat('de', { style: 'percent', minimumFractionDigits: 2 }).format(0.9941),
    );
    expect(formatUptime(0.9941, 'de', CATALOGS.de!)).toMatch(/^99,41\s%$/u);
  });
});

describe('uptimeCalendar', () => {
  it('covers the whole record in months, newest first, weeks from Monday', async () => {
    const { uptimeCalendar } = await import('./uptime.ts');
    const now = new Date('2025-03-05T12:00:00Z');
    const months = uptimeCalendar(
      service('api', { start: new Date('2025-01-15T00:00:00Z') }),
      serviceIntervals('api', [incident('a', '2025-02-03T00:00Z', { api: 'major_outage' }, '2025-02-03T12:00Z')], [], now),
      now,
      utc,
    );
    expect(months.map((m) => [m.month, m.lead, m.days.length])).toEqual([
      ['2025-03', 5, 5], // 1 March 2025 is a Saturday
      ['2025-02', 5, 28],
      ['2025-01', 2, 31], // 1 January 2025 is a Wednesday
    ]);
    expect(months[2]!.days[13]!.uptime).toBeNull(); // 14 January, before the start
    expect(formatUptime(months[1]!.uptime, 'en-GB', en)).toBe('98.21%'); // 12 h down of 28 days
  });
});

describe('uptime across a status change inside one incident', () => {
  it('counts each stretch at the status it had (hand-worked minutes)', () => {
    // api: major outage 10:00–10:40 (40 min, fully down), partial outage 10:40–12:00 (80 min, 30 % down).
    const moved = incident(
      'x',
      '2025-01-01T10:00Z',
      { api: 'major_outage' },
      '2025-01-01T12:00Z',
      ['2025-01-01T10:05Z', '2025-01-01T10:40Z', '2025-01-01T12:00Z'],
      {
        changes: [{ update: 1, services: { api: 'partial_outage' } }],
      },
    );
    const intervals = serviceIntervals('api', [moved], [], at('2025-01-02T00:00Z'));
    const day = dayUptime('2025-01-01', intervals, { timeZone: 'UTC', locale: 'en-GB' }, at('2025-01-02T00:00Z'));
    expect(day.time.major_outage / 60_000).toBe(40);
    expect(day.time.partial_outage / 60_000).toBe(80);
    // Down: 40 + 0.3 × 80 = 64 minutes of 1,440.
    expect(day.down / 60_000).toBeCloseTo(64, 9);
    expect(day.uptime).toBeCloseTo(1 - 64 / 1440, 12);
  });
});
