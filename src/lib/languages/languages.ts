/**
 * The site's languages, and content as seen in one of them.
 *
 * `site.yaml` may name several languages, the first being the default (`languages:
 * [zh-CN, en]`); without it the site has one, its `locale`. Staff may write a title, a
 * notice and each update message in several languages; `contentIn` gives the content as
 * a visitor reading one language sees it: each text in that language when it was written
 * in it, else in the default language, else in the first it was written in, marked with
 * the language it is in (`titleLang`, `bodyLang`, an update's `lang`) so the page can tag
 * that fragment with its own `lang` attribute.
 */
import type { Vocabulary } from './vocabulary.ts';
import { CATALOGS } from './catalogs/index.ts';
import { en } from './catalogs/en.ts';
import { catalogTag, primary } from './tags.ts';
import type { Content, Incident, Maintenance, Notice, Service, ServiceGroup, Site, Titled, Update } from '../content/model.ts';
import type { Texts } from '../content/schema.ts';
import type { PageStatus } from '../status/status.ts';
import { paths } from '../outputs/paths.ts';

// Tags alone, for the modules (the schema) that must not load a catalog.
export { CATALOG_TAGS, catalogTag, declaredLanguage, primary, undeclaredLanguage } from './tags.ts';

/** The vocabulary visitors reading `tag` see; English when no catalog fits (validation refuses such a tag). */
export function catalogFor(tag: string): Vocabulary {
  const key = catalogTag(tag);
  return (key && CATALOGS[key]) || en;
}

/** The site's default language: the first of `languages`. */
export function defaultLanguage(site: Pick<Site, 'languages'>): string {
  return site.languages[0] ?? 'en';
}

/**
 * The locale a language's pages are written in (dates, `<html lang>`): the site's `locale`
 * when it is a region of that language (`locale: en-GB` for `en`), else the tag itself.
 */
export function localeFor(site: Pick<Site, 'locale'>, lang: string): string {
  return primary(site.locale) === primary(lang) ? site.locale : lang;
}

/**
 * Where a language's pages live under the base path: the default language at the root
 * (`''`), each other one under its tag in lower case (`en/`, `zh-tw/`).
 */
export function languagePrefix(languages: readonly string[], lang: string): string {
  return lang === languages[0] ? '' : `${lang.toLowerCase()}/`;
}

/** The language of a route pattern as the integration injects it (`/en/incidents/[slug]` → `en`): the inverse of `languagePrefix`. */
export function languageOfRoute(languages: readonly string[], routePattern: string): string {
  const first = routePattern.replace(/^\/+/, '').split('/')[0] ?? '';
  return languages.slice(1).find((lang) => lang.toLowerCase() === first) ?? languages[0] ?? 'en';
}

/** Picks one language's version of a text written in several: `want`, else the default, else the first written. */
function pick<T>(texts: Record<string, T>, want: string, fallback: string): [string, T] | undefined {
  for (const tag of [want, fallback, ...Object.keys(texts)]) {
    const text = texts[tag];
    if (text !== undefined) return [tag, text];
  }
  return undefined;
}

/**
 * One text written in one or more languages, as `lang`'s readers see it: the version in
 * `lang`, else the default's, else the first written (`pick`), and its mark, the language
 * it is in when that is not `lang`. Without `texts` it is in the default language only:
 * unmarked there, marked on every other language's view.
 */
function chosen<T>(texts: Record<string, T> | undefined, lang: string, fallback: string): { text?: T; mark?: string } {
  if (!texts) return lang === fallback ? {} : { mark: fallback };
  const found = pick(texts, lang, fallback);
  if (!found) return {};
  return { text: found[1], ...(found[0] !== lang ? { mark: found[0] } : {}) };
}

/** An object whose optional fields may be given as undefined, for `defined` to drop. */
type Unset<T> = { [K in keyof T]: undefined extends T[K] ? T[K] | undefined : T[K] };

/** Drops the values left undefined (a mark a text does not need), so a view carries only real marks. */
function defined<T extends object>(item: Unset<T>): T {
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined)) as T;
}

/**
 * A localized field (`title` with its `titles`, `name` with its `names`, …) as `lang`'s
 * readers see it: the text in `lang` (`chosen`), and its mark (for `titleLang`, `nameLang`, …).
 */
function textIn(text: string, texts: Texts | undefined, lang: string, fallback: string): { text: string; mark?: string | undefined } {
  const c = chosen(texts, lang, fallback);
  return { text: c.text ?? text, mark: c.mark };
}

function serviceIn(s: Service, lang: string, fallback: string): Service {
  const name = textIn(s.name, s.names, lang, fallback);
  const description = s.description ? textIn(s.description, s.descriptions, lang, fallback) : undefined;
  const group = textIn(s.group, s.groups, lang, fallback);
  return defined<Service>({
    ...s,
    name: name.text,
    nameLang: name.mark,
    ...(description ? { description: description.text, descriptionLang: description.mark } : {}),
    group: group.text,
    groupLang: group.mark,
  });
}

function groupIn(g: ServiceGroup, lang: string, fallback: string, services: Map<string, Service>): ServiceGroup {
  const name = textIn(g.name, g.names, lang, fallback);
  return defined<ServiceGroup>({ ...g, name: name.text, nameLang: name.mark, services: g.services.map((s) => services.get(s.id) ?? s) });
}

function siteIn(site: Site, lang: string, fallback: string): Site {
  const name = textIn(site.name, site.names, lang, fallback);
  const description = site.description ? textIn(site.description, site.descriptions, lang, fallback) : undefined;
  return defined<Site>({
    ...site,
    name: name.text,
    nameLang: name.mark,
    ...(description ? { description: description.text, descriptionLang: description.mark } : {}),
  });
}

/** An incident's, a maintenance window's or a notice's title as `lang`'s readers see it. */
function titleIn(item: Titled, lang: string, fallback: string): { title: string; titleLang: string | undefined } {
  const title = textIn(item.title, item.titles, lang, fallback);
  return { title: title.text, titleLang: title.mark };
}

function updatesIn<S extends string>(updates: Update<S>[], lang: string, fallback: string): Update<S>[] {
  return updates.map((u) => {
    const c = chosen(u.texts, lang, fallback);
    return defined<Update<S>>({ ...u, ...(c.text ? { message: c.text.message, html: c.text.html } : {}), lang: c.mark });
  });
}

function noticeIn(n: Notice, lang: string, fallback: string): Notice {
  const c = chosen(n.bodies, lang, fallback);
  return defined<Notice>({
    ...n,
    ...titleIn(n, lang, fallback),
    ...(c.text ? { body: c.text.body, html: c.text.html } : {}),
    bodyLang: c.mark,
  });
}

/**
 * The content as a visitor reading `lang` sees it. Text written only in the site's
 * default language (no `titles`/`bodies`/`texts`) is marked as being in that language
 * on another language's pages.
 */
export function contentIn(content: Content, lang: string): Content {
  const fallback = defaultLanguage(content.site);
  const services = content.services.map((s) => serviceIn(s, lang, fallback));
  const byId = new Map(services.map((s) => [s.id, s]));
  return {
    ...content,
    site: siteIn(content.site, lang, fallback),
    services,
    groups: content.groups.map((g) => groupIn(g, lang, fallback, byId)),
    incidents: content.incidents.map((i) =>
      defined<Incident>({ ...i, ...titleIn(i, lang, fallback), updates: updatesIn(i.updates, lang, fallback) }),
    ),
    maintenance: content.maintenance.map((m) =>
      defined<Maintenance>({ ...m, ...titleIn(m, lang, fallback), updates: updatesIn(m.updates, lang, fallback) }),
    ),
    notices: content.notices.map((n) => noticeIn(n, lang, fallback)),
  };
}

/** For each of the site's languages (when it has more than one): how many updates (incidents' and maintenance's) are not written in it, of how many. */
export function missingTranslations(content: Content): { lang: string; missing: number; total: number }[] {
  const languages = content.site.languages;
  if (languages.length < 2) return [];
  const first = languages[0];
  const updates = [...content.incidents, ...content.maintenance].flatMap((item) => item.updates as Update<string>[]);
  return languages.map((lang) => ({
    lang,
    // Without `texts` an update is written in the default language only.
    missing: updates.filter((u) => (u.texts ? !(lang in u.texts) : lang !== first)).length,
    total: updates.length,
  }));
}

/** What the build and `statusmark validate` say about `missingTranslations`: one line per language that lacks any. */
export function describeMissingTranslations(content: Content): string[] {
  return missingTranslations(content)
    .filter((m) => m.missing > 0)
    .map(
      (m) =>
        `${m.lang}: ${m.missing} of ${m.total} updates have no ${m.lang} text; its pages show them in the language they were written in`,
    );
}

/**
 * The one status model (computed once, from any language's content: statuses do not depend
 * on words) as a language's readers see it: the incidents, maintenance, notices and banner
 * titles it lists are replaced by their versions in `content`, that language's `contentIn`.
 */
export function statusIn(status: PageStatus, content: Content): PageStatus {
  const incidents = new Map(content.incidents.map((i) => [i.slug, i]));
  const maintenance = new Map(content.maintenance.map((m) => [m.slug, m]));
  const notices = new Map(content.notices.map((n) => [n.slug, n]));
  const titled = new Map<string, { title: string; titleLang?: string }>();
  const names = new Map(content.services.map((s) => [s.id, s.name]));
  const incidentIn = (i: Incident) => {
    const mine = incidents.get(i.slug) ?? i;
    titled.set(paths.incident(i.slug), mine);
    return mine;
  };
  const maintenanceIn = (m: Maintenance) => {
    const mine = maintenance.get(m.slug) ?? m;
    titled.set(paths.maintenance(m.slug), mine);
    return mine;
  };
  const activeIncidents = status.activeIncidents.map(incidentIn);
  const activeMaintenance = status.activeMaintenance.map(maintenanceIn);
  return {
    ...status,
    activeIncidents,
    activeMaintenance,
    upcomingMaintenance: status.upcomingMaintenance.map(maintenanceIn),
    activeNotices: status.activeNotices.map((n) => notices.get(n.slug) ?? n),
    banners: status.banners.map((b) => {
      const mine = titled.get(b.path);
      const services = b.services.map((s) => ({ ...s, name: names.get(s.id) ?? s.name }));
      if (!mine) return { ...b, services };
      const { titleLang: _old, ...rest } = b;
      return { ...rest, services, title: mine.title, ...(mine.titleLang ? { titleLang: mine.titleLang } : {}) };
    }),
  };
}
