/**
 * Which days an incident or maintenance belongs to, one rule for every page: the archive's
 * day lists (home page and month pages) list an item under each of its days, and an uptime
 * bar links a day only when something touched the service on it, which is always one of
 * those days (a service's incident and maintenance time lies within the item's span).
 */
import type { DayRole, HistoryItem } from './history.ts';
import { maintenanceSpan } from './status.ts';
import { dayKey, type Zone } from '../languages/time.ts';
import { nextDay, type UptimeSummary } from './uptime.ts';

/** When an item was under way: an incident from its start to its resolution (or now), a maintenance through its window. */
export function spanOf(entry: HistoryItem, now: Date): { from: Date; to: Date } {
  if (entry.kind === 'maintenance') return maintenanceSpan(entry.item);
  return { from: entry.item.started, to: entry.item.resolved ?? now };
}

/**
 * The days (in the zone) an item is listed under, oldest first, each with why: the day it
 * began, then every day it was still under way up to `now`, `updated` on a day with an
 * update. An item that has not begun yet (scheduled maintenance) has only its first day.
 */
export function listedDays(entry: HistoryItem, now: Date, zone: Zone): Map<string, DayRole> {
  const startDay = dayKey(entry.at, zone);
  const days = new Map<string, DayRole>([[startDay, 'started']]);
  if (entry.at > now) return days;
  const span = spanOf(entry, now);
  const end = span.to < now ? span.to : now;
  const last = dayKey(new Date(Math.max(end.getTime() - 1, entry.at.getTime())), zone);
  const updated = new Set(entry.item.updates.filter((u) => u.at <= now).map((u) => dayKey(u.at, zone)));
  for (let day = nextDay(startDay); day <= last; day = nextDay(day)) days.set(day, updated.has(day) ? 'updated' : 'ongoing');
  return days;
}

/**
 * The days of one or more uptime strips that have an incident or maintenance, each once,
 * oldest first, with the archive path its bar links to: listed under the strips as links
 * big enough to tap.
 */
export function eventDays(...summaries: UptimeSummary[]): { day: string; path: string }[] {
  const days = new Map<string, string>();
  for (const summary of summaries) {
    for (const bar of summary.bars) if (bar.path) days.set(bar.day, bar.path);
  }
  return [...days].sort(([a], [b]) => a.localeCompare(b)).map(([day, path]) => ({ day, path }));
}
