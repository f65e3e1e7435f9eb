/**
 * The build's view of the content, and the one door pages come through: the content
 * loaded and validated once per build, cut to what was posted by `now`, the one status
 * model at `now`, and what is derived from them once and shared by every route (feed
 * entries, the API documents, uptime figures).
 */
import { spawnSync } from 'node:child_process';
import { contentNow, type Clock } from '../lib/content/clock.ts';
import { forgetLoadedContent, loadContentOnce } from '../lib/content/load.ts';
import { contentDir } from 'virtual:statusmark/config';
import type { Content, Incident, Maintenance } from '../lib/content/model.ts';
import { perBuild, perBuildKeyed } from './per-build.ts';
import { ContentError } from '../lib/content/problems.ts';
import { statusAt, type PageStatus } from '../lib/status/status.ts';
import { historyByService, mergeHistory, type HistoryItem } from '../lib/status/history.ts';
import type { Zone } from '../lib/languages/time.ts';
import { en } from '../lib/languages/catalogs/en.ts';
import type { Vocabulary } from '../lib/languages/vocabulary.ts';
import { feedEntries, incidentFeedEntries, type FeedEntry } from '../lib/outputs/feeds.ts';
import { contentIn } from '../lib/languages/languages.ts';
import { languageView, type LanguageView } from '../lib/languages/language-view.ts';
import { StatusApi } from '../lib/outputs/api.ts';
import type { NotifyConfig } from '../lib/notify/config.ts';
import { paths } from '../lib/outputs/paths.ts';
import { formatDay, formatShortDay, lastDays } from '../lib/languages/time.ts';
import { serviceIntervals, STRIP_DAYS, uptimeSummary, type DayUptime, type Interval, type UptimeSummary } from '../lib/status/uptime.ts';

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

export const getStatusData = perBuild((): StatusData => {
  if (import.meta.env.DEV) forgetLoadedContent();
  const result = loadContentOnce(contentDir);
  if (!result.content) throw new ContentError(result.problems);
  const { content, clock } = contentNow(result.content, process.env, new Date());
  const byService = historyByService(content.incidents, content.maintenance);
  return {
    all: result.content,
    content,
    clock,
    status: statusAt(content, clock.now),
    zone: { timeZone: content.site.timeZone, locale: content.site.locale },
    history: mergeHistory(content.incidents, content.maintenance),
    byService,
    // From each service's own incidents and maintenance, not the whole archive once per service.
    intervals: new Map(content.services.map((s) => [s.id, serviceIntervals(s.id, ...ownHistory(byService, s.id), clock.now)])),
    notify: result.notify,
  };
});

/** A service's incidents and maintenance, from the per-service index. */
function ownHistory(byService: Map<string, HistoryItem[]>, id: string): [Incident[], Maintenance[]] {
  const items = byService.get(id) ?? [];
  return [items.flatMap((i) => (i.kind === 'incident' ? [i.item] : [])), items.flatMap((i) => (i.kind === 'maintenance' ? [i.item] : []))];
}

/**
 * One language's tag, locale, prefix and words (`languageView`), once per language per build:
 * the one place pages, feeds, the calendar and the badges take their language from.
 */
export const getLanguageView = perBuildKeyed((lang: string): LanguageView => languageView(getStatusData().content.site, lang));

/** The content as `lang`'s readers see it (`contentIn`), once per language per build. */
export const getContentIn = perBuildKeyed((lang: string): Content => contentIn(getStatusData().content, lang));

/** What every feed of `lang` links to and declares: the site's origin and base, and the language. */
function feedOptions(lang: string) {
  const { site } = getStatusData().content;
  return { origin: site.url, base: site.base, language: getLanguageView(lang) };
}

/** The site-wide feed's entries in `lang`. */
const siteFeedEntries = perBuildKeyed((lang: string): FeedEntry[] => feedEntries(getContentIn(lang), feedOptions(lang)));

/** Each service's feed entries in `lang`: per language, a table by service id, each filled when first asked. */
const serviceFeedEntries = perBuildKeyed((lang: string) => {
  const byId = new Map<string, FeedEntry[]>();
  return (serviceId: string): FeedEntry[] => {
    let entries = byId.get(serviceId);
    if (!entries) byId.set(serviceId, (entries = serviceFeed(lang, serviceId)));
    return entries;
  };
});

/** A service's feed reads only that service's part of the archive, taken from the content as the feed's language sees it. */
function serviceFeed(lang: string, serviceId: string): FeedEntry[] {
  const [incidents, maintenance] = ownHistory(getStatusData().byService, serviceId);
  const seen = getContentIn(lang);
  const index = slugIndexIn(lang);
  return feedEntries(
    {
      ...seen,
      incidents: incidents.map((i) => index.incidents.get(i.slug) ?? i),
      maintenance: maintenance.map((m) => index.maintenance.get(m.slug) ?? m),
      notices: [],
    },
    { ...feedOptions(lang), serviceId },
  );
}

/** The content in `lang` by slug, so a part of the archive is found in it without translating it again. */
const slugIndexIn = perBuildKeyed((lang: string) => {
  const seen = getContentIn(lang);
  return { incidents: new Map(seen.incidents.map((i) => [i.slug, i])), maintenance: new Map(seen.maintenance.map((m) => [m.slug, m])) };
});

/** Feed entries in `lang`, site-wide or for one service, computed once per build for RSS and Atom alike. */
export function getFeedEntries(lang: string, serviceId?: string): FeedEntry[] {
  return serviceId ? serviceFeedEntries(lang)(serviceId) : siteFeedEntries(lang);
}

/** The Statuspage-shaped feed's entries in `lang` (one per incident or maintenance), once per build for RSS and Atom alike. */
export const getIncidentFeedEntries = perBuildKeyed((lang: string): FeedEntry[] => {
  const options = feedOptions(lang);
  return incidentFeedEntries(getContentIn(lang), {
    ...options,
    zone: { timeZone: getStatusData().content.site.timeZone, locale: options.language.locale },
  });
});

/** The JSON API documents for this build, built once and shared by the /api/v2/ routes. */
export const getApi = perBuild(() => {
  const { content, status } = getStatusData();
  return new StatusApi(content, status);
});

/** Each service's uptime strip and days, with its words in the vocabulary `t` and its dates in `zone`'s locale. */
export function uptimeIn(zone: Zone, t: Vocabulary): Map<string, { summary: UptimeSummary; days: DayUptime[] }> {
  const { content, clock, intervals } = getStatusData();
  const days = lastDays(clock.now, STRIP_DAYS, zone);
  const label = (day: string) => formatDay(day, zone);
  return new Map(
    content.services.map((s) => [
      s.id,
      uptimeSummary(s, intervals.get(s.id) ?? [], clock.now, zone, days, label, paths.day, (day) => formatShortDay(day, zone), t),
    ]),
  );
}

/** Uptime figures, computed once per service and shared by /api/uptime.json. */
export const getUptime = perBuild(() => uptimeIn(getStatusData().zone, en));

/** The last git commit that touched the content folder, or null outside a git work tree. */
export const getContentCommit = perBuild((): string | null => {
  const result = spawnSync('git', ['log', '-1', '--format=%H', '--', '.'], { cwd: contentDir, encoding: 'utf8' });
  const sha = result.status === 0 ? result.stdout.trim() : '';
  return /^[0-9a-f]{40}$/.test(sha) ? sha : null;
});
