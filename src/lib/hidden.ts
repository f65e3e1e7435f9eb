/**
 * What a pinned clock hides: everything posted after "now" is left off the page by
 * `asOf`. A staff member who posts into a folder whose `site.yaml` pins `snapshot:`
 * sees nothing change, so the build and the command line say how much is hidden.
 */
import type { Clock } from './clock.ts';
import type { Content } from './model.ts';
import { count } from './plural.ts';
import { asOf } from './status.ts';
import { formatDateTime, type Zone } from './time.ts';

export interface Hidden {
  incidents: number;
  maintenance: number;
  notices: number;
  /** Updates posted later to incidents and maintenance that are shown. */
  updates: number;
}

/** Counts what `asOf(content, now)` leaves out. */
export function hiddenAt(content: Content, now: Date): Hidden {
  const shown = asOf(content, now);
  const updates = (items: { slug: string; updates: unknown[] }[]) => new Map(items.map((i) => [i.slug, i.updates.length]));
  let later = 0;
  // Slugs of incidents and maintenance can coincide, so each kind is counted against its own shown list.
  for (const [all, cut] of [
    [content.incidents, updates(shown.incidents)],
    [content.maintenance, updates(shown.maintenance)],
  ] as const) {
    for (const item of all) {
      const kept = cut.get(item.slug);
      if (kept !== undefined) later += item.updates.length - kept;
    }
  }
  return {
    incidents: content.incidents.length - shown.incidents.length,
    maintenance: content.maintenance.length - shown.maintenance.length,
    notices: content.notices.length - shown.notices.length,
    updates: later,
  };
}

/** What the clock hides, as one line; undefined when nothing is hidden or the clock is the real time. */
export function describeHidden(hidden: Hidden, clock: Clock, zone: Zone, siteFile = 'site.yaml'): string | undefined {
  const parts = [
    hidden.incidents ? count(hidden.incidents, 'incident') : '',
    hidden.maintenance ? count(hidden.maintenance, 'maintenance window') : '',
    hidden.notices ? count(hidden.notices, 'notice') : '',
    hidden.updates ? count(hidden.updates, 'update') : '',
  ].filter(Boolean);
  if (clock.source === 'clock' || parts.length === 0) return undefined;
  const what = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0];
  return `${pinnedBy(clock, zone, siteFile)} hides ${what} posted later; ${unpin(clock, siteFile)}`;
}

/** "snapshot: 27 Jan 2025, 18:30 GMT+8 in site.yaml": what pins the clock (`siteFile` as the reader should see it). */
export function pinnedBy(clock: Clock, zone: Zone, siteFile = 'site.yaml'): string {
  const at = formatDateTime(clock.now, zone);
  return clock.source === 'env' ? `STATUSMARK_NOW=${at}` : `snapshot: ${at} in ${siteFile}`;
}

/** How to get the real time back. */
export function unpin(clock: Clock, siteFile = 'site.yaml'): string {
  return clock.source === 'env' ? 'unset STATUSMARK_NOW for a live page' : `delete \`snapshot:\` in ${siteFile} for a live page`;
}
