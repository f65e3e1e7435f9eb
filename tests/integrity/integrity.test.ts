/**
 * Nothing is silently dropped: every non-draft incident, maintenance window and notice
 * in the content appears in the built site, on its own page and in the history, and the
 * JSON API and the feeds hold exactly what their limits say.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stableId } from '../../src/lib/api.ts';
import { resolveNow } from '../../src/lib/clock.ts';
import { FEED_LIMIT, feedEntries } from '../../src/lib/feeds.ts';
import { HISTORY_PAGE_SIZE } from '../../src/lib/history.ts';
import { loadContent } from '../../src/lib/load.ts';
import { asOf, snapshotAt } from '../../src/lib/status.ts';
import { builtSite, filesBelow } from '../browser/builds.ts';

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
  const now = resolveNow({}, all.site, new Date()).now;
  const content = asOf(all, now);
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
    const expected = [...content.incidents.map((i) => `${base}incidents/${i.slug}/`), ...content.maintenance.map((m) => `${base}maintenance/${m.slug}/`)];
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
        if (/\.(html|json|rss|atom|ics)$/.test(f)) expect(readFileSync(join(dist, f), 'utf8').includes(slug), `${slug} in ${f}`).toBe(false);
      }
    }
  });

  it('puts exactly the latest 50 incidents, every unresolved one and the latest 50 maintenance windows in the API', () => {
    const api = (f: string) => JSON.parse(readFileSync(join(dist, 'api/v2', f), 'utf8'));
    const snap = snapshotAt(content, now);
    expect(api('incidents.json').incidents.map((i: { id: string }) => i.id)).toEqual(content.incidents.slice(0, 50).map((i) => stableId('incident', i.slug)));
    expect(api('incidents/unresolved.json').incidents.map((i: { id: string }) => i.id)).toEqual(snap.activeIncidents.map((i) => stableId('incident', i.slug)));
    expect(api('summary.json').incidents).toHaveLength(snap.activeIncidents.length);
    expect(api('scheduled-maintenances.json').scheduled_maintenances.map((m: { id: string }) => m.id)).toEqual(content.maintenance.slice(0, 50).map((m) => stableId('maintenance', m.slug)));
  });

  it('puts exactly the latest 50 entries in the feeds, site-wide and per service', () => {
    const ids = (file: string) => [...readFileSync(join(dist, file), 'utf8').matchAll(/<(?:guid[^>]*|id)>([^<]+)<\/(?:guid|id)>/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    const expected = feedEntries(content, { origin: all.site.url, base }).map((e) => e.id);
    expect(expected.length).toBeLessThanOrEqual(FEED_LIMIT);
    expect(ids('history.rss')).toEqual(expected);
    expect(ids('history.atom').slice(1)).toEqual(expected); // the first <id> is the feed's own
    for (const s of content.services) {
      const own = feedEntries(content, { origin: all.site.url, base, serviceId: s.id }).map((e) => e.id);
      expect(ids(`services/${s.id}/history.rss`), s.id).toEqual(own);
    }
  });
});

describe('the archive is large enough to test the limits', () => {
  it('has several history pages and full feeds', () => {
    const dist = builtSite('archive');
    expect(readdirSync(join(dist, 'history')).filter((d) => /^\d+$/.test(d)).length).toBeGreaterThanOrEqual(4);
    expect([...readFileSync(join(dist, 'history.rss'), 'utf8').matchAll(/<item>/g)]).toHaveLength(FEED_LIMIT);
    expect(JSON.parse(readFileSync(join(dist, 'api/v2/incidents.json'), 'utf8')).incidents).toHaveLength(50);
  });
});
