import { describe, expect, it } from 'vitest';
import {
  dayKey,
  formatDateTime,
  formatDay,
  formatDayHeading,
  formatDuration,
  formatMonth,
  formatShortDay,
  lastDays,
  parseCalendarDate,
  parseInstant,
  parseWallClock,
  startOfDay,
  startOfNextDay,
  toOffsetIso,
} from './time.ts';
import { ja } from './catalogs/ja.ts';
import { zhCN } from './catalogs/zh-CN.ts';
import { de } from './catalogs/de.ts';

const shanghai = { timeZone: 'Asia/Shanghai', locale: 'en-GB' };
const london = { timeZone: 'Europe/London', locale: 'en-GB' };
const newYork = { timeZone: 'America/New_York', locale: 'en-US' };

describe('parseInstant', () => {
  it.each([
    ['2025-01-27T01:12:00+08:00', '2025-01-26T17:12:00.000Z'],
    ['2025-01-27 01:12 +08:00', '2025-01-26T17:12:00.000Z'],
    ['2025-01-27 01:12+0800', '2025-01-26T17:12:00.000Z'],
    ['2025-01-27T01:12Z', '2025-01-27T01:12:00.000Z'],
    ['2025-01-27 01:12 UTC', '2025-01-27T01:12:00.000Z'],
    ['2025-01-27T01:12:30.250-05:00', '2025-01-27T06:12:30.250Z'],
    ['2025-01-27 9:05 +08', '2025-01-27T01:05:00.000Z'],
  ])('reads %s', (text, iso) => {
    const r = parseInstant(text);
    expect(r.ok && r.date.toISOString()).toBe(iso);
  });
  it('refuses a time without an offset, saying so', () => {
    const r = parseInstant('2025-01-27 01:12');
    expect(r).toEqual({ ok: false, message: expect.stringContaining('has no time zone offset') });
  });
  it.each(['2025-02-30T01:00Z', '2025-01-27T24:00Z', 'yesterday', '2025-01-27T01:00+15:00', '2025-01-27'])('refuses %s', (text) => {
    expect(parseInstant(text).ok).toBe(false);
  });
});

describe('parseCalendarDate', () => {
  it('accepts real dates only', () => {
    expect(parseCalendarDate('2024-02-29')).toEqual({ ok: true, day: '2024-02-29' });
    expect(parseCalendarDate('2025-02-29').ok).toBe(false);
  });
});

describe('formatting in the site zone, never the machine zone', () => {
  const instant = new Date('2025-01-26T17:12:00Z');
  it('shows the zone abbreviation', () => {
    expect(formatDateTime(instant, shanghai)).toBe('27 Jan 2025, 01:12 GMT+8');
    expect(formatDateTime(instant, london)).toBe('26 Jan 2025, 17:12 GMT');
    expect(formatDateTime(new Date('2025-07-01T12:00:00Z'), newYork)).toBe('1 Jul 2025, 08:00 EDT');
  });
  it('writes offsets staff can read back', () => {
    expect(toOffsetIso(instant, shanghai)).toBe('2025-01-27T01:12:00+08:00');
    expect(parseInstant(toOffsetIso(instant, newYork)).ok).toBe(true);
  });
});

describe('calendar days across DST', () => {
  it('puts an instant on the right local day', () => {
    expect(dayKey(new Date('2025-01-26T17:12:00Z'), shanghai)).toBe('2025-01-27');
    expect(dayKey(new Date('2025-01-26T17:12:00Z'), london)).toBe('2025-01-26');
  });
  it('finds when today rolls over, from any instant of it', () => {
    // 01:12 in Shanghai on the 27th: the 28th starts at 16:00 UTC on the 27th.
    expect(startOfNextDay(new Date('2025-01-26T17:12:00Z'), shanghai).toISOString()).toBe('2025-01-27T16:00:00.000Z');
    // London on 29 March 2025 (GMT): the 30th starts at 00:00 UTC; on the 30th (BST), the 31st at 23:00 UTC.
    expect(startOfNextDay(new Date('2025-03-29T23:59:59Z'), london).toISOString()).toBe('2025-03-30T00:00:00.000Z');
    expect(startOfNextDay(new Date('2025-03-30T00:00:00Z'), london).toISOString()).toBe('2025-03-30T23:00:00.000Z');
  });
  it('starts days at local midnight, 23 h and 25 h days included', () => {
    // London springs forward on 30 March 2025 and falls back on 26 October 2025.
    expect(startOfDay('2025-03-30', london).toISOString()).toBe('2025-03-30T00:00:00.000Z');
    expect(startOfDay('2025-03-31', london).toISOString()).toBe('2025-03-30T23:00:00.000Z');
    expect(startOfDay('2025-10-27', london).toISOString()).toBe('2025-10-27T00:00:00.000Z');
    expect(startOfDay('2025-10-26', london).toISOString()).toBe('2025-10-25T23:00:00.000Z');
    expect(startOfDay('2025-03-10', newYork).toISOString()).toBe('2025-03-10T04:00:00.000Z');
    expect(startOfDay('2025-01-27', shanghai).toISOString()).toBe('2025-01-26T16:00:00.000Z');
  });
  it('lists the last days ending today, across a DST change', () => {
    expect(lastDays(new Date('2025-03-31T08:00:00Z'), 3, london)).toEqual(['2025-03-31', '2025-03-30', '2025-03-29']);
    expect(lastDays(new Date('2025-01-26T17:12:00Z'), 2, shanghai)).toEqual(['2025-01-27', '2025-01-26']);
  });
});

describe('durations and relative times', () => {
  it.each([
    [30_000, 'under a minute'],
    [45 * 60_000, '45 min'],
    [134 * 60_000, '2 h 14 min'],
    [180 * 60_000, '3 h'],
    [(3 * 1440 + 4 * 60 + 10) * 60_000, '3 d 4 h'],
  ])('%i ms is %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
  it('says a duration in the page language, in its own order and spacing', () => {
    expect(formatDuration(134 * 60_000, zhCN)).toBe('2 小时 14 分钟');
    expect(formatDuration((3 * 1440 + 4 * 60) * 60_000, ja)).toBe('3日4時間');
    expect(formatDuration(45 * 60_000, de)).toBe('45 Min.');
    expect(formatDuration(20_000, zhCN)).toBe('不到 1 分钟');
  });
});

describe('dates in the order of the page language', () => {
  const instant = new Date('2025-01-26T17:12:00Z');
  const zh = { timeZone: 'Asia/Shanghai', locale: 'zh-CN' };
  it('writes Chinese, Japanese and Korean dates year first', () => {
    expect(formatDateTime(instant, zh)).toBe('2025年1月27日 01:12 GMT+8');
    expect(formatDay('2025-01-27', zh)).toBe('2025年1月27日');
    expect(formatShortDay('2025-01-27', zh)).toBe('1月27日');
    expect(formatDayHeading('2025-01-27', zh)).toBe('2025年1月27日 星期一');
    expect(formatMonth('2025-01', zh)).toBe('2025年1月');
    expect(formatDay('2025-01-27', { timeZone: 'Asia/Seoul', locale: 'ko' })).toBe('2025년 1월 27일');
    expect(formatDayHeading('2025-01-27', { timeZone: 'Asia/Tokyo', locale: 'ja' })).toBe('2025年1月27日（月曜日）');
  });
  it('keeps day-first dates for the others', () => {
    expect(formatDay('2025-01-27', { timeZone: 'Europe/Paris', locale: 'fr' })).toBe('27 janv. 2025');
    expect(formatMonth('2025-01', { timeZone: 'Europe/Berlin', locale: 'de' })).toBe('Januar 2025');
  });
});

describe('parseWallClock', () => {
  it.each([
    // Shanghai is +08:00 all year.
    ['2018-06-13 14:23:00', shanghai, '2018-06-13T06:23:00.000Z', true],
    // New York: EST (-05:00) in January, EDT (-04:00) in July.
    ['2025-01-27T09:30:00', newYork, '2025-01-27T14:30:00.000Z', true],
    ['2025-07-27 09:30', newYork, '2025-07-27T13:30:00.000Z', true],
    // A bare date is its midnight in the zone.
    ['2025-03-30', london, '2025-03-30T00:00:00.000Z', true],
    // An offset wins over the zone.
    ['2025-01-27T09:30:00+02:00', newYork, '2025-01-27T07:30:00.000Z', false],
  ])('reads %s', (text, zone, iso, naive) => {
    const r = parseWallClock(text, zone);
    expect(r.ok && [r.date.toISOString(), r.naive]).toEqual([iso, naive]);
  });

  it('refuses what is not a time', () => {
    expect(parseWallClock('yesterday', london)).toMatchObject({ ok: false, message: expect.stringContaining('is not a time') });
  });
});
