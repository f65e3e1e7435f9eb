/**
 * Naughty strings: each hostile string of NAUGHTY is put, on its own, in every text field
 * of a small content folder (site name and description; a service's name, group and
 * description; the titles and messages of an incident, a maintenance window and a notice).
 * Each is either refused at its file, line and field, or loads unchanged. Then every
 * string that loads is built, all together, by a real `astro build`, and every RSS/Atom
 * feed, sitemap and badge SVG of that build must be well-formed XML that still says it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { astroBuild } from '../../src/dev/astro-build.ts';
import { filesBelow } from '../../src/dev/files.ts';
import { loadContent } from '../../src/lib/content/load.ts';
import { formatProblem } from '../../src/lib/content/problems.ts';
import { tempFolders } from '../../src/dev/temp.ts';
import { budget } from '../../src/dev/work.ts';

interface Naughty {
  name: string;
  text: string;
  /** How a field refuses it (the start of the message); absent: accepted everywhere. */
  refused?: string;
}

const CONTROL = 'a control character, which feeds and badges cannot carry; remove it';
const SURROGATE = 'half of a surrogate pair (broken UTF-16), which feeds and badges cannot carry; remove it';
const NONCHARACTER = 'a Unicode noncharacter, which feeds and badges cannot carry; remove it';

const NAUGHTY: Naughty[] = [
  // Refused: controls, broken UTF-16, noncharacters, bidi controls that leak.
  { name: 'NUL', text: 'a\u0000b', refused: `contains U+0000, ${CONTROL}` },
  { name: 'SOH', text: 'Outage \u0001 now', refused: `contains U+0001, ${CONTROL}` },
  { name: 'backspace', text: 'Slow\u0008', refused: `contains U+0008, ${CONTROL}` },
  { name: 'vertical tab', text: 'a\u000Bb', refused: `contains U+000B, ${CONTROL}` },
  { name: 'terminal escape', text: '\u001B[31mred\u001B[0m', refused: `contains U+001B, ${CONTROL}` },
  { name: 'lone carriage return', text: 'over\rwrite', refused: `contains U+000D, ${CONTROL}` },
  { name: 'DEL', text: 'a\u007Fb', refused: `contains U+007F, ${CONTROL}` },
  { name: 'NEL (C1)', text: 'a\u0085b', refused: `contains U+0085, ${CONTROL}` },
  { name: 'CSI (C1)', text: 'a\u009Bb', refused: `contains U+009B, ${CONTROL}` },
  { name: 'lone high surrogate', text: 'a\uD800b', refused: `contains U+D800, ${SURROGATE}` },
  { name: 'lone low surrogate', text: 'a\uDFFFb', refused: `contains U+DFFF, ${SURROGATE}` },
  { name: 'U+FFFE', text: 'a\uFFFEb', refused: `contains U+FFFE, ${NONCHARACTER}` },
  { name: 'U+FFFF', text: 'a\uFFFF', refused: `contains U+FFFF, ${NONCHARACTER}` },
  { name: 'U+FDD0', text: '\uFDD0a', refused: `contains U+FDD0, ${NONCHARACTER}` },
  { name: 'U+1FFFF', text: 'a\u{1FFFF}', refused: `contains U+1FFFF, ${NONCHARACTER}` },
  {
    name: 'unclosed right-to-left override',
    text: 'API \u202Edown',
    refused: 'contains U+202E, a bidi control that is not closed by U+202C',
  },
  { name: 'unclosed isolate', text: 'API \u2067down', refused: 'contains U+2067, a bidi control that is not closed by U+2069' },
  { name: 'stray pop', text: 'API\u202C down', refused: 'contains U+202C, a bidi control that closes nothing' },
  // Accepted: text that is odd but every output can carry.
  { name: 'tab', text: 'Tab\tinside' },
  { name: 'markup', text: '<script>alert(1)</script> <b>bold</b>' },
  { name: 'XML specials', text: `& &amp; &#0; &#x1; < > " ' ]]> <![CDATA[x]]>` },
  { name: 'XML declaration', text: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]>&e;' },
  { name: 'emoji', text: 'Fire 🔥 👩🏽‍💻 🇩🇪 🏳️‍🌈' },
  { name: 'combining marks', text: 'Z̸̡̛̖a̶͓l̷̰g̵͚o̴̹ e\u0301' },
  { name: 'right-to-left scripts', text: 'مرحبا بالعالم שלום' },
  { name: 'paired bidi controls', text: 'x \u202Eevil\u202C y \u2067z\u2069' },
  { name: 'zero-width and BOM', text: 'a\u200Bb\u200Cc\u200Dd\uFEFFe' },
  { name: 'line and paragraph separators', text: 'a\u2028b\u2029c' },
  { name: 'astral characters', text: '𠜎𠜱𠝹 \u{10FFFD}' },
  { name: 'words JavaScript reads', text: '__proto__ constructor null undefined NaN' },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax as hostile text
  { name: 'templates and formats', text: '{{7*7}} ${x} %s %n \\ \\\\' },
  { name: 'Markdown', text: '**bold** [x](javascript:alert(1)) # no' },
  { name: 'long', text: `${'Ω'.repeat(60)} ${'🔥'.repeat(9)}` },
];

const accepted = NAUGHTY.filter((n) => n.refused === undefined);

/** A YAML value that holds exactly `text`: a double-quoted scalar with JSON's escapes, which YAML shares. */
const q = (text: string) => JSON.stringify(text);

/** `text` cut to at most `max` UTF-16 units without splitting a surrogate pair (the schema's limits count units). */
function cut(text: string, max: number): string {
  const points = [...text];
  while (points.join('').length > max) points.pop();
  return points.join('');
}

const SITE = (name = 'Naughty', description = '') =>
  `name: ${q(name)}\nurl: https://status.example.com\ntimezone: UTC\ndescription: ${q(description)}\n`;
const SERVICES = (name = 'API', group = 'Platform', description = '') =>
  `services:\n  - id: api\n    name: ${q(name)}\n    group: ${q(group)}\n    description: ${q(description)}\n`;
const INCIDENT = (title = 'Errors', message = 'Looking.') =>
  `---\ntitle: ${q(title)}\nimpact: minor\nservices:\n  api: degraded_performance\nstarted: 2025-01-01T10:00:00Z\n---\n\n## Investigating 2025-01-01 10:05Z\n\n${message}\n`;
const MAINTENANCE = (title = 'Upgrade', message = 'Planned.') =>
  `---\ntitle: ${q(title)}\nscheduled_for: 2025-01-02T10:00:00Z\nscheduled_until: 2025-01-02T11:00:00Z\nservices: [api]\n---\n\n## Scheduled 2025-01-01 09:00Z\n\n${message}\n`;
const NOTICE = (title = 'Note', body = 'Read this.') => `---\ntitle: ${q(title)}\nposted: 2025-01-01T09:00:00Z\n---\n\n${body}\n`;

const INCIDENT_FILE = 'incidents/2025-01-01-naughty.md';
const MAINTENANCE_FILE = 'maintenance/naughty.md';
const NOTICE_FILE = 'notices/naughty.md';

interface Place {
  name: string;
  file: string;
  line: number;
  field: string;
  /** The files of a content folder with `text` in this place. */
  files: (text: string) => Record<string, string>;
  /** A message written as is in a Markdown body (not a YAML value). */
  body?: true;
}

const files = (parts: Partial<Record<string, string>>): Record<string, string> => ({
  'site.yaml': SITE(),
  'services.yaml': SERVICES(),
  [INCIDENT_FILE]: INCIDENT(),
  [MAINTENANCE_FILE]: MAINTENANCE(),
  [NOTICE_FILE]: NOTICE(),
  ...(parts as Record<string, string>),
});

const PLACES: Place[] = [
  { name: 'site name', file: 'site.yaml', line: 1, field: 'name', files: (t) => files({ 'site.yaml': SITE(t) }) },
  { name: 'site description', file: 'site.yaml', line: 4, field: 'description', files: (t) => files({ 'site.yaml': SITE('Naughty', t) }) },
  { name: 'service name', file: 'services.yaml', line: 3, field: 'services.0.name', files: (t) => files({ 'services.yaml': SERVICES(t) }) },
  {
    name: 'service group',
    file: 'services.yaml',
    line: 4,
    field: 'services.0.group',
    files: (t) => files({ 'services.yaml': SERVICES('API', t) }),
  },
  {
    name: 'service description',
    file: 'services.yaml',
    line: 5,
    field: 'services.0.description',
    files: (t) => files({ 'services.yaml': SERVICES('API', 'Platform', t) }),
  },
  { name: 'incident title', file: INCIDENT_FILE, line: 2, field: 'title', files: (t) => files({ [INCIDENT_FILE]: INCIDENT(t) }) },
  {
    name: 'incident message',
    file: INCIDENT_FILE,
    line: 11,
    field: 'update',
    files: (t) => files({ [INCIDENT_FILE]: INCIDENT('Errors', t) }),
    body: true,
  },
  {
    name: 'maintenance title',
    file: MAINTENANCE_FILE,
    line: 2,
    field: 'title',
    files: (t) => files({ [MAINTENANCE_FILE]: MAINTENANCE(t) }),
  },
  {
    name: 'maintenance message',
    file: MAINTENANCE_FILE,
    line: 10,
    field: 'update',
    files: (t) => files({ [MAINTENANCE_FILE]: MAINTENANCE('Upgrade', t) }),
    body: true,
  },
  { name: 'notice title', file: NOTICE_FILE, line: 2, field: 'title', files: (t) => files({ [NOTICE_FILE]: NOTICE(t) }) },
  { name: 'notice body', file: NOTICE_FILE, line: 6, field: 'body', files: (t) => files({ [NOTICE_FILE]: NOTICE('Note', t) }), body: true },
];

const tempFolder = tempFolders('naughty');

function write(dir: string, content: Record<string, string>): void {
  for (const sub of ['incidents', 'maintenance', 'notices']) mkdirSync(join(dir, sub), { recursive: true });
  for (const [path, text] of Object.entries(content)) writeFileSync(join(dir, path), text);
}

/**
 * The one problem a string gives in a place. Written as is into a Markdown body, NUL and
 * broken UTF-16 never reach the field: the file itself is refused as not UTF-8 (a lone
 * surrogate is written to disk as U+FFFD).
 */
function expectedProblem(n: Naughty, place: Place): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what the loader refuses as binary
  if (place.body && /\u0000|[\uD800-\uDFFF]/.test(n.text.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) {
    return `${place.file}:1: file: is not UTF-8 text (binary data or another encoding)`;
  }
  return `${place.file}:${place.line}: ${place.field}: ${n.refused}`;
}

describe('a naughty string in every text field', () => {
  it('covers every kind of hostile text, refused and accepted', () => {
    expect(NAUGHTY.length).toBeGreaterThanOrEqual(30);
    expect(accepted.length).toBeGreaterThanOrEqual(10);
    expect(new Set(NAUGHTY.map((n) => n.name)).size).toBe(NAUGHTY.length);
  });

  describe.each(PLACES.map((p) => [p.name, p] as const))('%s', (_, place) => {
    it.each(NAUGHTY.map((n) => [n.name, n] as const))('%s', (__, n) => {
      const dir = tempFolder();
      write(dir, place.files(n.text));
      const result = loadContent(dir, dir);
      const problems = result.problems.map(formatProblem);
      if (n.refused !== undefined) {
        expect(problems).toHaveLength(1);
        expect(problems[0]).toContain(expectedProblem(n, place));
        expect(result.content).toBeUndefined();
        return;
      }
      expect(problems).toEqual([]);
      const c = result.content!;
      const value = {
        'site name': c.site.name,
        'site description': c.site.description,
        'service name': c.services[0]?.name,
        'service group': c.services[0]?.group,
        'service description': c.services[0]?.description,
        'incident title': c.incidents[0]?.title,
        'incident message': c.incidents[0]?.updates[0]?.message,
        'maintenance title': c.maintenance[0]?.title,
        'maintenance message': c.maintenance[0]?.updates[0]?.message,
        'notice title': c.notices[0]?.title,
        'notice body': c.notices[0]?.body,
      }[place.name];
      // Titles and names are trimmed, messages too; nothing else changes.
      expect(value).toBe(n.text.trim());
    });
  });
});

describe('a build of every accepted string', () => {
  let out = '';
  // Each accepted string adds a service, an incident, a maintenance window, a notice and their
  // pages to the build, which took minutes on a busy machine.
  const BUILD_LIMIT = budget(accepted.length, 60_000);
  beforeAll(async () => {
    const dir = tempFolder();
    const content = join(dir, 'content');
    out = join(dir, 'dist');
    const parts: Record<string, string> = {
      'site.yaml': SITE(cut(`Naughty ${accepted[1]!.text}`, 100), cut(accepted.map((n) => n.text).join(' '), 300)),
      'services.yaml': `services:\n${accepted
        .map(
          (n, i) =>
            `  - id: s${i}\n    name: ${q(cut(`S${i} ${n.text}`, 80))}\n    group: ${q(cut(`G${i} ${n.text}`, 80))}\n    description: ${q(n.text)}\n`,
        )
        .join('')}`,
    };
    accepted.forEach((n, i) => {
      const day = String(i + 1).padStart(2, '0');
      parts[`incidents/2025-01-${day}-n${i}.md`] = INCIDENT(n.text, n.text)
        .replace('api: degraded_performance', `s${i}: degraded_performance`)
        .replaceAll('2025-01-01', `2025-01-${day}`);
      parts[`maintenance/n${i}.md`] = MAINTENANCE(n.text, n.text).replace('services: [api]', `services: [s${i}]`);
      parts[`notices/n${i}.md`] = NOTICE(n.text, n.text);
    });
    write(content, parts);
    const loaded = loadContent(content, content);
    expect(loaded.problems.map(formatProblem)).toEqual([]);
    const r = await astroBuild(out, { STATUSMARK_CONTENT: content, STATUSMARK_NOW: '2025-02-01T00:00:00Z' });
    if (r.status !== 0) throw new Error(`the build failed:\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
  }, BUILD_LIMIT);

  const xmlFiles = () => filesBelow(out).filter((f) => /\.(rss|atom|xml|svg)$/.test(f));

  it('writes feeds, a sitemap and badges', () => {
    const found = xmlFiles();
    expect(found.filter((f) => f.endsWith('.rss')).length).toBeGreaterThanOrEqual(2);
    expect(found.filter((f) => f.endsWith('.atom')).length).toBeGreaterThanOrEqual(2);
    expect(found.filter((f) => /^badges\/.+\.svg$/.test(f)).length).toBe(accepted.length + 1);
  });

  it('every RSS/Atom feed, sitemap and badge is well-formed XML', () => {
    for (const file of xmlFiles()) expect(XMLValidator.validate(readFileSync(join(out, file), 'utf8')), file).toBe(true);
  });

  it('isolates right-to-left titles and service names where they sit in a phrase, and leaves left-to-right ones alone', () => {
    // Every incident is open at the build's clock, so the home page's banners name each title and service.
    const home = readFileSync(join(out, 'index.html'), 'utf8');
    const re = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const text = (name: string) => NAUGHTY.find((n) => n.name === name)!.text;
    for (const name of ['right-to-left scripts', 'paired bidi controls']) {
      expect(home, name).toMatch(new RegExp(`<a [^>]*dir="auto"[^>]*>${re(text(name))}</a>`));
      const i = accepted.findIndex((n) => n.name === name);
      expect(home, name).toContain(`<span dir="auto">S${i} ${text(name)}</span>`);
    }
    expect(home).toMatch(new RegExp(`<a (?:(?!dir=)[^>])*>${re(text('emoji'))}</a>`));
    expect(home).not.toMatch(new RegExp(`dir="auto"[^>]*>${re(text('emoji'))}<`));
  });

  it('the feed of updates still says every title, as written', () => {
    const feed = new XMLParser({ processEntities: true, htmlEntities: false }).parse(readFileSync(join(out, 'history.rss'), 'utf8')) as {
      rss: { channel: { item: { title: string }[] } };
    };
    const titles = feed.rss.channel.item.map((i) => String(i.title));
    for (const n of accepted)
      expect(
        titles.some((t) => t.includes(n.text.trim())),
        n.name,
      ).toBe(true);
  });
});
