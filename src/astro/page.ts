/**
 * The route data: what a page or endpoint in one language is made of: its language and
 * vocabulary, the zone its dates are written in, where that language's pages live, and the
 * content and the one status model as that language's readers see them. Computed once per
 * language per build, not once per page: every page of a language shares it.
 *
 * Pages, components and endpoints read it from `Astro.locals.statusmark`, set once per
 * request by the middleware in route-data.ts; `getStaticPaths`, which runs before any
 * request, asks `routeContext` with its `routePattern`. Nothing else learns the language
 * of a route.
 */
import { getContentIn, getLanguageView, getStatusData, slugIndexIn, uptimeIn, type StatusData } from './data.ts';
import { perBuildKeyed } from './per-build.ts';
import { languageOfRoute, statusIn } from '../lib/languages/languages.ts';
import type { LanguageView } from '../lib/languages/language-view.ts';
import { historyByService, mergeHistory, type HistoryItem } from '../lib/status/history.ts';
import type { Content, Incident, Maintenance } from '../lib/content/model.ts';
import { withBase } from '../lib/outputs/paths.ts';
import type { PageStatus } from '../lib/status/status.ts';
import type { Zone } from '../lib/languages/time.ts';
import type { UptimeSummary } from '../lib/status/uptime.ts';
import type { Vocabulary } from '../lib/languages/vocabulary.ts';

/** One language version of the site, for the language links and `hreflang`. */
export interface LanguageVersion {
  lang: string;
  /** The `<html lang>` and `hreflang` value: the site's locale for its own language (`en-GB`). */
  locale: string;
  /** The language's name in itself ("English", "简体中文"). */
  name: string;
  /** The base path of its pages: `/` for the default language, `/en/` for English. */
  base: string;
}

export interface PageContext {
  lang: string;
  /** The page's language as feeds, the calendar and badges declare it (tag, locale, prefix, words). */
  language: LanguageView;
  /** The vocabulary of the page's language. */
  t: Vocabulary;
  /** The `<html lang>` value. */
  locale: string;
  /** The site's zone, with the page's locale for dates. */
  zone: Zone;
  /** The base path of this language's pages; every internal link is built on it. */
  base: string;
  /** The site's own base path, for what is built once for all languages (the JSON API). */
  siteBase: string;
  /** The content as this language's readers see it (`contentIn`). */
  content: Content;
  /** Its incidents and maintenance by slug: each one's page finds itself here from its route's slug. */
  bySlug: { incidents: Map<string, Incident>; maintenance: Map<string, Maintenance> };
  /** The one status model, with this language's titles (`statusIn`). */
  status: PageStatus;
  clock: StatusData['clock'];
  /** Incidents and maintenance merged, newest first, in this language. */
  history: HistoryItem[];
  /** The same, per service id. */
  byService: Map<string, HistoryItem[]>;
  /** Each service's status intervals: language free, shared by every language. */
  intervals: StatusData['intervals'];
  /** Each service's 90-day uptime strip, in this language's words. */
  uptime: Map<string, UptimeSummary>;
  /** Every language of the site, the default first. */
  languages: LanguageVersion[];
}

/** The context of each language, once per build. */
const contextIn = perBuildKeyed((lang: string): PageContext => build(getStatusData(), lang));

/**
 * The context of a route, from its pattern (`context.routePattern` in the middleware, the
 * `routePattern` option in `getStaticPaths`): `/en/updates.rss` is built in `en`. The one
 * place a route's language is found, once per route pattern per build.
 */
export const routeContext = perBuildKeyed(
  (routePattern: string): PageContext => contextIn(languageOfRoute(getStatusData().content.site.languages, routePattern)),
);

function build(data: StatusData, lang: string): PageContext {
  const { site } = data.content;
  // The one module that reads Astro's base: everything else takes `siteBase` from here.
  const siteBase = import.meta.env.BASE_URL;
  // Each language's tag, locale, prefix and words, from the one place feeds and badges learn theirs.
  const views = site.languages.map((l) => getLanguageView(l));
  const languages = views.map((v) => ({
    lang: v.lang,
    locale: v.locale,
    name: v.words.ui.languageName,
    base: withBase(siteBase, v.prefix),
  }));
  const own = getLanguageView(lang);
  const t = own.words;
  const locale = own.locale;
  const zone = { timeZone: site.timeZone, locale };
  // A site in one language reads the build's own content, history and status: nothing to translate.
  const one = site.languages.length <= 1;
  // The same per-language content the feeds, calendar and badges read (computed once per language).
  const content = one ? data.content : getContentIn(lang);
  const history = one ? data.history : mergeHistory(content.incidents, content.maintenance);
  return {
    lang,
    language: own,
    t,
    locale,
    zone,
    base: withBase(siteBase, own.prefix),
    siteBase,
    content,
    bySlug: slugIndexIn(lang),
    status: one ? data.status : statusIn(data.status, content),
    clock: data.clock,
    history,
    byService: one ? data.byService : historyByService(content.incidents, content.maintenance),
    intervals: data.intervals,
    uptime: new Map([...uptimeIn(zone, t)].map(([id, u]) => [id, u.summary])),
    languages,
  };
}
