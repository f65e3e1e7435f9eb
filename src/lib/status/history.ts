/**
 * History: incidents and maintenance arranged by calendar day or month in the site's
 * zone, and cut into pages, without ever walking more of the archive than needed.
 */
import type { Incident, Maintenance } from '../content/model.ts';
import { listedDays, spanOf } from './event-days.ts';
import { lastDays, monthKey, startOfDay, type Zone } from '../languages/time.ts';

/** History entries per page: enough to scan a busy month, small enough to stay light. */
export const HISTORY_PAGE_SIZE = 25;

/** One row of the history: an incident or a maintenance window. */
export type HistoryItem = { kind: 'incident'; item: Incident; at: Date } | { kind: 'maintenance'; item: Maintenance; at: Date };

/** Incidents and maintenance merged, newest first (both inputs are newest first already). */
export function mergeHistory(incidents: Incident[], maintenance: Maintenance[]): HistoryItem[] {
  const out: HistoryItem[] = [];
  let i = 0;
  let m = 0;
  while (i < incidents.length || m < maintenance.length) {
    const inc = incidents[i];
    const mnt = maintenance[m];
    if (inc && (!mnt || inc.started >= mnt.scheduledFor)) {
      out.push({ kind: 'incident', item: inc, at: inc.started });
      i++;
    } else if (mnt) {
      out.push({ kind: 'maintenance', item: mnt, at: mnt.scheduledFor });
      m++;
    }
  }
  return out;
}

export interface Day<T> {
  day: string;
  items: T[];
}

/** Why an item is listed under a day: it began that day, an update was posted that day, or it was simply still going. */
export type DayRole = 'started' | 'updated' | 'ongoing';

export interface DayEntry {
  entry: HistoryItem;
  role: DayRole;
}

/**
 * The last `count` days ending today, newest first, each with every incident and
 * maintenance that began on it, was updated on it, or was still under way during it,
 * so no day says "no incidents" under an incident that was open then (`listedDays`).
 */
export function recentDays(items: HistoryItem[], now: Date, count: number, zone: Zone): Day<DayEntry>[] {
  const days = lastDays(now, count, zone);
  const oldest = startOfDay(days[days.length - 1] as string, zone);
  const byDay = new Map<string, DayEntry[]>(days.map((d) => [d, []]));
  // One pass over the archive: an item begun long ago may still have been open in the window.
  for (const entry of items) {
    if (entry.at > now) continue;
    const span = spanOf(entry, now);
    const end = span.to < now ? span.to : now;
    if (end < oldest && entry.at < oldest) continue;
    for (const [day, role] of listedDays(entry, now, zone)) byDay.get(day)?.push({ entry, role });
  }
  return days.map((day) => ({ day, items: byDay.get(day) ?? [] }));
}

/**
 * The archive's month pages: every month with a day an item is listed under
 * (`listedDays`), newest first, its days newest first, each day's items in the archive's
 * order (newest first). An incident open across midnight, or into the next month, is
 * listed on each of its days, so every link to a day from an uptime bar finds it.
 */
export function monthDays(items: HistoryItem[], now: Date, zone: Zone): { month: string; days: Day<DayEntry>[] }[] {
  const byDay = new Map<string, DayEntry[]>();
  for (const entry of items) {
    for (const [day, role] of listedDays(entry, now, zone)) {
      const list = byDay.get(day);
      if (list) list.push({ entry, role });
      else byDay.set(day, [{ entry, role }]);
    }
  }
  const days = [...byDay.keys()].sort().reverse();
  return runs(days, (day) => day.slice(0, 7)).map((g) => ({ month: g.key, days: g.items.map((day) => ({ day, items: byDay.get(day)! })) }));
}

/** Consecutive items with the same key, in their order: one pass, for lists already sorted by time. */
function runs<T>(items: T[], keyOf: (item: T) => string): { key: string; items: T[] }[] {
  const groups: { key: string; items: T[] }[] = [];
  for (const item of items) {
    const key = keyOf(item);
    const last = groups[groups.length - 1];
    if (last && last.key === key) last.items.push(item);
    else groups.push({ key, items: [item] });
  }
  return groups;
}

/** Items grouped by month in the zone, keeping their order (newest first). */
export function groupByMonth<T extends { at: Date }>(items: T[], zone: Zone): { month: string; items: T[] }[] {
  return runs(items, (i) => monthKey(i.at, zone)).map((g) => ({ month: g.key, items: g.items }));
}

/** Incidents and maintenance of each service, newest first, in one pass over the archive. */
export function historyByService(incidents: Incident[], maintenance: Maintenance[]): Map<string, HistoryItem[]> {
  const out = new Map<string, HistoryItem[]>();
  const add = (id: string, item: HistoryItem) => {
    const list = out.get(id);
    if (list) list.push(item);
    else out.set(id, [item]);
  };
  for (const item of mergeHistory(incidents, maintenance)) {
    const ids = item.kind === 'incident' ? item.item.affected : item.item.services;
    for (const id of ids) add(id, item);
  }
  return out;
}
