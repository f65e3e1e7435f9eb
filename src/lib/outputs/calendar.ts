/**
 * The maintenance calendar: an iCalendar file of upcoming and recent maintenance
 * windows, written by `ical-generator`, with a stable UID per window and a SEQUENCE
 * that rises with each update, so calendar apps update an event instead of adding a second one.
 */
import ical, { ICalEventStatus } from 'ical-generator';
import { markdownToText } from '../content/markdown.ts';
import type { Content } from '../content/model.ts';
import { absoluteUrl, paths } from './paths.ts';
import type { LanguageView } from '../languages/language-view.ts';
import { primary } from '../languages/languages.ts';

/** Windows that ended more than this long ago are left out of the calendar. */
export const CALENDAR_PAST_DAYS = 90;

/**
 * The calendar in `language`: `content` as its readers see it (`contentIn`), its words,
 * links to its pages. Each language's calendar gives its events UIDs of their own (the
 * default language's are `maintenance-<slug>@<host>`, another's `maintenance-<slug>.en@<host>`),
 * so a reader subscribed to both sees two calendars, not one event replacing the other.
 */
export function maintenanceCalendar(
  content: Content,
  now: Date,
  language: Pick<LanguageView, 'lang' | 'prefix' | 'words' | 'isDefault'>,
): string {
  const { site } = content;
  const { calendar: said } = language.words.ui;
  const host = new URL(site.url).host;
  const at = (path: string) => absoluteUrl(site.url, site.base, `${language.prefix}${path}`);
  const uidSuffix = language.isDefault ? '' : `.${language.lang.toLowerCase()}`;
  const calendar = ical({
    name: said.name(site.name),
    description: said.description(site.name),
    prodId: { company: 'Statusmark', product: 'statusmark', language: primary(language.lang).toUpperCase() },
    url: at(paths.calendar()),
    ttl: 60 * 60,
  });
  const since = now.getTime() - CALENDAR_PAST_DAYS * 86_400_000;
  const names = new Map(content.services.map((s) => [s.id, s.name]));
  for (const m of content.maintenance) {
    if (m.scheduledUntil.getTime() < since) continue;
    const last = m.updates[m.updates.length - 1]!;
    const affected = m.services.map((id) => names.get(id) ?? id).join(', ');
    const url = at(paths.maintenance(m.slug));
    calendar.createEvent({
      id: `maintenance-${m.slug}${uidSuffix}@${host}`,
      start: m.scheduledFor,
      end: m.scheduledUntil,
      stamp: last.at,
      // A moved or extended window keeps its UID; each update posted after the first (the
      // "Rescheduled" one staff post with the change) raises SEQUENCE, so calendar apps
      // replace the event instead of adding a second one. LAST-MODIFIED is that update's time.
      sequence: m.updates.length - 1,
      lastModified: last.at,
      summary: said.summary(m.title),
      description: [markdownToText(last.message), affected ? said.affects(affected) : '', url].filter(Boolean).join('\n\n'),
      url,
      // Times are written in UTC (…Z): valid everywhere without a VTIMEZONE block; calendars show them locally.
      status: ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
