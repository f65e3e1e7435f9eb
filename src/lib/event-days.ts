/**
 * The days of one or more uptime strips that have an incident or maintenance, each once,
 * oldest first, with the archive path its bar links to: listed under the strips as links
 * big enough to tap.
 */
import type { UptimeSummary } from './uptime.ts';

export function eventDays(...summaries: UptimeSummary[]): { day: string; path: string }[] {
  const days = new Map<string, string>();
  for (const summary of summaries) {
    for (const bar of summary.bars) if (bar.path) days.set(bar.day, bar.path);
  }
  return [...days].sort(([a], [b]) => a.localeCompare(b)).map(([day, path]) => ({ day, path }));
}
