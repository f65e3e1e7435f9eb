/**
 * What a pinned clock hides: everything posted after "now" is left off the page by
 * `asOf`. A staff member who posts into a folder whose `site.yaml` pins `snapshot:`
 * sees nothing change, so the build and the command line say how much is hidden.
 */
import type { Clock } from './clock.ts';
import type { Content } from './model.ts';
import { count } from '../languages/plural.ts';
import type { Problem } from './problems.ts';
import { asOf } from '../status/status.ts';
import { formatDateTime, type Zone } from '../languages/time.ts';

export interface Hidden {
  incidents: number;
  maintenance: number;
  notices: number;
  /** Updates posted later to incidents and maintenance that are shown. */
  updates: number;
}

/** An incident or maintenance window with updates `asOf` leaves out: all of them (`whole`), or the later ones. */
interface Cut {
  kind: 'incident' | 'maintenance window';
  file: string;
  whole: boolean;
  /** The updates left out, oldest first. */
  hidden: { at: Date; line: number }[];
}

/** What `asOf(content, now)` leaves out of each incident and maintenance window. */
function cutsAt(content: Content, now: Date): { cuts: Cut[]; notices: number } {
  const shown = asOf(content, now);
  const kept = (items: { slug: string; updates: unknown[] }[]) => new Map(items.map((i) => [i.slug, i.updates.length]));
  const cuts: Cut[] = [];
  // Slugs of incidents and maintenance can coincide, so each kind is counted against its own shown list.
  for (const [kind, all, cut] of [
    ['incident', content.incidents, kept(shown.incidents)],
    ['maintenance window', content.maintenance, kept(shown.maintenance)],
  ] as const) {
    for (const item of all) {
      const count = cut.get(item.slug) ?? 0;
      if (count < item.updates.length) cuts.push({ kind, file: item.file, whole: !cut.has(item.slug), hidden: item.updates.slice(count) });
    }
  }
  return { cuts, notices: content.notices.length - shown.notices.length };
}

/** Counts what `asOf(content, now)` leaves out. */
export function hiddenAt(content: Content, now: Date): Hidden {
  const { cuts, notices } = cutsAt(content, now);
  const whole = (kind: Cut['kind']) => cuts.filter((c) => c.kind === kind && c.whole).length;
  return {
    incidents: whole('incident'),
    maintenance: whole('maintenance window'),
    notices,
    updates: cuts.filter((c) => !c.whole).reduce((sum, c) => sum + c.hidden.length, 0),
  };
}

/**
 * A warning for each incident and maintenance window dated ahead of the clock, at its
 * first update the page leaves out: a wrong offset during an outage would otherwise hide
 * the outage without a word. A notice whose `from:` lies ahead is scheduled on purpose,
 * so notices are not named. `validate --strict` makes these errors. A clock pinned by
 * `snapshot:` hides later posts on purpose (the demo), and `describeHidden` counts them
 * in one line, so nothing is said file by file then.
 */
export function futureDated(content: Content, clock: Clock, zone: Zone): Problem[] {
  if (clock.source === 'snapshot') return [];
  const { now } = clock;
  return cutsAt(content, now).cuts.flatMap(({ kind, file, whole, hidden }) => {
    const [first, ...rest] = hidden.filter((u) => u.at > now);
    if (!first) return [];
    const at = formatDateTime(first.at, zone);
    const more = rest.length ? ` (and ${count(rest.length, 'later update')})` : '';
    return [
      {
        file,
        line: first.line,
        field: 'update',
        warning: true,
        message: `is at ${at}, ahead of the build's clock (${formatDateTime(now, zone)}): the ${whole ? kind : 'update'} shows from ${at}${more}`,
      },
    ];
  });
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
