/**
 * Uptime, computed from the incident record alone: no monitoring agent needed.
 *
 * - A service's incidents become intervals at the status they put it in; its
 *   maintenance windows become maintenance intervals. Where incidents overlap, the
 *   time counts once, at the worst status; an incident during maintenance counts as
 *   the incident (maintenance never hides an outage).
 * - Weighting, as the established hosted pages do it: major outage is fully down,
 *   partial outage 30 % down, degraded performance up; maintenance-only time is left
 *   out of the measured time.
 * - Days are calendar days in the site's zone (23 or 25 hours across a DST change);
 *   a service counts from its `start` day; an open incident counts up to `now`.
 */
import type { Incident, Maintenance, Service } from '../content/model.ts';
import { maintenanceSpan, STATUS_RANK } from './status.ts';
import { STATUSES, WORST_FIRST, type MeasuredStatus, type ServiceStatus } from './statuses.ts';
import { servicePeriods } from './phases.ts';
import type { Vocabulary } from '../languages/vocabulary.ts';
import { percent } from '../languages/format.ts';
import { dayKey, formatDuration, intlLocale, startOfDay, type Zone } from '../languages/time.ts';

/** The share of time a status counts as down (maintenance is left out of the measured time instead). */
export const DOWN_WEIGHT = Object.fromEntries(
  STATUSES.flatMap((r) => (r.downWeight === 'excluded' ? [] : [[r.id, r.downWeight]])),
) as Record<MeasuredStatus, number>;

/** The statuses an interval can have: every one but operational. */
export type IntervalStatus = Exclude<ServiceStatus, 'operational'>;
/** Every interval status, from the table. */
const INTERVAL_STATUSES = STATUSES.filter((r) => r.id !== 'operational').map((r) => r.id as IntervalStatus);
/** The interval statuses whose time is left out of the measured time (maintenance), and the others. */
const EXCLUDED = INTERVAL_STATUSES.filter((s) => !(s in DOWN_WEIGHT));
const MEASURED = INTERVAL_STATUSES.filter((s): s is IntervalStatus & MeasuredStatus => s in DOWN_WEIGHT);

export interface Interval {
  from: number;
  to: number;
  status: IntervalStatus;
  /** The incident's or maintenance's slug, to count and link the day's events. */
  slug: string;
}

/** Milliseconds at each status within a span. */
export type StatusTime = Record<IntervalStatus, number>;

export interface DayUptime {
  day: string;
  /** Milliseconds at each non-operational status (overlaps counted once, at the worst). */
  time: StatusTime;
  /** Milliseconds measured: the part of the day the service existed, up to now, less maintenance-only time. */
  measured: number;
  /** Milliseconds counted as down after weighting. */
  down: number;
  /** 0..1, or null when nothing was measured (before the service started, or the future). */
  uptime: number | null;
  /** The worst status of the day, or 'operational' / 'no_data'. */
  worst: IntervalStatus | 'operational' | 'no_data';
  /** Incidents and maintenance that touched the service on this day. */
  incidents: string[];
  maintenance: string[];
}

/** The intervals of one service, up to `now`, from its incidents and maintenance. */
export function serviceIntervals(serviceId: string, incidents: Incident[], maintenance: Maintenance[], now: Date): Interval[] {
  const t = now.getTime();
  const out: Interval[] = [];
  for (const incident of incidents) {
    // Each period at the status it had: an update that moves a service from major to partial outage splits it.
    for (const p of servicePeriods(incident, now).get(serviceId) ?? [])
      out.push({ from: p.from.getTime(), to: p.to.getTime(), status: p.status, slug: incident.slug });
  }
  for (const m of maintenance) {
    if (!m.services.includes(serviceId)) continue;
    const span = maintenanceSpan(m);
    const from = span.from.getTime();
    const to = Math.min(span.to.getTime(), t);
    if (to > from) out.push({ from, to, status: 'under_maintenance', slug: m.slug });
  }
  return out.sort((a, b) => a.from - b.from);
}

/** Groups intervals by the calendar days (in the zone) they touch. */
export function intervalsByDay(intervals: Interval[], zone: Zone): Map<string, Interval[]> {
  const byDay = new Map<string, Interval[]>();
  for (const interval of intervals) {
    let day = dayKey(new Date(interval.from), zone);
    const last = dayKey(new Date(interval.to - 1), zone);
    for (;;) {
      const list = byDay.get(day);
      if (list) list.push(interval);
      else byDay.set(day, [interval]);
      if (day >= last) break;
      day = nextDay(day);
    }
  }
  return byDay;
}

/** `2025-01-31` → `2025-02-01` */
export function nextDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

const RANK: Record<IntervalStatus, number> = STATUS_RANK;

/**
 * One day's figures from the intervals touching it.
 * @param start when the service began (uptime counts from then), if known.
 */
export function dayUptime(day: string, intervals: Interval[], zone: Zone, now: Date, start?: Date): DayUptime {
  const dayStart = startOfDay(day, zone).getTime();
  const dayEnd = startOfDay(nextDay(day), zone).getTime();
  const from = Math.max(dayStart, start?.getTime() ?? -Infinity);
  const to = Math.min(dayEnd, now.getTime());
  const time = Object.fromEntries(INTERVAL_STATUSES.map((s) => [s, 0])) as StatusTime;
  const incidents = new Set<string>();
  const maintenance = new Set<string>();
  for (const i of intervals) {
    if (i.to <= dayStart || i.from >= dayEnd) continue;
    (i.status === 'under_maintenance' ? maintenance : incidents).add(i.slug);
  }
  if (to <= from) {
    return { day, time, measured: 0, down: 0, uptime: null, worst: 'no_data', incidents: [...incidents], maintenance: [...maintenance] };
  }
  // Sweep the day's boundaries; each segment takes the worst status covering it.
  const cuts = new Set<number>([from, to]);
  for (const i of intervals) {
    if (i.from > from && i.from < to) cuts.add(i.from);
    if (i.to > from && i.to < to) cuts.add(i.to);
  }
  const points = [...cuts].sort((a, b) => a - b);
  let worst: IntervalStatus | undefined;
  for (let k = 0; k < points.length - 1; k++) {
    const a = points[k]!;
    const b = points[k + 1]!;
    let segment: IntervalStatus | undefined;
    for (const i of intervals) {
      if (i.from <= a && i.to >= b && (!segment || RANK[i.status] > RANK[segment])) segment = i.status;
    }
    if (!segment) continue;
    time[segment] += b - a;
    if (!worst || RANK[segment] > RANK[worst]) worst = segment;
  }
  const measured = to - from - EXCLUDED.reduce((sum, s) => sum + time[s], 0);
  const down = MEASURED.reduce((sum, s) => sum + time[s] * DOWN_WEIGHT[s], 0);
  return {
    day,
    time,
    measured,
    down,
    uptime: measured > 0 ? 1 - down / measured : null,
    worst: worst ?? 'operational',
    incidents: [...incidents],
    maintenance: [...maintenance],
  };
}

/** Figures for each of `days` (any order) for one service. */
export function serviceDays(service: Service, intervals: Interval[], days: string[], zone: Zone, now: Date): DayUptime[] {
  const byDay = intervalsByDay(intervals, zone);
  return days.map((day) => dayUptime(day, byDay.get(day) ?? [], zone, now, service.start));
}

/** The uptime over several days: weighted down time over measured time; null if nothing was measured. */
export function totalUptime(days: DayUptime[]): number | null {
  let measured = 0;
  let down = 0;
  for (const d of days) {
    measured += d.measured;
    down += d.down;
  }
  return measured > 0 ? 1 - down / measured : null;
}

/** "99.41%" ("99,41 %" in German): two decimals in the locale's way, and never 100.00 when there was any down time; `t` says "no data". */
export function formatUptime(uptime: number | null, locale: string, t: Vocabulary): string {
  if (uptime === null) return t.ui.uptime.noData;
  // The epsilon keeps 0.995 at 99.50 despite floating point; flooring keeps 99.999 from showing 100.00.
  return percent(intlLocale(locale), Math.floor(uptime * 10_000 + 1e-9) / 10_000);
}

/** Worst first, as a day's description lists them. */
const DESCRIBED = WORST_FIRST.filter((s): s is IntervalStatus => s !== 'operational');

/**
 * What a day's bar says: "27 Jan 2025: partial outage, 2 h 10 min; 99.41% uptime; 1 incident".
 * @param dateLabel the day as the site writes it.
 * @param locale the locale the page writes numbers in (the zone's).
 * @param t the vocabulary of the page's language.
 */
export function describeDay(d: DayUptime, dateLabel: string, withUptime: boolean, locale: string, t: Vocabulary): string {
  const words = t.ui.uptime;
  if (d.worst === 'no_data') return t.ui.labelled(dateLabel, words.noData);
  const statuses = DESCRIBED.filter((s) => d.time[s] > 0).map((s) => words.spent(s, formatDuration(d.time[s], locale, t)));
  const parts = [t.ui.labelled(dateLabel, statuses.length ? t.ui.clauses(statuses) : words.operational)];
  if (withUptime) parts.push(words.total(formatUptime(d.uptime, locale, t)));
  if (d.incidents.length) parts.push(words.incidents(d.incidents.length));
  if (d.maintenance.length) parts.push(words.maintenance(d.maintenance.length));
  return t.ui.clauses(parts);
}

/** Days shown in the home page's strip. */
export const STRIP_DAYS = 90;

export interface UptimeBar {
  day: string;
  worst: DayUptime['worst'];
  label: string;
  /**
   * The label for the home page, where 20 services × 90 bars must fit in 14 KB: the day
   * without its year (the strip's name gives the range) and without the day's uptime.
   */
  short: string;
  /** Path to the day in the history archive, when something happened on it. */
  path?: string;
}

export interface UptimeSummary {
  /** Oldest first. */
  bars: UptimeBar[];
  total30: number | null;
  total90: number | null;
}

/**
 * The last 90 days of one service, oldest first, with the 30- and 90-day totals.
 * @param dateLabel how the site writes a day (from time.ts), passed in to keep this module free of formatting.
 */
export function uptimeSummary(
  service: Service,
  intervals: Interval[],
  now: Date,
  zone: Zone,
  days: string[],
  dateLabel: (day: string) => string,
  dayPath: (day: string) => string,
  shortDateLabel: (day: string) => string,
  t: Vocabulary,
): { summary: UptimeSummary; days: DayUptime[] } {
  const figures = serviceDays(service, intervals, days, zone, now);
  const oldestFirst = [...figures].reverse();
  return {
    days: oldestFirst,
    summary: {
      bars: oldestFirst.map((d) => ({
        day: d.day,
        worst: d.worst,
        label: describeDay(d, dateLabel(d.day), true, zone.locale, t),
        short: describeDay(d, shortDateLabel(d.day), false, zone.locale, t),
        ...(d.incidents.length || d.maintenance.length ? { path: dayPath(d.day) } : {}),
      })),
      total30: totalUptime(figures.slice(0, 30)),
      total90: totalUptime(figures.slice(0, 90)),
    },
  };
}

/** Every day from `first` to `last` inclusive (day keys, oldest first). */
export function daysBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let d = first; d <= last; d = nextDay(d)) out.push(d);
  return out;
}

export interface CalendarMonth {
  month: string;
  /** Blank cells before the 1st, so weeks start on Monday. */
  lead: number;
  days: DayUptime[];
  uptime: number | null;
}

/**
 * A service's whole record as calendar months, newest month first: from its start
 * (or its first incident or maintenance) to today.
 */
export function uptimeCalendar(service: Service, intervals: Interval[], now: Date, zone: Zone): CalendarMonth[] {
  const today = dayKey(now, zone);
  const firstEvent = intervals[0] ? dayKey(new Date(intervals[0].from), zone) : today;
  const startDay = service.start ? dayKey(service.start, zone) : firstEvent;
  const first = `${(startDay < firstEvent ? startDay : firstEvent).slice(0, 7)}-01`;
  const days = serviceDays(service, intervals, daysBetween(first, today), zone, now);
  const months: CalendarMonth[] = [];
  for (const d of days) {
    const month = d.day.slice(0, 7);
    let current = months[months.length - 1];
    if (!current || current.month !== month) {
      const weekday = new Date(`${d.day}T12:00:00Z`).getUTCDay();
      current = { month, lead: (weekday + 6) % 7, days: [], uptime: null };
      months.push(current);
    }
    current.days.push(d);
  }
  for (const m of months) m.uptime = totalUptime(m.days);
  return months.reverse();
}

const minutes = (ms: number) => Math.round((ms / 60_000) * 1000) / 1000;

/** `/api/uptime.json`: per service, per day (newest first), the minutes at each status and the uptime, with 30- and 90-day totals. */
export function uptimeDocument(
  services: Service[],
  figures: Map<string, { summary: UptimeSummary; days: DayUptime[] }>,
  now: Date,
  timeZone: string,
) {
  return {
    generated_at: now.toISOString(),
    time_zone: timeZone,
    method: {
      // Worst first.
      down_weight: Object.fromEntries([...MEASURED].reverse().map((s) => [s, DOWN_WEIGHT[s]])),
      maintenance: 'excluded from measured time',
      days: 'calendar days in time_zone',
    },
    services: services.map((s) => {
      const f = figures.get(s.id);
      return {
        id: s.id,
        name: s.name,
        uptime_30d: f?.summary.total30 ?? null,
        uptime_90d: f?.summary.total90 ?? null,
        days: [...(f?.days ?? [])].reverse().map((d) => ({
          date: d.day,
          // Operational (the measured time at no other status), the other measured statuses, then the excluded ones.
          minutes: Object.fromEntries([
            [
              'operational',
              minutes(
                Math.max(
                  0,
                  MEASURED.reduce((left, s) => left - d.time[s], d.measured),
                ),
              ),
            ],
            ...[...MEASURED, ...EXCLUDED].map((s) => [s, minutes(d.time[s])]),
          ]),
          measured_minutes: minutes(d.measured),
          uptime: d.uptime,
        })),
      };
    }),
  };
}
