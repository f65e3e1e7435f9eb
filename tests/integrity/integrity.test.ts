/**
 * Nothing is silently dropped: every non-draft incident, maintenance window and notice
 * in the content appears in the built site, on its own page and in the history, and the
 * JSON API and the feeds hold exactly what their limits say.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Content } from '../../src/lib/content/model.ts';
import { loadContent } from '../../src/lib/content/load.ts';
import { builtSite, filesBelow } from '../browser/builds.ts';

/** Page sizes and feed limits as the manual documents them (docs/src/content/docs/performance.md). */
const HISTORY_PAGE_SIZE = 25;
const FEED_LIMIT = 50;
const API_LIMIT = 50;

/**
 * The content as a visitor could have seen it at `now`, worked out here from the files
 * (not with the build's own cut): what was posted by then, an incident resolved later
 * still open.
 */
function visibleAt(all: Content, now: Date) {
  const incidents = all.incidents
    .filter((i) => i.updates[0]!.at <= now)
    .map((i) => {
      const open = !i.resolved || i.resolved > now;
      return { slug: i.slug, started: i.started, open, updates: i.updates.filter((u) => u.at <= now && !(open && u.state === 'resolved')) };
    });
  const maintenance = all.maintenance
    .filter((m) => m.updates[0]!.at <= now)
    .map((m) => ({ slug: m.slug, updates: m.updates.filter((u) => u.at <= now) }));
  const notices = all.notices.filter((n) => n.posted <= now);
  return { incidents, maintenance, notices };
}

/** The build's now: STATUSMARK_NOW is not set in these builds, so it is the snapshot or the real time. */
const nowOf = (all: Content) => all.site.snapshot ?? new Date();

const root = resolve(import.meta.dirname, '../..');

/** The links of the history entries (not the banners or the navigation) in an HTML file. */
function entryLinks(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/<li class="entry[^"]*"[^>]*>\s*<a href="([^"]+)"/g)].map((m) => m[1]!);
}

const builds: [string, string][] = [
  ['demo', 'content'],
  ['archive', '.test-builds/archive-content'],
  ['hostile', 'tests/fixtures/hostile'],
  ['quiet', 'tests/fixtures/quiet'],
];

describe.each(builds)('the %s build', (name, contentPath) => {
  const dist = builtSite(name);
  const loaded = loadContent(join(root, contentPath), root);
  const all = loaded.content!;
  const now = nowOf(all);
  const content = visibleAt(all, now);
  const base = all.site.base;
  const files = new Set(filesBelow(dist));
  const page = (path: string) => join(dist, path, 'index.html');

  it('loads without problems', () => expect(loaded.problems).toEqual([]));

  it('gives every incident and maintenance window its own page, and nothing more', () => {
    for (const i of content.incidents) expect(files.has(`incidents/${i.slug}/index.html`), i.slug).toBe(true);
    for (const m of content.maintenance) expect(files.has(`maintenance/${m.slug}/index.html`), m.slug).toBe(true);
    expect([...files].filter((f) => /^incidents\/[^/]+\/index\.html$/.test(f))).toHaveLength(content.incidents.length);
    expect([...files].filter((f) => /^maintenance\/[^/]+\/index\.html$/.test(f))).toHaveLength(content.maintenance.length);
  });

  it('lists every incident and maintenance window exactly once across the history pages', () => {
    const total = content.incidents.length + content.maintenance.length;
    const pages = Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE));
    const listed: string[] = [];
    for (let p = 1; p <= pages; p++) listed.push(...entryLinks(page(p === 1 ? 'history' : `history/${p}`)));
    expect(files.has(`history/${pages + 1}/index.html`)).toBe(false);
    const expected = [
      ...content.incidents.map((i) => `${base}incidents/${i.slug}/`),
      ...content.maintenance.map((m) => `${base}maintenance/${m.slug}/`),
    ];
    expect(listed).toHaveLength(total);
    expect(new Set(listed)).toEqual(new Set(expected));
  });

  it('lists every incident and maintenance window in its month archive', () => {
    const months = readdirSync(join(dist, 'history')).filter((d) => /^\d{4}-\d{2}$/.test(d));
    const listed = months.flatMap((m) => entryLinks(page(`history/${m}`)));
    expect(listed).toHaveLength(content.incidents.length + content.maintenance.length);
    for (const i of content.incidents) expect(listed, i.slug).toContain(`${base}incidents/${i.slug}/`);
    for (const m of content.maintenance) expect(listed, m.slug).toContain(`${base}maintenance/${m.slug}/`);
  });

  it('shows every notice on the notices page', () => {
    const html = readFileSync(page('notices'), 'utf8');
    for (const n of content.notices) expect(html, n.slug).toContain(`id="notice-${n.slug}"`);
  });

  it('leaves every draft out of every file', () => {
    const drafts = readdirSync(join(root, contentPath), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.md'))
      .filter((f) => /^draft:\s*true/m.test(readFileSync(join(root, contentPath, f), 'utf8')))
      .map((f) => f.split('/').pop()!.replace(/\.md$/, ''));
    expect(drafts.length).toBe(all.drafts);
    for (const slug of drafts) {
      for (const f of files) {
        if (/\.(html|json|rss|atom|ics)$/.test(f))
          expect(readFileSync(join(dist, f), 'utf8').includes(slug), `${slug} in ${f}`).toBe(false);
      }
    }
  });

  it('puts exactly the latest 50 incidents, every unresolved one and the latest 50 maintenance windows in the API', () => {
    const api = (f: string) => JSON.parse(readFileSync(join(dist, 'api/v2', f), 'utf8'));
    const slugs = (list: { shortlink: string }[]) => list.map((i) => i.shortlink.replace(/\/$/, '').split('/').pop());
    // Newest first by start, as the loader sorts them; ties broken by slug.
    expect(slugs(api('incidents.json').incidents)).toEqual(content.incidents.slice(0, API_LIMIT).map((i) => i.slug));
    const unresolved = content.incidents.filter((i) => i.open).map((i) => i.slug);
    expect(slugs(api('incidents/unresolved.json').incidents)).toEqual(unresolved);
    expect(slugs(api('summary.json').incidents)).toEqual(unresolved);
    expect(slugs(api('scheduled-maintenances.json').scheduled_maintenances)).toEqual(
      content.maintenance.slice(0, API_LIMIT).map((m) => m.slug),
    );
  });

  it('puts exactly the latest 50 updates and notices in the feeds, each linking an anchor that exists, site-wide and per service', () => {
    const items = (file: string) =>
      [
        ...readFileSync(join(dist, file), 'utf8').matchAll(
          /<item>[\s\S]*?<link>([^<]+)<\/link>[\s\S]*?<pubDate>([^<]+)<\/pubDate>[\s\S]*?<\/item>/g,
        ),
      ].map((m) => ({
        link: m[1]!.replace(/&amp;/g, '&'),
        at: new Date(m[2]!).getTime(),
      }));
    const origin = `${all.site.url}${base}`;
    type Expected = { page: string; at: number };
    const expectedFor = (serviceId?: string): Expected[] => {
      const touches = (ids: string[]) => !serviceId || ids.includes(serviceId);
      const list: Expected[] = [
        ...content.incidents.flatMap((i) =>
          touches(all.incidents.find((x) => x.slug === i.slug)!.affected)
            ? i.updates.map((u) => ({ page: `incidents/${i.slug}/`, at: u.at.getTime() }))
            : [],
        ),
        ...content.maintenance.flatMap((m) =>
          touches(all.maintenance.find((x) => x.slug === m.slug)!.services)
            ? m.updates.map((u) => ({ page: `maintenance/${m.slug}/`, at: u.at.getTime() }))
            : [],
        ),
        ...(serviceId ? [] : content.notices.map((n) => ({ page: 'notices/', at: n.posted.getTime() }))),
      ];
      return list.sort((a, b) => b.at - a.at).slice(0, FEED_LIMIT);
    };
    const key = (e: Expected) => `${e.at} ${e.page}`;
    const check = (file: string, serviceId?: string) => {
      const got = items(file);
      const expected = expectedFor(serviceId);
      expect(got.length, file).toBe(expected.length);
      // Entries at the same instant may come in either order: compare as sorted lists of (time, page).
      expect(got.map((g) => key({ at: g.at, page: g.link.slice(origin.length).split('#')[0]! })).sort(), file).toEqual(
        expected.map(key).sort(),
      );
      for (const g of got) {
        const [path, anchor] = g.link.slice(origin.length).split('#') as [string, string];
        expect(readFileSync(page(path), 'utf8'), g.link).toContain(`id="${anchor}"`);
      }
    };
    check('updates.rss');
    for (const s of all.services) check(`services/${s.id}/history.rss`, s.id);
  });
});

describe('the archive is large enough to test the limits', () => {
  it('has several history pages and full feeds', () => {
    const dist = builtSite('archive');
    expect(readdirSync(join(dist, 'history')).filter((d) => /^\d+$/.test(d)).length).toBeGreaterThanOrEqual(4);
    expect([...readFileSync(join(dist, 'updates.rss'), 'utf8').matchAll(/<item>/g)]).toHaveLength(FEED_LIMIT);
    expect([...readFileSync(join(dist, 'history.rss'), 'utf8').matchAll(/<item>/g)]).toHaveLength(FEED_LIMIT);
    expect(JSON.parse(readFileSync(join(dist, 'api/v2/incidents.json'), 'utf8')).incidents).toHaveLength(50);
  });
});
