/**
 * The build's model: the content as it stood at the build's one `now`, the status at that
 * moment, the history and each service's status intervals. Computed once per build, by
 * the integration, and handed to every page (and to every render worker: it is plain data,
 * so it crosses a thread as it is).
 */
import { contentNow, type Clock } from '../content/clock.ts';
import type { Content, Incident, Maintenance } from '../content/model.ts';
import type { NotifyConfig } from '../notify/config.ts';
import type { Zone } from '../languages/time.ts';
import { historyByService, mergeHistory, type HistoryItem } from './history.ts';
import { statusAt, type PageStatus } from './status.ts';
import { serviceIntervals, type Interval } from './uptime.ts';

export interface StatusData {
  /** Everything as loaded, later-dated posts included (for what will change by itself). */
  all: Content;
  /** The content as it stood at the build's now. */
  content: Content;
  clock: Clock;
  /** The one status model at the build's now. */
  status: PageStatus;
  zone: Zone;
  /** Incidents and maintenance merged, newest first. */
  history: HistoryItem[];
  /** The same, per service id. */
  byService: Map<string, HistoryItem[]>;
  /** Each service's status intervals up to now, for uptime. */
  intervals: Map<string, Interval[]>;
  /** notify.yaml's channels as the load checked them; undefined without one. */
  notify: NotifyConfig | undefined;
}

/** The model of `loaded` content at the clock `env` and `realNow` give (clock.ts resolveNow). */
export function statusData(
  loaded: { content: Content; notify?: NotifyConfig | undefined },
  env: Record<string, string | undefined>,
  realNow: Date,
): StatusData {
  const { content, clock } = contentNow(loaded.content, env, realNow);
  const byService = historyByService(content.incidents, content.maintenance);
  return {
    all: loaded.content,
    content,
    clock,
    status: statusAt(content, clock.now),
    zone: { timeZone: content.site.timeZone, locale: content.site.locale },
    history: mergeHistory(content.incidents, content.maintenance),
    byService,
    // From each service's own incidents and maintenance, not the whole archive once per service.
    intervals: new Map(content.services.map((s) => [s.id, serviceIntervals(s.id, ...ownHistory(byService, s.id), clock.now)])),
    notify: loaded.notify,
  };
}

/** A service's incidents and maintenance, from the per-service index (`StatusData.byService`). */
export function ownHistory(byService: Map<string, HistoryItem[]>, id: string): [Incident[], Maintenance[]] {
  const items = byService.get(id) ?? [];
  return [items.flatMap((i) => (i.kind === 'incident' ? [i.item] : [])), items.flatMap((i) => (i.kind === 'maintenance' ? [i.item] : []))];
}
