/**
 * The maintenance calendar: an iCalendar file of upcoming and recent maintenance
 * windows, written by `ical-generator`, with a stable UID per window and a SEQUENCE
 * that rises with each update, so calendar apps update an event instead of adding a second one.
 */
import ical, { ICalEventStatus } from 'ical-generator';
import { markdownToText } from './markdown.ts';
import type { Content } from './model.ts';
import { absoluteUrl, paths } from './paths.ts';
import { UI } from './vocabulary.ts';

/** Windows that ended more than this long ago are left out of the calendar. */
export const CALENDAR_PAST_DAYS = 90;

export function maintenanceCalendar(content: Content, now: Date): string {
  const { site } = content;
  const host = new URL(site.url).host;
  const calendar = ical({
    name: UI.calendar.name(site.name),
    description: UI.calendar.description(site.name),
    prodId: { company: 'Statusmark', product: 'statusmark', language: 'EN' },
    url: absoluteUrl(site.url, site.base, paths.calendar()),
    ttl: 60 * 60,
  });
  const since = now.getTime() - CALENDAR_PAST_DAYS * 86_400_000;
  const names = new Map(content.services.map((s) => [s.id, s.name]));
  for (const m of content.maintenance) {
    if (m.scheduledUntil.getTime() < since) continue;
    const last = m.updates[m.updates.length - 1]!;
    const affected = m.services.map((id) => names.get(id) ?? id).join(', ');
    const url = absoluteUrl(site.url, site.base, paths.maintenance(m.slug));
    calendar.createEvent({
      id: `maintenance-${m.slug}@${host}`,
      start: m.scheduledFor,
      end: m.scheduledUntil,
      stamp: last.at,
      // A moved or extended window keeps its UID; each update posted after the first (the
      // "Rescheduled" one staff post with the change) raises SEQUENCE, so calendar apps
      // replace the event instead of adding a second one. LAST-MODIFIED is that update's time.
      sequence: m.updates.length - 1,
      lastModified: last.at,
      summary: UI.calendar.summary(m.title),
      description: [markdownToText(last.message), affected ? UI.calendar.affects(affected) : '', url].filter(Boolean).join('\n\n'),
      url,
      // Times are written in UTC (…Z): valid everywhere without a VTIMEZONE block; calendars show them locally.
      status: ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
