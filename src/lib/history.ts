/**
 * History: incidents and maintenance arranged by calendar day or month in the site's
 * zone, and cut into pages, without ever walking more of the archive than needed.
 */
import type { Incident, Maintenance } from './model.ts';
import { dayKey, lastDays, monthKey, startOfDay, type Zone } from './time.ts';

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

/**
 * The last `count` days ending today, newest first, each with the items that began on
 * it. `items` must be newest first; only the recent head of it is read.
 */
export function recentDays<T extends { at: Date }>(items: T[], now: Date, count: number, zone: Zone): Day<T>[] {
  const days = lastDays(now, count, zone);
  const oldest = startOfDay(days[days.length - 1] as string, zone);
  const byDay = new Map<string, T[]>(days.map((d) => [d, []]));
  for (const item of items) {
    if (item.at < oldest) break;
    if (item.at > now) continue;
    byDay.get(dayKey(item.at, zone))?.push(item);
  }
  return days.map((day) => ({ day, items: byDay.get(day) ?? [] }));
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
    const ids = item.kind === 'incident' ? Object.keys(item.item.services) : item.item.services;
    for (const id of ids) add(id, item);
  }
  return out;
}

/** Items grouped by day in the zone, keeping their order (newest first). */
export function groupByDay<T extends { at: Date }>(items: T[], zone: Zone): { day: string; items: T[] }[] {
  return runs(items, (i) => dayKey(i.at, zone)).map((g) => ({ day: g.key, items: g.items }));
}
