/** Uptime figures for this build, computed once per service and shared by the pages and /api/uptime.json. */
import { getStatusData } from './data.ts';
import { perBuild } from './per-build.ts';
import { paths } from './lib/paths.ts';
import { formatDay, formatShortDay, lastDays } from './lib/time.ts';
import { STRIP_DAYS, uptimeSummary, type DayUptime, type UptimeSummary } from './lib/uptime.ts';

export const getUptime = perBuild((): Map<string, { summary: UptimeSummary; days: DayUptime[] }> => {
  const { content, clock, zone, intervals } = getStatusData();
  const days = lastDays(clock.now, STRIP_DAYS, zone);
  const label = (day: string) => formatDay(day, zone);
  return new Map(
    content.services.map((s) => [s.id, uptimeSummary(s, intervals.get(s.id) ?? [], clock.now, zone, days, label, paths.day, (day) => formatShortDay(day, zone))]),
  );
});
