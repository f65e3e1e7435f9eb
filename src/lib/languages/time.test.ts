import { describe, expect, it } from 'vitest';
import {
  dayKey,
  formatDate,
  formatDateTime,
  formatDay,
  formatDayHeading,
  formatDuration,
  formatHeadingTime,
  formatMonth,
  formatShortDay,
  formatTime,
  intlLocale,
  isSupportedLocale,
  lastDays,
  parseCalendarDate,
  parseInstant,
  parseWallClock,
  startOfDay,
  startOfNextDay,
  toOffsetIso,
  weekdayInitials,
} from './time.ts';
import { CATALOGS } from './catalogs/index.ts';
import { en } from './catalogs/en.ts';

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

describe('offsets staff read back', () => {
  const instant = new Date('2025-01-26T17:12:00Z');
  it('writes offsets staff can read back', () => {
    expect(toOffsetIso(instant, shanghai)).toBe('2025-01-27T01:12:00+08:00');
    expect(toOffsetIso(new Date('2025-07-01T12:00:00Z'), newYork)).toBe('2025-07-01T08:00:00-04:00');
    expect(formatHeadingTime(instant, shanghai)).toBe('2025-01-27 01:12 +08:00');
    expect(formatHeadingTime(new Date('2025-01-26T23:30:00Z'), london)).toBe('2025-01-26 23:30 +00:00');
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

/** The nine languages of the catalogs, and the locales sites write them in. */
const LANGUAGES = Object.keys(CATALOGS);
/** The tag Intl is given: plain `en` is written as British English, as Statusmark always has. */
const written = (lang: string) => (lang === 'en' ? 'en-GB' : lang);
const vocabulary = (lang: string) => CATALOGS[lang]!;

describe('durations, as Intl.DurationFormat writes them', () => {
  // Hand-worked: the two largest parts, to the nearest minute.
  const cases: [number, Record<string, number>][] = [
    [45 * 60_000, { minutes: 45 }],
    [134 * 60_000 + 29_000, { hours: 2, minutes: 14 }],
    [134 * 60_000 + 31_000, { hours: 2, minutes: 15 }],
    [180 * 60_000, { hours: 3 }],
    [(3 * 1440 + 4 * 60 + 10) * 60_000, { days: 3, hours: 4 }],
    [2 * 1440 * 60_000, { days: 2 }],
  ];
  it.each(LANGUAGES)('%s', (lang) => {
    const intl = new Intl.DurationFormat(written(lang), { style: 'short' });
    for (const [ms, parts] of cases) expect(formatDuration(ms, lang, vocabulary(lang))).toBe(intl.format(parts));
    expect(formatDuration(59_999, lang, vocabulary(lang))).toBe(vocabulary(lang).ui.duration.underAMinute);
  });
  it('writes English durations in British English, as English dates', () => {
    expect(formatDuration(134 * 60_000, 'en', en)).toBe(
      new Intl.DurationFormat('en-GB', { style: 'short' }).format({ hours: 2, minutes: 14 }),
    );
  });
});

describe('dates and times, as Intl.DateTimeFormat writes them in each language', () => {
  const DATE = { year: 'numeric', month: 'short', day: 'numeric' } as const;
  const TIME = { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' } as const;
  // 17:12 UTC on 26 January: already 27 January in Shanghai, still the 26th in New York.
  const instant = new Date('2025-01-26T17:12:00Z');
  const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'Pacific/Kiritimati', 'America/Adak'];
  const intl = (locale: string, timeZone: string, options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(written(locale), { ...options, timeZone });

  describe.each(LANGUAGES)('%s', (lang) => {
    it.each(zones)('an instant, in %s', (timeZone) => {
      const zone = { timeZone, locale: lang };
      for (const at of [instant, new Date('2025-07-01T12:00:00Z')]) {
        expect(formatDateTime(at, zone)).toBe(intl(lang, timeZone, { ...DATE, ...TIME }).format(at));
        expect(formatDate(at, zone)).toBe(intl(lang, timeZone, DATE).format(at));
        expect(formatTime(at, zone)).toBe(intl(lang, timeZone, TIME).format(at));
      }
    });
    it.each(zones)('the weekday initials of a calendar, Monday first, in %s', (timeZone) => {
      // Hand-worked: 3 March 2025 is a Monday; the oracle names each day from its noon in UTC.
      const expected = [3, 4, 5, 6, 7, 8, 9].map((d) =>
        intl(lang, 'UTC', { weekday: 'narrow' }).format(new Date(Date.UTC(2025, 2, d, 12))),
      );
      expect(weekdayInitials({ timeZone, locale: lang })).toEqual(expected);
    });
    it.each(zones)('a calendar day and a month, named the same in %s', (timeZone) => {
      const zone = { timeZone, locale: lang };
      // The oracle names the day from its noon in UTC: an independent way to the same calendar day.
      for (const day of ['2025-01-27', '2025-03-09', '2025-12-31', '2024-02-29']) {
        const noon = new Date(`${day}T12:00:00Z`);
        expect(formatDay(day, zone)).toBe(intl(lang, 'UTC', DATE).format(noon));
        expect(formatShortDay(day, zone)).toBe(intl(lang, 'UTC', { month: 'short', day: 'numeric' }).format(noon));
        expect(formatDayHeading(day, zone)).toBe(
          intl(lang, 'UTC', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }).format(noon),
        );
        expect(formatMonth(day.slice(0, 7), zone)).toBe(intl(lang, 'UTC', { year: 'numeric', month: 'long' }).format(noon));
      }
    });
  });

  it('writes the instant on its day in the site zone, whatever the machine zone', () => {
    expect(formatDate(instant, shanghai)).toBe(intl('en-GB', 'UTC', DATE).format(new Date('2025-01-27T12:00:00Z')));
    expect(formatDate(instant, newYork)).toBe(intl('en-US', 'UTC', DATE).format(new Date('2025-01-26T12:00:00Z')));
  });
  it('shows the zone as the locale names it, summer and winter', () => {
    const summer = new Date('2025-07-01T12:00:00Z');
    expect(formatTime(summer, newYork)).toBe(intl('en-US', 'America/New_York', TIME).format(summer));
    expect(formatTime(summer, newYork)).toContain('EDT');
    expect(formatTime(instant, newYork)).toContain('EST');
    expect(formatTime(instant, shanghai)).toContain('GMT+8');
    expect(formatTime(summer, london)).toContain('BST');
    expect(formatTime(instant, london)).toContain('GMT');
  });
  it("honours the site's locale: plain en is British, a region is its own", () => {
    expect(formatDateTime(instant, { timeZone: 'UTC', locale: 'en' })).toBe(intl('en-GB', 'UTC', { ...DATE, ...TIME }).format(instant));
    expect(formatDateTime(instant, { timeZone: 'UTC', locale: 'en-US' })).toBe(intl('en-US', 'UTC', { ...DATE, ...TIME }).format(instant));
    expect(formatMonth('2025-01', { timeZone: 'Europe/Vienna', locale: 'de-AT' })).toBe(
      intl('de-AT', 'UTC', { year: 'numeric', month: 'long' }).format(new Date('2025-01-15T12:00:00Z')),
    );
    expect(intlLocale('en')).toBe('en-GB');
    expect(intlLocale('pt-BR')).toBe('pt-BR');
    expect(intlLocale('toString')).toBe('toString');
    expect(isSupportedLocale('constructor')).toBe(false);
    expect(isSupportedLocale('de-AT')).toBe(true);
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
