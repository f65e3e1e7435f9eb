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
import { markdownToText } from '../content/markdown.ts';
import type { Content, Impact, ServiceStatus } from '../content/model.ts';
import { absoluteUrl, paths } from '../outputs/paths.ts';
import { contentIn, defaultLanguage, languagePrefix } from '../languages/languages.ts';
import { statusesAfterUpdates } from '../status/phases.ts';
import { maintenancePhase } from '../status/status.ts';

/**
 * 2: keys by time (`updateKey`), hashes without the link. A record of version 1 (keys by
 * position) is still read: `parseRecord` rewrites it to version 2 (`upgradeRecord`).
 */
export const RECORD_VERSION = 2;

/**
 * Entries posted more than this many days before the build are left out, so the record
 * stays small on a large archive. An update to an older incident is still recent, so it
 * is in; a correction to an update older than this is not announced.
 */
export const RECORD_DAYS = 90;

export type EntryKind = 'incident' | 'maintenance' | 'notice';

/**
 * `2025-01-27T02:20:00.000Z` as `20250127T022000Z` (milliseconds kept only when not zero):
 * letters, digits, `T`, `Z` and `.` only, so a key fits in an e-mail Message-ID.
 */
export function keyTime(at: string): string {
  return at.replace(/[-:]/g, '').replace(/\.000Z$/, 'Z');
}

/**
 * The key of an update of an incident or maintenance: its time, not its position, so it
 * survives an update inserted before it (a backfill) and a corrected text:
 * `incident/api-errors/20250127T022000Z`. Two updates of one incident at the same time are
 * told apart by their order in the file: the second is `…Z-2`, the third `…Z-3`
 * (`sameTime`, 1 for the first). Editing an update's time makes it a new key, so it is
 * announced as new.
 */
export function updateKey(slug: string, at: string, kind: 'incident' | 'maintenance' = 'incident', sameTime = 1): string {
  return `${kind}/${slug}/${keyTime(at)}${sameTime > 1 ? `-${sameTime}` : ''}`;
}

/** The keys of updates at the times `ats` (file order), by `updateKey`'s rule for a shared time. */
export function updateKeys(slug: string, ats: string[], kind: 'incident' | 'maintenance'): string[] {
  const seen = new Map<string, number>();
  return ats.map((at) => {
    const n = (seen.get(at) ?? 0) + 1;
    seen.set(at, n);
    return updateKey(slug, at, kind, n);
  });
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
  /** 1 for the oldest update of its incident or maintenance; 1 for a notice. Its position: not part of the key. */
  ordinal: number;
  /** Incidents and maintenance: the key of the first update, the thread an e-mail answers. */
  first?: string;
  /** sha256 of what it says (`contentHash`): a changed hash under the same key is a correction. */
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
  /**
   * The same entry in each other language of the site, as that language's readers see it
   * (a text not translated stays in the language it was written in), with its link on
   * that language's pages and a hash of its own: a channel in that language announces
   * and corrects by it. The top-level fields and hash are the default language's.
   */
  texts?: Record<string, EntryText>;
}

/** What an entry says in one language. */
export type EntryText = Pick<RecordEntry, 'hash' | 'title' | 'text' | 'html' | 'url'>;

/** The page as the API describes it (from `StatusApi`), for the webhook payload. */
export interface RecordPage {
  id: string;
  status: { indicator: string; description: string };
}

export interface PublishedRecord {
  version: typeof RECORD_VERSION;
  site: { name: string; url: string; timeZone: string; locale: string; languages?: string[] };
  page: RecordPage;
  /** Oldest first. */
  entries: RecordEntry[];
  /** Set when read from an older version (`upgradeRecord`): never published. */
  upgradedFrom?: 1;
}

type Unhashed = Omit<RecordEntry, 'hash'>;

/** The fields a hash covers, in the order they are hashed. */
type Said = Pick<RecordEntry, 'title' | 'state' | 'impact' | 'at' | 'window' | 'services' | 'text' | 'html' | 'url'>;

/**
 * What an entry says, hashed: title, state, impact, time, window, services and text. Not its
 * link, whose anchor is the update's position on the page: an update inserted before it
 * moves the anchor without changing what it says. `withUrl` gives the hash of record
 * version 1, which covered the link too (to read a state written by that release).
 */
export function contentHash(e: Said, withUrl = false): string {
  const said = {
    title: e.title,
    state: e.state,
    impact: e.impact,
    at: e.at,
    window: e.window,
    services: e.services,
    text: e.text,
    html: e.html,
    ...(withUrl ? { url: e.url } : {}),
  };
  return createHash('sha256').update(JSON.stringify(said)).digest('hex').slice(0, 32);
}

function sealed(entry: Unhashed): RecordEntry {
  const { key, kind, slug, ordinal, first, ...said } = entry;
  return { key, kind, slug, ordinal, ...(first ? { first } : {}), hash: contentHash(said), ...said };
}

/** Oldest first; ties by key, so two builds of the same content give the same record. */
export function compareEntries(a: Pick<RecordEntry, 'at' | 'key' | 'ordinal'>, b: Pick<RecordEntry, 'at' | 'key' | 'ordinal'>): number {
  return a.at < b.at ? -1 : a.at > b.at ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * The record of `content` (already cut to what is public at `now`, the build's now), with
 * each entry also in the site's other languages. `inLanguage` gives the content as one
 * language's readers see it (the build passes its per-language cache).
 */
export function buildRecord(
  content: Content,
  now: Date,
  page: RecordPage,
  inLanguage: (lang: string) => Content = (lang) => contentIn(content, lang),
): PublishedRecord {
  const { site } = content;
  const since = new Date(now.getTime() - RECORD_DAYS * 86_400_000).toISOString();
  const entries = recordEntries(inLanguage(defaultLanguage(site)), '', since);
  const others = site.languages.filter((lang) => lang !== defaultLanguage(site));
  for (const lang of others) {
    const translated = new Map(recordEntries(inLanguage(lang), languagePrefix(site.languages, lang), since).map((e) => [e.key, e]));
    for (const entry of entries) {
      const { hash, title, text, html, url } = translated.get(entry.key)!;
      entry.texts = { ...entry.texts, [lang]: { hash, title, text, html, url } };
    }
  }
  return {
    version: RECORD_VERSION,
    site: {
      name: site.name,
      url: absoluteUrl(site.url, site.base, paths.home()),
      timeZone: site.timeZone,
      locale: site.locale,
      ...(others.length ? { languages: site.languages } : {}),
    },
    page,
    entries: entries.sort(compareEntries),
  };
}

/** Every entry of `content` posted from `since` on (ISO 8601), its links on the pages under `prefix` (`languagePrefix`). */
function recordEntries(content: Content, prefix: string, since: string): RecordEntry[] {
  const { site } = content;
  const url = (path: string) => absoluteUrl(site.url, site.base, `${prefix}${path}`);
  const names = new Map(content.services.map((s) => [s.id, s.name]));
  const entries: RecordEntry[] = [];
  for (const incident of content.incidents) {
    const page = url(paths.incident(incident.slug));
    // The statuses and impact as each update left them (the status model's own rule).
    const after = statusesAfterUpdates(incident);
    const keys = updateKeys(
      incident.slug,
      incident.updates.map((u) => u.at.toISOString()),
      'incident',
    );
    incident.updates.forEach((u, i) => {
      if (u.at.toISOString() < since) return;
      const { services, impact } = after[i]!;
      entries.push(
        sealed({
          key: keys[i]!,
          kind: 'incident',
          slug: incident.slug,
          ordinal: i + 1,
          first: keys[0]!,
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
    const keys = updateKeys(
      m.slug,
      m.updates.map((u) => u.at.toISOString()),
      'maintenance',
    );
    m.updates.forEach((u, i) => {
      if (u.at.toISOString() < since) return;
      // Where the window stood once this update was posted, by the page's own rule.
      const status: ServiceStatus = maintenancePhase(m, u.at) === 'in_progress' ? 'under_maintenance' : 'operational';
      entries.push(
        sealed({
          key: keys[i]!,
          kind: 'maintenance',
          slug: m.slug,
          ordinal: i + 1,
          first: keys[0]!,
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
    if (n.posted.toISOString() < since) continue;
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
  return entries;
}

/** The language a record's texts are in at the top level: the site's default. */
export function recordLanguage(record: Pick<PublishedRecord, 'site'>): string {
  return record.site.languages?.[0] ?? record.site.locale;
}

/** Whether a record carries texts in `lang` (the default language always). */
export function recordHas(record: Pick<PublishedRecord, 'site'>, lang: string): boolean {
  return lang === recordLanguage(record) || (record.site.languages ?? []).includes(lang);
}

/** One entry as `lang`'s readers see it: that language's texts, link and hash, when the record has them. */
export function entryIn(entry: RecordEntry, lang: string): RecordEntry {
  const { texts, ...rest } = entry;
  const own = texts?.[lang];
  return own ? { ...rest, ...own } : rest;
}

/** The record as `lang`'s readers see it: every entry by `entryIn`. */
export function recordIn(record: PublishedRecord, lang: string): PublishedRecord {
  return { ...record, entries: record.entries.map((e) => entryIn(e, lang)) };
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

/** Reads a record from JSON, with a clear error naming `source` when it is not one; a version 1 record is upgraded. */
export function parseRecord(text: string, source: string): PublishedRecord {
  const r = parseJson(text, source) as Partial<PublishedRecord> | null;
  const version = (r as { version?: unknown } | null)?.version;
  if (!r || typeof r !== 'object' || (version !== RECORD_VERSION && version !== 1) || !Array.isArray(r.entries) || !r.site || !r.page) {
    throw new Error(`${source}: not a Statusmark notify record (version 1 or ${RECORD_VERSION} with site, page and entries)`);
  }
  r.entries.forEach((e, i) => {
    if (!e || typeof e.key !== 'string' || typeof e.hash !== 'string' || typeof e.at !== 'string') {
      throw new Error(`${source}: entries.${i}: needs key, hash and at`);
    }
    if (
      version === 1 &&
      (typeof e.slug !== 'string' || typeof e.ordinal !== 'number' || !['incident', 'maintenance', 'notice'].includes(e.kind))
    ) {
      throw new Error(`${source}: entries.${i}: needs kind, slug and ordinal`);
    }
  });
  return version === 1 ? upgradeRecord(r as PublishedRecord) : (r as PublishedRecord);
}

/**
 * A record published by version 1 (keys by position, hashes over the link too) as version 2
 * would have published it from the same content: keys by time (`updateKeys`, ties in
 * position order) and hashes by `contentHash` in the default language. Its entries carry
 * everything both need, so nothing is guessed; `first` is missing when the first update is
 * older than the record.
 */
export function upgradeRecord(old: PublishedRecord): PublishedRecord {
  const keyOf = upgradedKeys(old.entries);
  const entries = old.entries.map((e) => {
    const { key: _old, kind, slug, ordinal, texts: _texts, first: _first, hash: _hash, ...rest } = e;
    const firstKey = old.entries.find((f) => f.kind === e.kind && f.slug === e.slug && f.ordinal === 1);
    const upgraded: RecordEntry = {
      key: keyOf.get(e.key)!,
      kind,
      slug,
      ordinal,
      ...(kind !== 'notice' && firstKey ? { first: keyOf.get(firstKey.key)! } : {}),
      hash: contentHash(e),
      ...rest,
    };
    // Each other language's texts are dropped: version 1 hashed them with that language's
    // service names, which the record does not keep, so they are judged by the default language.
    return upgraded;
  });
  return { ...old, version: RECORD_VERSION, entries, upgradedFrom: 1 };
}

/** Version 1 key → version 2 key, for the entries of a version 1 record (or any with kind, slug, ordinal and at). */
export function upgradedKeys(entries: Pick<RecordEntry, 'key' | 'kind' | 'slug' | 'ordinal' | 'at'>[]): Map<string, string> {
  const out = new Map<string, string>();
  const threads = new Map<string, Pick<RecordEntry, 'key' | 'ordinal' | 'at'>[]>();
  for (const e of entries) {
    if (e.kind === 'notice') out.set(e.key, noticeKey(e.slug));
    else threads.set(`${e.kind}/${e.slug}`, [...(threads.get(`${e.kind}/${e.slug}`) ?? []), e]);
  }
  for (const [thread, list] of threads) {
    const [kind, slug] = [thread.slice(0, thread.indexOf('/')) as 'incident' | 'maintenance', thread.slice(thread.indexOf('/') + 1)];
    list.sort((a, b) => a.ordinal - b.ordinal);
    // Updates older than the record's window are not in it; two at the same time are on the same side of its edge.
    const keys = updateKeys(
      slug,
      list.map((e) => e.at),
      kind,
    );
    for (const [i, key] of keys.entries()) out.set(list[i]!.key, key);
  }
  return out;
}

/** JSON.parse, with an error that names the file or URL it came from. */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: not JSON (${(error as Error).message})`);
  }
}
