/**
 * Feeds: every incident update, maintenance update and notice is its own entry, so a
 * subscriber hears about every change of state, not only about new incidents.
 * The same entries feed RSS (`@astrojs/rss`) and Atom (`feed`), site-wide and per service.
 */
import { escapeHtml, markdownToText } from '../content/markdown.ts';
import type { Content, IncidentState, MaintenanceState, Service, Update } from '../content/model.ts';
import { formatDateTime, type Zone } from '../languages/time.ts';
import { absoluteUrl, paths } from './paths.ts';
import { statusesAfterUpdates } from '../status/phases.ts';
import type { LanguageView } from '../languages/language-view.ts';
import type { Vocabulary } from '../languages/vocabulary.ts';

/** Entries per feed; older ones are in the history pages. */
export const FEED_LIMIT = 50;

export interface FeedEntry {
  /** Stable and unique: the absolute URL of the update's anchor. */
  id: string;
  title: string;
  link: string;
  date: Date;
  /** Sanitised HTML: the message, the affected services and a link to the page. */
  html: string;
  categories: string[];
}

export interface FeedOptions {
  origin: string;
  base: string;
  /** The language the entries are written in, and whose pages they link. */
  language: Pick<LanguageView, 'prefix' | 'words'>;
  /** Only what touches this service. */
  serviceId?: string;
  limit?: number;
}

/** The newest entries first, at most `limit`. */
export function feedEntries(content: Content, options: FeedOptions): FeedEntry[] {
  const { serviceId, limit = FEED_LIMIT } = options;
  const { words } = options.language;
  const names = new Map(content.services.map((s) => [s.id, s] as const));
  const url = pageUrl(options);
  const entries: Drafted[] = [];

  for (const incident of content.incidents) {
    if (serviceId && !incident.affected.includes(serviceId)) continue;
    const page = url(paths.incident(incident.slug));
    const after = () => statusesAfterUpdates(incident);
    incident.updates.forEach((update, i) => {
      const link = paths.update(page, update.id);
      entries.push({
        id: link,
        title: () => words.ui.feed.updateTitle(words.state[update.state], incident.title),
        link,
        date: update.at,
        position: i,
        html: () => {
          // Each entry names the statuses as that update left them.
          const { services, impact } = after()[i]!;
          const affected = Object.entries(services).map(([id, status]) =>
            words.ui.feed.serviceStatus(nameOf(names.get(id), id), words.statusWords[status]),
          );
          return entryHtml(words, tagged(update.html, update.lang, 'div'), affected, page, 'incident', words.impact[impact]);
        },
        categories: ['incident', update.state],
      });
    });
  }
  for (const m of content.maintenance) {
    if (serviceId && !m.services.includes(serviceId)) continue;
    const page = url(paths.maintenance(m.slug));
    const affected = () => m.services.map((id) => nameOf(names.get(id), id));
    m.updates.forEach((update, position) => {
      const link = paths.update(page, update.id);
      entries.push({
        id: link,
        title: () => words.ui.feed.maintenanceTitle(words.state[update.state], m.title),
        link,
        date: update.at,
        position,
        html: () => entryHtml(words, tagged(update.html, update.lang, 'div'), affected(), page, 'maintenance'),
        categories: ['maintenance', update.state],
      });
    });
  }
  if (!serviceId) {
    for (const n of content.notices) {
      const link = url(paths.notice(n.slug));
      entries.push({
        id: link,
        title: () => words.ui.feed.noticeTitle(n.title),
        link,
        date: n.posted,
        position: 0,
        html: () => tagged(n.html, n.bodyLang, 'div'),
        categories: ['notice', n.level],
      });
    }
  }
  return newest(entries, limit);
}

/**
 * An entry whose words are written only if it makes the feed: an archive of 10,000 incidents words 50.
 * `position` is the update's place in its incident or maintenance (0 for the oldest).
 */
type Drafted = Omit<FeedEntry, 'title' | 'html'> & { title: () => string; html: () => string; position: number };

/**
 * The newest `limit` entries, written out: newest first by time; at the same time, the
 * later update of an incident first; then in the content's own order (the sort is stable).
 * Never by id: `update-10` sorts before `update-2` as a string.
 */
function newest(entries: Drafted[], limit: number): FeedEntry[] {
  entries.sort((a, b) => b.date.getTime() - a.date.getTime() || b.position - a.position);
  return entries.slice(0, limit).map(({ position: _, ...e }) => ({ ...e, title: e.title(), html: e.html() }));
}

/** Text in another language than the feed's (`contentIn` marks it) wrapped in an element with its `lang`, as the pages do. */
function tagged(html: string, lang: string | undefined, element: 'div' | 'span'): string {
  return lang ? `<${element} lang="${escapeHtml(lang)}">${html}</${element}>` : html;
}

function nameOf(service: Service | undefined, id: string): string {
  return service?.name ?? id;
}

/** The absolute URL of a path in the feed's language. */
function pageUrl({ origin, base, language }: FeedOptions): (path: string) => string {
  return (path) => absoluteUrl(origin, base, `${language.prefix}${path}`);
}

function entryHtml(
  words: Vocabulary,
  message: string,
  affected: string[],
  page: string,
  kind: 'incident' | 'maintenance',
  impact?: string,
): string {
  const list = affected.length
    ? words.ui.fact(kind === 'incident' ? words.ui.feed.affected : words.ui.feed.underMaintenance, escapeHtml(affected.join(', ')))
    : '';
  const facts = [impact, list].filter(Boolean).join(' · ');
  const line = facts ? `<p>${facts}</p>` : '';
  return `${message}${line}<p><a href="${escapeHtml(page)}">${words.ui.feed.view(kind)}</a></p>`;
}

/**
 * The feed in Statuspage's shape, for readers written against it: one entry per incident
 * or maintenance, the newest-changed first, whose content lists all its updates newest
 * first with their time and state. The entry's id is the page's URL; its date, the latest
 * update's.
 */
export function incidentFeedEntries(content: Content, options: FeedOptions & { zone: Zone }): FeedEntry[] {
  const { zone, limit = FEED_LIMIT } = options;
  const { words } = options.language;
  const url = pageUrl(options);
  const entry = (
    kind: 'incident' | 'maintenance',
    slug: string,
    title: string,
    updates: Update<IncidentState | MaintenanceState>[],
  ): Drafted => {
    const page = url(kind === 'incident' ? paths.incident(slug) : paths.maintenance(slug));
    const html = () =>
      [...updates]
        .reverse()
        .map(
          (u) =>
            `<p><small>${escapeHtml(formatDateTime(u.at, zone))}</small><br><strong>${escapeHtml(words.state[u.state])}</strong> - ${tagged(escapeHtml(markdownToText(u.message)), u.lang, 'span')}</p>`,
        )
        .join('');
    return { id: page, title: () => title, link: page, date: updates[updates.length - 1]!.at, position: 0, html, categories: [kind] };
  };
  return newest(
    [
      ...content.incidents.map((i) => entry('incident', i.slug, i.title, i.updates)),
      ...content.maintenance.map((m) => entry('maintenance', m.slug, m.title, m.updates)),
    ],
    limit,
  );
}
