/**
 * The build's view of the content, and the one door pages come through: the content
 * loaded and validated once per build, cut to what was posted by `now`, the one status
 * model at `now`, and what is derived from them once and shared by every route (feed
 * entries, the API documents, uptime figures).
 */
import { spawnSync } from 'node:child_process';
import { loadContent } from '../lib/content/load.ts';
import { contentDir } from 'virtual:statusmark/config';
import type { Content } from '../lib/content/model.ts';
import { perBuild, perBuildKeyed } from './per-build.ts';
import { ContentError } from '../lib/content/problems.ts';
import { ownHistory, statusData, type StatusData } from '../lib/status/status-data.ts';
import { sharedModel } from './shared-model.ts';
import { en } from '../lib/languages/catalogs/en.ts';
import type { Vocabulary } from '../lib/languages/vocabulary.ts';
import { feedEntries, incidentFeedEntries, type FeedEntry } from '../lib/outputs/feeds.ts';
import { contentIn } from '../lib/languages/languages.ts';
import { languageView, type LanguageView } from '../lib/languages/language-view.ts';
import { StatusApi } from '../lib/outputs/api.ts';
import { paths } from '../lib/outputs/paths.ts';
import { formatDay, formatShortDay, lastDays, type Zone } from '../lib/languages/time.ts';
import { STRIP_DAYS, uptimeSummary, type DayUptime, type UptimeSummary } from '../lib/status/uptime.ts';

export type { StatusData };

/**
 * The build's model: the one the integration computed and shared (shared-model.ts), or, in
 * the dev server, computed again from the content on every request so that edits show at once.
 * A build without it stops: a page that computed its own would read the clock on its own.
 */
export const getStatusData = perBuild((): StatusData => {
  if (!import.meta.env.DEV) {
    const shared = sharedModel(contentDir);
    if (!shared)
      throw new Error(
        `no model of ${contentDir} was shared with this page: the statusmark integration computes it before any page is built`,
      );
    return shared;
  }
  const result = loadContent(contentDir);
  if (!result.content) throw new ContentError(result.problems);
  return statusData({ content: result.content, notify: result.notify }, process.env, new Date());
});

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

/**
 * The content in `lang` by slug: a part of the archive is found in it without translating it
 * again, and an incident's or maintenance page finds its own (its route passes only the slug).
 */
export const slugIndexIn = perBuildKeyed((lang: string) => {
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
