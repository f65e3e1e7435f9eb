/**
 * Time: parsing the instants staff write, and every way the site shows a time.
 *
 * This is the only module that formats dates. Every function takes the time zone
 * (and, where it matters, `now`) as a parameter, so nothing depends on the build
 * machine's zone or clock.
 */
import { tzOffset as tzOffsetUncached } from '@date-fns/tz';

/**
 * An instant as staff write it: a date, a time, and an explicit offset.
 * Accepted: `2025-01-27T01:12:00+08:00`, `2025-01-27 01:12 +08:00`, `2025-01-27 01:12Z`,
 * `2025-01-27 01:12 UTC`, `2025-01-27T01:12+0800`. Seconds and fractions are optional.
 */
const DATE = String.raw`(\d{4})-(\d{2})-(\d{2})`;
const CLOCK = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?`;
const OFFSET = String.raw`(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)`;
const INSTANT = new RegExp(String.raw`^${DATE}[T ]\s*${CLOCK}\s*${OFFSET}$`, 'i');
/** The same grammar without its captures. */
const bare = (pattern: string) => pattern.replace(/\((?!\?)/g, '(?:');

/**
 * Something that looks like an instant inside other text (an update heading): the same
 * grammar with the clock and the offset optional, so that a missing part can be named.
 */
export const INSTANT_IN_TEXT = new RegExp(String.raw`${bare(DATE)}(?:[T ]\s*${bare(CLOCK)})?(?:\s*${bare(OFFSET)}(?![\w:]))?`, 'i');

export type InstantResult = { ok: true; date: Date } | { ok: false; message: string };

export const INSTANT_EXAMPLE = '2025-01-27T09:30:00+08:00 (or 2025-01-27 09:30 +08:00, or …Z for UTC)';

const offsets = new Map<string, number>();
const QUARTER_HOUR = 15 * 60_000;

/**
 * The zone's UTC offset at an instant, in minutes, from @date-fns/tz, remembered per zone
 * and quarter hour: zones change offset only on quarter-hour boundaries, and a large
 * archive asks for the same few thousand quarter hours hundreds of thousands of times.
 */
function tzOffset(timeZone: string, date: Date): number {
  const key = `${timeZone} ${Math.floor(date.getTime() / QUARTER_HOUR)}`;
  let offset = offsets.get(key);
  if (offset === undefined) offsets.set(key, (offset = tzOffsetUncached(timeZone, date)));
  return offset;
}

/**
 * Parses an instant with an explicit offset; a time without one is refused. Given the
 * site's zone, the refusal suggests the zone's own offset at that wall-clock time.
 */
export function parseInstant(text: string, zone?: Zone): InstantResult {
  const trimmed = text.trim();
  const m = INSTANT.exec(trimmed);
  if (!m) {
    if (/^\d{4}-\d{2}-\d{2}[T ]\s*\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(trimmed)) {
      const hint = zone ? offsetHint(trimmed, zone) : undefined;
      return { ok: false, message: `"${trimmed}" has no time zone offset; ${hint ?? `write it as ${INSTANT_EXAMPLE}`}` };
    }
    return { ok: false, message: `"${trimmed}" is not a time; write it as ${INSTANT_EXAMPLE}` };
  }
  const [, y, mo, d, h, mi, s, frac, off] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string | undefined,
    string | undefined,
    string,
  ];
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, message: `"${trimmed}" is not a valid date and time` };
  }
  let offsetMinutes = 0;
  const o = off.toUpperCase();
  if (o !== 'Z' && o !== 'UTC' && o !== 'GMT') {
    const sign = o.startsWith('-') ? -1 : 1;
    const digits = o.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (oh > 14 || om > 59) return { ok: false, message: `"${trimmed}" has an impossible offset ${off}` };
    offsetMinutes = sign * (oh * 60 + om);
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  return { ok: true, date: new Date(utc) };
}

/**
 * "add the offset, e.g. 2025-06-01 09:30 +02:00 (Europe/Berlin then), or Z for UTC": the
 * zone's offset at the wall-clock time written; undefined when that time does not exist.
 */
function offsetHint(wallClock: string, zone: Zone): string | undefined {
  const asUtc = parseInstant(`${wallClock}Z`);
  if (!asUtc.ok) return undefined;
  const at = new Date(wallClockToInstant(asUtc.date.getTime(), zone.timeZone));
  const offset = offsetText(at, zone);
  return `add the offset, e.g. ${wallClock}${/T/i.test(wallClock) ? '' : ' '}${offset} (${zone.timeZone} then)${offset === '+00:00' ? '' : ', or Z for UTC'}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A calendar date `YYYY-MM-DD`, checked for existence. */
export function parseCalendarDate(text: string): { ok: true; day: string } | { ok: false; message: string } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return { ok: false, message: `"${text}" is not a date; write it as 2025-01-10` };
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, message: `"${text}" is not a valid date` };
  }
  return { ok: true, day: text.trim() };
}

/** True when `zone` is an IANA time zone this Node.js knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

/**
 * The locales dates can be written in (site.yaml's `locale` must be one of these, or a region
 * of one), each with the tag Intl writes it in: the tag itself, except plain `en`, which
 * Statusmark has always written as British English ("27 Jan 2025, 01:12").
 */
export const LOCALES: Record<string, string> = {
  'en-GB': 'en-GB',
  'en-US': 'en-US',
  en: 'en-GB',
  de: 'de',
  es: 'es',
  fr: 'fr',
  it: 'it',
  ja: 'ja',
  ko: 'ko',
  nl: 'nl',
  pl: 'pl',
  pt: 'pt',
  'pt-BR': 'pt-BR',
  sv: 'sv',
  'zh-CN': 'zh-CN',
  'zh-TW': 'zh-TW',
};

/** The tag Intl (CLDR) writes a locale's dates and numbers in: `en` → en-GB; any other tag as it is (`de-AT` stays Austrian). */
export function intlLocale(tag: string): string {
  return Object.hasOwn(LOCALES, tag) ? LOCALES[tag]! : tag;
}

/** True when dates can be written in this locale (exactly, or by its language). */
export function isSupportedLocale(tag: string): boolean {
  return Object.hasOwn(LOCALES, tag) || Object.hasOwn(LOCALES, tag.split('-')[0] ?? '');
}

/** How the site shows times: its zone and locale. */
export interface Zone {
  timeZone: string;
  locale: string;
}

/**
 * Which parts each place shows; Intl (CLDR) writes them in the locale's order, words and
 * punctuation. Times carry the zone's short name as the locale writes it ("GMT+8", "MEZ", "UTC+1").
 */
const FIELDS = {
  /** "27 Jan 2025" */
  date: { year: 'numeric', month: 'short', day: 'numeric' },
  /** "27 Jan 2025, 01:12 GMT+8" */
  dateTime: { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
  /** "01:12 GMT+8" */
  time: { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
  /** "27 Jan" */
  short: { month: 'short', day: 'numeric' },
  /** "Monday, 27 January 2025" */
  heading: { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' },
  /** "January 2025" */
  month: { year: 'numeric', month: 'long' },
  /** "M" for Monday, "一" in Chinese: a calendar's column heading */
  weekday: { weekday: 'narrow' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

type Fields = keyof typeof FIELDS;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The formatter of `fields` in the zone and its locale; built once per zone, locale and fields. */
function formatter(fields: Fields, zone: Zone): Intl.DateTimeFormat {
  const key = `${fields} ${zone.timeZone} ${zone.locale}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(intlLocale(zone.locale), { ...FIELDS[fields], timeZone: zone.timeZone })));
  return f;
}

const formatted = new Map<string, string>();

/**
 * `date` written with `fields` in the zone. Remembered: every page of a build shows the same
 * few times (its banners, its "as of" line). The memory is dropped when it grows large.
 */
function local(date: Date, zone: Zone, fields: Fields): string {
  const key = `${date.getTime()} ${zone.timeZone} ${zone.locale} ${fields}`;
  let text = formatted.get(key);
  if (text === undefined) {
    if (formatted.size > 200_000) formatted.clear();
    formatted.set(key, (text = formatter(fields, zone).format(date)));
  }
  return text;
}

/** "27 Jan 2025, 01:12 GMT+8"; "2025年1月27日 GMT+8 01:12"; "27. Jan. 2025, 01:12 MEZ" */
export function formatDateTime(date: Date, zone: Zone): string {
  return local(date, zone, 'dateTime');
}

/** "01:12 GMT+8" */
export function formatTime(date: Date, zone: Zone): string {
  return local(date, zone, 'time');
}

/** "27 Jan 2025" */
export function formatDate(date: Date, zone: Zone): string {
  return local(date, zone, 'date');
}

/** "27 Jan 2025" for a day key. */
export function formatDay(day: string, zone: Zone): string {
  return named(day, zone, 'date');
}

/** "27 Jan" for a day key, where the year is clear from the context. */
export function formatShortDay(day: string, zone: Zone): string {
  return named(day, zone, 'short');
}

/** "Monday, 27 January 2025" for a day key. */
export function formatDayHeading(day: string, zone: Zone): string {
  return named(day, zone, 'heading');
}

/** "January 2025" for a month key `2025-01`. */
export function formatMonth(month: string, zone: Zone): string {
  return named(`${month}-15`, zone, 'month');
}

/** The initials of the days of the week, Monday first, as a calendar's columns: "M T W T F S S", "L M M J V S D". */
export function weekdayInitials(zone: Zone): string[] {
  // 6 to 12 January 2025 run from a Monday to a Sunday.
  return Array.from({ length: 7 }, (_, i) => named(`2025-01-${String(6 + i).padStart(2, '0')}`, zone, 'weekday'));
}

const names = new Map<string, string>();

/**
 * A day key written with `fields`, from its noon in the zone. Remembered by day: every page
 * of a build names the same 90 days of its uptime strips.
 */
function named(day: string, zone: Zone, fields: Fields): string {
  const key = `${day} ${zone.timeZone} ${zone.locale} ${fields}`;
  let text = names.get(key);
  if (text === undefined) {
    if (names.size > 200_000) names.clear();
    names.set(key, (text = formatter(fields, zone).format(noonIn(day, zone))));
  }
  return text;
}

/**
 * Noon of a day key in the zone: the instant whose date in the zone is that day, to name the
 * day with the zone's formatter (noon, unlike midnight, is never skipped by a change of offset).
 */
function noonIn(day: string, zone: Zone): Date {
  return new Date(wallClockToInstant(Date.parse(`${day}T12:00:00Z`), zone.timeZone));
}

/** A day key as a UTC Date at noon: only for stepping through calendar days, never as an instant. */
function noonOf(day: string): Date {
  return new Date(`${day}T12:00:00Z`);
}

/** The calendar day of an instant in the site's zone, as `YYYY-MM-DD`. */
export function dayKey(date: Date, zone: Zone): string {
  // The wall-clock date is the instant shifted by the zone's offset then; cheaper than a formatter,
  // and this runs for every day of every service's uptime.
  return new Date(date.getTime() + tzOffset(zone.timeZone, date) * 60_000).toISOString().slice(0, 10);
}

/** The month of an instant in the site's zone, as `YYYY-MM`. */
export function monthKey(date: Date, zone: Zone): string {
  return dayKey(date, zone).slice(0, 7);
}

/** The day keys of the `count` days ending with the day of `now`, newest first. */
export function lastDays(now: Date, count: number, zone: Zone): string[] {
  const today = dayKey(now, zone);
  const days: string[] = [];
  const cursor = noonOf(today);
  for (let i = 0; i < count; i++) {
    days.push(cursor.toISOString().slice(0, 10));
    cursor.setUTCDate(cursor.getUTCDate() - 1);
  }
  return days;
}

const dayStarts = new Map<string, number>();

/** The instant a calendar day starts in the zone (handles DST: not always 24 h after the last). */
export function startOfDay(day: string, zone: Zone): Date {
  const key = `${zone.timeZone} ${day}`;
  let t = dayStarts.get(key);
  if (t === undefined) {
    t = wallClockToInstant(Date.parse(`${day}T00:00:00Z`), zone.timeZone);
    dayStarts.set(key, t);
  }
  return new Date(t);
}

/** The instant (ms) of a wall-clock time in the zone, given as if that wall clock were UTC. */
function wallClockToInstant(guess: number, timeZone: string): number {
  // Shift by the zone's offset at that moment; repeat once in case the offset changed in between.
  const t = guess - tzOffset(timeZone, new Date(guess)) * 60_000;
  return guess - tzOffset(timeZone, new Date(t)) * 60_000;
}

/**
 * A time written by a tool that stores no offset (`2018-06-13 14:23:00`, or a bare date for
 * its midnight), read as wall-clock time in the zone. A time with an offset is read as it is;
 * `naive` says which it was, so an importer can report it.
 */
export function parseWallClock(text: string, zone: Zone): InstantResult & { naive?: boolean } {
  const trimmed = text.trim();
  const withOffset = parseInstant(trimmed);
  if (withOffset.ok) return { ...withOffset, naive: false };
  const naive = parseInstant(`${/^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed} 00:00` : trimmed}Z`);
  if (!naive.ok) return withOffset;
  return { ok: true, date: new Date(wallClockToInstant(naive.date.getTime(), zone.timeZone)), naive: true };
}

/** The instant the day after `date`'s day starts in the zone: when "today" next rolls over. */
export function startOfNextDay(date: Date, zone: Zone): Date {
  const next = noonOf(dayKey(date, zone));
  next.setUTCDate(next.getUTCDate() + 1);
  return startOfDay(next.toISOString().slice(0, 10), zone);
}

/** An instant written with the zone's offset: `2025-01-27T01:12:00+08:00` (for files staff read). */
export function toOffsetIso(date: Date, zone: Zone): string {
  return `${wallClockIso(date, zone).slice(0, 19)}${offsetText(date, zone)}`;
}

/** An update heading's time, as staff type it: `2025-01-27 10:20 +08:00` (to the minute). */
export function formatHeadingTime(date: Date, zone: Zone): string {
  return `${wallClockIso(date, zone).slice(0, 16).replace('T', ' ')} ${offsetText(date, zone)}`;
}

/** The wall-clock time of `date` in the zone as an ISO text without offset (`2025-01-27T01:12:00.000Z`, the Z meaningless). */
function wallClockIso(date: Date, zone: Zone): string {
  return new Date(date.getTime() + tzOffset(zone.timeZone, date) * 60_000).toISOString();
}

/** `+08:00`, `-05:00`, `+00:00`: the zone's offset at `date`. */
function offsetText(date: Date, zone: Zone): string {
  const minutes = tzOffset(zone.timeZone, date);
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Per locale, its format and the texts it gave, by duration (days and hours, or minus the minutes under a day). */
const durationFormats = new Map<string, { format: Intl.DurationFormat; done: Map<number, string> }>();

/**
 * The one word of a catalog a duration needs (every `Vocabulary` has it), named here so that
 * parsing times (the schema) loads no catalog.
 */
export interface DurationWords {
  ui: { duration: { underAMinute: string } };
}

/**
 * A duration as the locale writes it (Intl.DurationFormat, CLDR's short units): its two largest
 * parts, to the minute: "45 min", "2 hrs, 14 mins", "3 days, 4 hrs" (en-GB); "3日4時間" is
 * "3 日 4 時間" in CLDR's Japanese. Under a minute it says so in the vocabulary's words.
 */
export function formatDuration(ms: number, locale: string, t: DurationWords): string {
  if (ms < 60_000) return t.ui.duration.underAMinute;
  const total = Math.round(ms / 60_000);
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const minutes = total % 60;
  let f = durationFormats.get(locale);
  if (!f) durationFormats.set(locale, (f = { format: new Intl.DurationFormat(intlLocale(locale), { style: 'short' }), done: new Map() }));
  // Intl.DurationFormat is slow, and a build asks for the same few durations thousands of times.
  const key = days > 0 ? days * 24 + hours : -total;
  let text = f.done.get(key);
  // Zero parts are left out (the format's default display of `auto`).
  if (text === undefined) f.done.set(key, (text = f.format.format(days > 0 ? { days, hours } : { hours, minutes })));
  return text;
}
