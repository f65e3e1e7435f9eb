/**
 * Feeds: every incident update, maintenance update and notice is its own entry, so a
 * subscriber hears about every change of state, not only about new incidents.
 * The same entries feed RSS (`@astrojs/rss`) and Atom (`feed`), site-wide and per service.
 */
import { escapeHtml, markdownToText } from './markdown.ts';
import type { Content, IncidentState, MaintenanceState, Service, Update } from './model.ts';
import { formatDateTime, type Zone } from './time.ts';
import { absoluteUrl, paths } from './paths.ts';
import { statusesAfterUpdates } from './phases.ts';
import { IMPACT_LABEL, STATE_LABEL, statusWords, UI } from './vocabulary.ts';

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
  /** Only what touches this service. */
  serviceId?: string;
  limit?: number;
}

/** The newest entries first, at most `limit`. */
export function feedEntries(content: Content, options: FeedOptions): FeedEntry[] {
  const { origin, base, serviceId, limit = FEED_LIMIT } = options;
  const names = new Map(content.services.map((s) => [s.id, s] as const));
  const url = (path: string) => absoluteUrl(origin, base, path);
  const entries: FeedEntry[] = [];

  for (const incident of content.incidents) {
    if (serviceId && !incident.affected.includes(serviceId)) continue;
    const page = url(paths.incident(incident.slug));
    const after = statusesAfterUpdates(incident);
    incident.updates.forEach((update, i) => {
      // Each entry names the statuses as that update left them.
      const { services, impact } = after[i]!;
      const affected = Object.entries(services).map(([id, status]) => `${nameOf(names.get(id), id)} (${statusWords(status)})`);
      const link = paths.update(page, update.id);
      entries.push({
        id: link,
        title: `${STATE_LABEL[update.state]}: ${incident.title}`,
        link,
        date: update.at,
        html: entryHtml(update.html, affected, page, 'incident', IMPACT_LABEL[impact]),
        categories: ['incident', update.state],
      });
    });
  }
  for (const m of content.maintenance) {
    if (serviceId && !m.services.includes(serviceId)) continue;
    const page = url(paths.maintenance(m.slug));
    const affected = m.services.map((id) => nameOf(names.get(id), id));
    for (const update of m.updates) {
      const link = paths.update(page, update.id);
      entries.push({
        id: link,
        title: UI.feed.maintenanceTitle(STATE_LABEL[update.state], m.title),
        link,
        date: update.at,
        html: entryHtml(update.html, affected, page, 'maintenance'),
        categories: ['maintenance', update.state],
      });
    }
  }
  if (!serviceId) {
    for (const n of content.notices) {
      const link = url(paths.notice(n.slug));
      entries.push({ id: link, title: UI.feed.noticeTitle(n.title), link, date: n.posted, html: n.html, categories: ['notice', n.level] });
    }
  }
  entries.sort((a, b) => b.date.getTime() - a.date.getTime() || (a.id < b.id ? -1 : 1));
  return entries.slice(0, limit);
}

function nameOf(service: Service | undefined, id: string): string {
  return service?.name ?? id;
}

function entryHtml(message: string, affected: string[], page: string, kind: 'incident' | 'maintenance', impact?: string): string {
  const list = affected.length ? `${kind === 'incident' ? UI.feed.affected : UI.feed.underMaintenance}: ${escapeHtml(affected.join(', '))}` : '';
  const facts = [impact, list].filter(Boolean).join(' · ');
  const line = facts ? `<p>${facts}</p>` : '';
  return `${message}${line}<p><a href="${escapeHtml(page)}">${UI.feed.view(kind)}</a></p>`;
}

/**
 * The feed in Statuspage's shape, for readers written against it: one entry per incident
 * or maintenance, the newest-changed first, whose content lists all its updates newest
 * first with their time and state. The entry's id is the page's URL; its date, the latest
 * update's.
 */
export function incidentFeedEntries(content: Content, options: FeedOptions & { zone: Zone }): FeedEntry[] {
  const { origin, base, zone, limit = FEED_LIMIT } = options;
  const url = (path: string) => absoluteUrl(origin, base, path);
  const entry = (kind: 'incident' | 'maintenance', slug: string, title: string, updates: Update<IncidentState | MaintenanceState>[]): FeedEntry => {
    const page = url(kind === 'incident' ? paths.incident(slug) : paths.maintenance(slug));
    const html = [...updates]
      .reverse()
      .map((u) => `<p><small>${escapeHtml(formatDateTime(u.at, zone))}</small><br><strong>${escapeHtml(STATE_LABEL[u.state])}</strong> - ${escapeHtml(markdownToText(u.message))}</p>`)
      .join('');
    return { id: page, title, link: page, date: updates[updates.length - 1]!.at, html, categories: [kind] };
  };
  const entries = [
    ...content.incidents.map((i) => entry('incident', i.slug, i.title, i.updates)),
    ...content.maintenance.map((m) => entry('maintenance', m.slug, m.title, m.updates)),
  ];
  entries.sort((a, b) => b.date.getTime() - a.date.getTime() || (a.id < b.id ? -1 : 1));
  return entries.slice(0, limit);
}
