/**
 * The published record: every incident update, maintenance update and notice the site
 * shows, each with a stable key and a hash of what it says. The build publishes it at
 * `api/notify-record.json`; `statusmark notify` compares the record of the live site
 * before a deploy with the new one to know what to announce.
 *
 * The record carries everything a message needs (title, state, services, text, link),
 * so announcing needs only the two records, never the content folder.
 */
import { createHash } from 'node:crypto';
import { markdownToText } from '../markdown.ts';
import type { Content, Impact, ServiceStatus } from '../model.ts';
import { absoluteUrl, paths } from '../paths.ts';
import { statusesAfterUpdates } from '../phases.ts';
import { maintenancePhase } from '../status.ts';

export const RECORD_VERSION = 1;

/**
 * Entries posted more than this many days before the build are left out, so the record
 * stays small on a large archive. An update to an older incident is still recent, so it
 * is in; a correction to an update older than this is not announced.
 */
export const RECORD_DAYS = 90;

export type EntryKind = 'incident' | 'maintenance' | 'notice';

/**
 * The key of the `ordinal`-th update (1 = the oldest) of an incident or maintenance.
 * It names the update by its position, not its time or text, so it survives a
 * corrected message or a time edited by a minute. Feed ids should use it too.
 */
export function updateKey(slug: string, ordinal: number, kind: 'incident' | 'maintenance' = 'incident'): string {
  return `${kind}/${slug}/${ordinal}`;
}

/** The key of a notice: its slug. */
export function noticeKey(slug: string): string {
  return `notice/${slug}`;
}

export interface RecordService {
  id: string;
  name: string;
  /** The service's status from this update on. */
  status: ServiceStatus;
}

export interface RecordEntry {
  key: string;
  kind: EntryKind;
  /** The incident's, maintenance's or notice's slug. */
  slug: string;
  /** 1 for the oldest update of its incident or maintenance; 1 for a notice. */
  ordinal: number;
  /** sha256 of everything below: a changed hash under the same key is a correction. */
  hash: string;
  title: string;
  /** The state this update announces (`investigating` … `completed`); a notice's level. */
  state: string;
  /** Incidents only. */
  impact?: Impact;
  /** ISO 8601 in UTC. */
  at: string;
  /** Maintenance only: the window. */
  window?: { from: string; until: string };
  services: RecordService[];
  /** The message as plain text (Markdown rendered and stripped of every tag). */
  text: string;
  /** The message as sanitised HTML (the same HTML the page shows). */
  html: string;
  /** The absolute URL of the update's anchor. */
  url: string;
}

/** The page as the API describes it (from `StatusApi`), for the webhook payload. */
export interface RecordPage {
  id: string;
  status: { indicator: string; description: string };
}

export interface PublishedRecord {
  version: typeof RECORD_VERSION;
  site: { name: string; url: string; timeZone: string; locale: string };
  page: RecordPage;
  /** Oldest first. */
  entries: RecordEntry[];
}

type Unhashed = Omit<RecordEntry, 'hash'>;

function sealed(entry: Unhashed): RecordEntry {
  const { key, kind, slug, ordinal, ...said } = entry;
  const hash = createHash('sha256').update(JSON.stringify(said)).digest('hex').slice(0, 32);
  return { key, kind, slug, ordinal, hash, ...said };
}

/** Oldest first; ties by key, so two builds of the same content give the same record. */
export function compareEntries(a: Pick<RecordEntry, 'at' | 'key' | 'ordinal'>, b: Pick<RecordEntry, 'at' | 'key' | 'ordinal'>): number {
  return a.at < b.at ? -1 : a.at > b.at ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** The record of `content` (already cut to what is public at `now`, the build's now). */
export function buildRecord(content: Content, now: Date, page: RecordPage): PublishedRecord {
  const { site } = content;
  const url = (path: string) => absoluteUrl(site.url, site.base, path);
  const names = new Map(content.services.map((s) => [s.id, s.name]));
  const entries: RecordEntry[] = [];
  for (const incident of content.incidents) {
    const page = url(paths.incident(incident.slug));
    // The statuses and impact as each update left them (the status model's own rule).
    const after = statusesAfterUpdates(incident);
    incident.updates.forEach((u, i) => {
      const { services, impact } = after[i]!;
      entries.push(
        sealed({
          key: updateKey(incident.slug, i + 1, 'incident'),
          kind: 'incident',
          slug: incident.slug,
          ordinal: i + 1,
          title: incident.title,
          state: u.state,
          impact,
          at: u.at.toISOString(),
          services: Object.entries(services).map(([id, status]) => ({ id, name: names.get(id) ?? id, status })),
          text: markdownToText(u.message),
          html: u.html,
          url: paths.update(page, u.id),
        }),
      );
    });
  }
  for (const m of content.maintenance) {
    const page = url(paths.maintenance(m.slug));
    m.updates.forEach((u, i) => {
      // Where the window stood once this update was posted, by the page's own rule.
      const status: ServiceStatus = maintenancePhase(m, u.at) === 'in_progress' ? 'under_maintenance' : 'operational';
      entries.push(
        sealed({
          key: updateKey(m.slug, i + 1, 'maintenance'),
          kind: 'maintenance',
          slug: m.slug,
          ordinal: i + 1,
          title: m.title,
          state: u.state,
          at: u.at.toISOString(),
          window: { from: m.scheduledFor.toISOString(), until: m.scheduledUntil.toISOString() },
          services: m.services.map((id) => ({ id, name: names.get(id) ?? id, status })),
          text: markdownToText(u.message),
          html: u.html,
          url: paths.update(page, u.id),
        }),
      );
    });
  }
  for (const n of content.notices) {
    entries.push(
      sealed({
        key: noticeKey(n.slug),
        kind: 'notice',
        slug: n.slug,
        ordinal: 1,
        title: n.title,
        state: n.level,
        at: n.posted.toISOString(),
        services: [],
        text: markdownToText(n.body),
        html: n.html,
        url: url(paths.notice(n.slug)),
      }),
    );
  }
  const since = new Date(now.getTime() - RECORD_DAYS * 86_400_000).toISOString();
  return {
    version: RECORD_VERSION,
    site: { name: site.name, url: absoluteUrl(site.url, site.base, paths.home()), timeZone: site.timeZone, locale: site.locale },
    page,
    entries: entries.filter((e) => e.at >= since).sort(compareEntries),
  };
}

/** What a deploy announces: a new entry, or a correction of one announced before. */
export interface Announcement {
  type: 'new' | 'correction';
  entry: RecordEntry;
}

/**
 * What is new in `after` compared with `before`, oldest first. With no `before` (the
 * live site had no record yet) nothing is announced: an existing archive is not news.
 */
export function diffRecords(before: PublishedRecord | null, after: PublishedRecord): Announcement[] {
  if (!before) return [];
  const old = new Map(before.entries.map((e) => [e.key, e.hash]));
  const out: Announcement[] = [];
  for (const entry of after.entries) {
    const hash = old.get(entry.key);
    if (hash === undefined) out.push({ type: 'new', entry });
    else if (hash !== entry.hash) out.push({ type: 'correction', entry });
  }
  return out;
}

/** Reads a record from JSON, with a clear error naming `source` when it is not one. */
export function parseRecord(text: string, source: string): PublishedRecord {
  const r = parseJson(text, source) as Partial<PublishedRecord> | null;
  if (!r || typeof r !== 'object' || r.version !== RECORD_VERSION || !Array.isArray(r.entries) || !r.site || !r.page) {
    throw new Error(`${source}: not a Statusmark notify record (version ${RECORD_VERSION} with site, page and entries)`);
  }
  r.entries.forEach((e, i) => {
    if (!e || typeof e.key !== 'string' || typeof e.hash !== 'string' || typeof e.at !== 'string') {
      throw new Error(`${source}: entries.${i}: needs key, hash and at`);
    }
  });
  return r as PublishedRecord;
}

/** JSON.parse, with an error that names the file or URL it came from. */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: not JSON (${(error as Error).message})`);
  }
}
