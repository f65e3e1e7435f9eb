/**
 * What an HTML page in one language is made of: the page's language and vocabulary, the
 * zone its dates are written in, where that language's pages live, and the content and
 * the one status model as that language's readers see them. Computed once per language
 * per build (`perBuild`), not once per page: every page of a language shares it.
 */
import { getContentIn, getStatusData, routeLanguage, uptimeIn, type StatusData } from './data.ts';
import { perBuild } from './per-build.ts';
import { statusIn } from '../lib/languages/languages.ts';
import { languageView } from '../lib/languages/language-view.ts';
import { historyByService, mergeHistory, type HistoryItem } from '../lib/status/history.ts';
import type { Content } from '../lib/content/model.ts';
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

const contexts = perBuild(() => new Map<string, PageContext>());

/**
 * The context of a page, from its route pattern (`Astro.routePattern` in a page, the
 * `routePattern` option in `getStaticPaths`).
 */
export function pageContext(routePattern: string): PageContext {
  const data = getStatusData();
  const lang = routeLanguage(routePattern);
  const cache = contexts();
  let context = cache.get(lang);
  if (!context) {
    context = build(data, lang);
    cache.set(lang, context);
  }
  return context;
}

function build(data: StatusData, lang: string): PageContext {
  const { site } = data.content;
  const siteBase = import.meta.env.BASE_URL;
  // Each language's tag, locale, prefix and words, from the one place feeds and badges learn theirs.
  const views = site.languages.map((l) => languageView(site, l));
  const languages = views.map((v) => ({
    lang: v.lang,
    locale: v.locale,
    name: v.words.ui.languageName,
    base: withBase(siteBase, v.prefix),
  }));
  const own = languageView(site, lang);
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
    t,
    locale,
    zone,
    base: withBase(siteBase, own.prefix),
    siteBase,
    content,
    status: one ? data.status : statusIn(data.status, content),
    clock: data.clock,
    history,
    byService: one ? data.byService : historyByService(content.incidents, content.maintenance),
    intervals: data.intervals,
    uptime: new Map([...uptimeIn(zone, t)].map(([id, u]) => [id, u.summary])),
    languages,
  };
}
