/**
 * When a built page goes out of date by itself, with no new commit: the next instant at
 * which the same content, built later, would render differently. The scheduled deploy
 * rebuilds only once that instant has passed (see src/cli/due.sh and /api/build.json).
 *
 * Time changes a page when
 * - an update dated in the future becomes posted (the build shows the content as of now),
 *   or an incident's `resolved` time passes;
 * - a maintenance window changes phase (opens, closes), by the one rule in status.ts;
 * - a notice starts or stops showing, by the one rule in status.ts;
 * - a maintenance window leaves the calendar, CALENDAR_PAST_DAYS after it ended;
 * - the day rolls over in the site's zone (the uptime strips, "today", the recent days);
 * - an incident is open: its duration and today's uptime grow as time passes. The page
 *   states them "as of" the build, and a rebuild is due OPEN_INCIDENT_REFRESH_MS later.
 */
import { CALENDAR_PAST_DAYS } from '../outputs/calendar.ts';
import type { Content } from '../content/model.ts';
import { isIncidentActive, isNoticeActive, maintenancePhase } from './status.ts';
import { startOfNextDay, type Zone } from '../languages/time.ts';

/** How stale an open incident's figures (duration, today's uptime) may get before a rebuild. */
export const OPEN_INCIDENT_REFRESH_MS = 30 * 60_000;

const DAY_MS = 86_400_000;

/**
 * The first instant after `now` at which the rendering of `content` (all of it, before
 * `asOf` cuts what is not yet posted) changes by itself, in `zone`.
 */
export function nextChangeAt(content: Content, now: Date, zone: Zone): Date {
  const t = now.getTime();
  let next = startOfNextDay(now, zone).getTime();
  const consider = (at: number, changes: boolean) => {
    if (at > t && at < next && changes) next = at;
  };
  /** Whether a rule gives another answer at `at` than just before it. */
  const flips = <T>(at: number, rule: (d: Date) => T) => rule(new Date(at)) !== rule(new Date(at - 1));

  for (const incident of content.incidents) {
    for (const update of incident.updates) consider(update.at.getTime(), true);
    if (incident.resolved) consider(incident.resolved.getTime(), true);
    if (isIncidentActive(incident, now)) consider(t + OPEN_INCIDENT_REFRESH_MS, true);
  }
  for (const m of content.maintenance) {
    for (const update of m.updates) consider(update.at.getTime(), true);
    for (const edge of [m.scheduledFor, m.scheduledUntil])
      consider(
        edge.getTime(),
        flips(edge.getTime(), (d) => maintenancePhase(m, d)),
      );
    consider(m.scheduledUntil.getTime() + CALENDAR_PAST_DAYS * DAY_MS + 1, true);
  }
  for (const notice of content.notices) {
    consider(notice.posted.getTime(), true);
    for (const edge of [notice.from, notice.until]) {
      if (edge)
        consider(
          edge.getTime(),
          flips(edge.getTime(), (d) => isNoticeActive(notice, d)),
        );
    }
  }
  return new Date(next);
}

/** `/api/build.json`: what the scheduled deploy reads to decide whether to build. */
export interface BuildDocument {
  /** The build's now, ISO 8601 in UTC. */
  generated_at: string;
  /** When the page next changes by itself; null when `snapshot:` in site.yaml pins the clock. */
  next_change_at: string | null;
  /** The last commit that touched the content folder, or null outside git. */
  commit: string | null;
}

/**
 * The build document. `content` is all of it (not cut to now); a pinned clock never moves,
 * so such a page never changes by itself.
 */
export function buildDocument(content: Content, now: Date, pinned: boolean, zone: Zone, commit: string | null): BuildDocument {
  return {
    generated_at: now.toISOString(),
    next_change_at: pinned ? null : nextChangeAt(content, now, zone).toISOString(),
    commit,
  };
}
