/**
 * The demo as built (zh-CN at the root, English under /en/, Beijing time, locale en-GB): every
 * date, time and the uptime percentage on its pages and feeds as Intl writes them for the page's
 * language, whatever the machine's zone (the build runs in Pacific/Kiritimati, see scripts/test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { builtSite } from '../browser/builds.ts';

const dir = builtSite('demo');
const read = (path: string) => readFileSync(join(dir, path), 'utf8');
const timeZone = 'Asia/Shanghai';

const DATE = { year: 'numeric', month: 'short', day: 'numeric' } as const;
const TIME = { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' } as const;
const HEADING = { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' } as const;

/** The root is Chinese; /en/ is English, written in the site's locale, en-GB. */
const PAGES = [
  { path: 'index.html', locale: 'zh-CN', feed: 'history.rss' },
  { path: 'en/index.html', locale: 'en-GB', feed: 'en/history.rss' },
];

/** Text inside an element, entities undone (the pages escape only these). */
const text = (html: string) =>
  html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

describe.each(PAGES)('$path ($locale)', ({ path, locale, feed }) => {
  const html = read(path);
  const intl = (options: Intl.DateTimeFormatOptions, zone = timeZone) => new Intl.DateTimeFormat(locale, { ...options, timeZone: zone });

  it('writes every instant as Intl does, in the site zone, with the full time in its title', () => {
    const times = [...html.matchAll(/<time datetime="(\d{4}-\d{2}-\d{2}T[^"]+)"(?: title="([^"]*)")?[^>]*>([^<]*)<\/time>/g)];
    expect(times.length).toBeGreaterThan(3);
    for (const [, iso, title, shown] of times) {
      const at = new Date(iso!);
      const full = intl({ ...DATE, ...TIME }).format(at);
      expect([full, intl(DATE).format(at), intl(TIME).format(at)], iso).toContain(text(shown!));
      if (title !== undefined) expect(text(title), iso).toBe(full);
    }
    // The build's now, 27 January 2025 18:30 in Beijing (the snapshot), in the footer.
    expect(html).toContain(
      `<time datetime="2025-01-27T10:30:00.000Z">${intl({ ...DATE, ...TIME }).format(new Date('2025-01-27T10:30:00Z'))}</time>`,
    );
  });

  it('names each listed day as Intl does, weekday first where the language puts it', () => {
    const days = [...html.matchAll(/<time datetime="(\d{4}-\d{2}-\d{2})"[^>]*>([^<]*)<\/time>/g)];
    expect(days.map(([, day]) => day)).toContain('2025-01-27');
    // The oracle names the day from its noon in UTC: the same calendar day, by another way.
    for (const [, day, shown] of days) expect(text(shown!), day).toBe(intl(HEADING, 'UTC').format(new Date(`${day}T12:00:00Z`)));
  });

  it('writes the uptime percentage as Intl does', () => {
    // Registration over 90 days (hand-worked in tests/browser/site.test.ts): 787 minutes down of 25,555 measured, cut to 96.92 %.
    const percent = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(0.9692);
    const first = /class="total"[^>]*>[\s\S]*?<span class="d90">([^<]*)<\/span>/.exec(html)?.[1];
    expect(first).toBe(percent);
  });

  it("dates the feed's updates as Intl does", () => {
    const rss = new XMLParser().parse(read(feed));
    const items: { description: string }[] = [rss.rss.channel.item].flat();
    const stamps = items.flatMap((i) => [...i.description.matchAll(/<small>([^<]*)<\/small>/g)].map((m) => text(m[1]!)));
    // The attack's Monitoring update, posted 16:45 in Beijing.
    expect(stamps).toContain(intl({ ...DATE, ...TIME }).format(new Date('2025-01-27T08:45:00Z')));
  });
});
