/**
 * The build's view of the content: loaded and validated once per build, cut to what
 * was posted by `now`, and summarised at `now`. Pages import from here only.
 */
import { resolveNow, type Clock } from './lib/clock.ts';
import { contentDir, forgetLoadedContent, loadContentOnce } from './lib/load.ts';
import type { Content } from './lib/model.ts';
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

let cached: StatusData | undefined;
const feedCache = new Map<string, FeedEntry[]>();

/** Feed entries, site-wide or for one service, computed once per build for RSS and Atom alike. */
export function getFeedEntries(serviceId?: string): FeedEntry[] {
  const data = getStatusData();
  const key = serviceId ?? '';
  let entries = feedCache.get(key);
  if (!entries || import.meta.env.DEV) {
    entries = feedEntries(data.content, { origin: data.content.site.url, base: data.content.site.base, ...(serviceId ? { serviceId } : {}) });
    feedCache.set(key, entries);
  }
  return entries;
}

export function getStatusData(): StatusData {
  if (cached && !import.meta.env.DEV) return cached;
  if (import.meta.env.DEV) forgetLoadedContent();
  const result = loadContentOnce(contentDir(process.env, process.cwd()));
  if (!result.content) throw new ContentError(result.problems);
  const clock = resolveNow(process.env, result.content.site, new Date());
  const content = asOf(result.content, clock.now);
  cached = {
    content,
    clock,
    snapshot: snapshotAt(content, clock.now),
    zone: { timeZone: content.site.timeZone, locale: content.site.locale },
    history: mergeHistory(content.incidents, content.maintenance),
    byService: historyByService(content.incidents, content.maintenance),
    intervals: new Map(content.services.map((s) => [s.id, serviceIntervals(s.id, content.incidents, content.maintenance, clock.now)])),
  };
  return cached;
}
