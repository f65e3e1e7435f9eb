/**
 * The build's view of the content: loaded and validated once per build, cut to what
 * was posted by `now`, and summarised at `now`. Pages import from here only.
 */
import { resolveNow, type Clock } from './lib/clock.ts';
import { contentDir, forgetLoadedContent, loadContentOnce } from './lib/load.ts';
import type { Content, Incident, Maintenance } from './lib/model.ts';
import { perBuild } from './per-build.ts';
import { ContentError } from './lib/problems.ts';
import { asOf, snapshotAt, type Snapshot } from './lib/status.ts';
import { historyByService, mergeHistory, type HistoryItem } from './lib/history.ts';
import type { Zone } from './lib/time.ts';
import { feedEntries, type FeedEntry } from './lib/feeds.ts';
import { serviceIntervals, type Interval } from './lib/uptime.ts';

export interface StatusData {
  content: Content;
  clock: Clock;
  snapshot: Snapshot;
  zone: Zone;
  /** Incidents and maintenance merged, newest first. */
  history: HistoryItem[];
  /** The same, per service id. */
  byService: Map<string, HistoryItem[]>;
  /** Each service's status intervals up to now, for uptime. */
  intervals: Map<string, Interval[]>;
}

export const getStatusData = perBuild((): StatusData => {
  if (import.meta.env.DEV) forgetLoadedContent();
  const result = loadContentOnce(contentDir(process.env, process.cwd()));
  if (!result.content) throw new ContentError(result.problems);
  const clock = resolveNow(process.env, result.content.site, new Date());
  const content = asOf(result.content, clock.now);
  const byService = historyByService(content.incidents, content.maintenance);
  return {
    content,
    clock,
    snapshot: snapshotAt(content, clock.now),
    zone: { timeZone: content.site.timeZone, locale: content.site.locale },
    history: mergeHistory(content.incidents, content.maintenance),
    byService,
    // From each service's own incidents and maintenance, not the whole archive once per service.
    intervals: new Map(content.services.map((s) => [s.id, serviceIntervals(s.id, ...ownHistory(byService, s.id), clock.now)])),
  };
});

/** A service's incidents and maintenance, from the per-service index. */
function ownHistory(byService: Map<string, HistoryItem[]>, id: string): [Incident[], Maintenance[]] {
  const items = byService.get(id) ?? [];
  return [items.flatMap((i) => (i.kind === 'incident' ? [i.item] : [])), items.flatMap((i) => (i.kind === 'maintenance' ? [i.item] : []))];
}

const feedCache = perBuild(() => new Map<string, FeedEntry[]>());

/** Feed entries, site-wide or for one service, computed once per build for RSS and Atom alike. */
export function getFeedEntries(serviceId?: string): FeedEntry[] {
  const { content, byService } = getStatusData();
  const cache = feedCache();
  const key = serviceId ?? '';
  let entries = cache.get(key);
  if (!entries) {
    // A service's feed reads only that service's part of the archive.
    const [incidents, maintenance] = serviceId ? ownHistory(byService, serviceId) : [content.incidents, content.maintenance];
    entries = feedEntries({ ...content, incidents, maintenance }, { origin: content.site.url, base: content.site.base, ...(serviceId ? { serviceId } : {}) });
    cache.set(key, entries);
  }
  return entries;
}
