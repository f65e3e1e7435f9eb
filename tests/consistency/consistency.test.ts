/**
 * One truth: for each case of the status table, a real build must say the same thing in
 * every output: the home headline and its colour, the banner on every page, the status
 * badge, status.json, summary.json and the feed. The expected words and colours are
 * written out by hand from the manual's table (docs/src/content/docs/status-model.md), not computed by the code under test.
 *
 * One content folder holds every case on its own day (2025-03-01 … 2025-03-09, UTC);
 * each build pins the clock to 11:00 on that day, when only that case is under way.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { astroBuild, astroBuilds } from '../../src/dev/astro-build.ts';
import { filesBelow } from '../../src/dev/files.ts';
import { budget } from '../../src/dev/work.ts';

interface Case {
  name: string;
  day: number;
  /** Files to write, relative to the content folder. */
  files: Record<string, string>;
  headline: string;
  indicator: string;
  /** The home page's colour (its data-status). */
  tone: string;
  /** Each banner: its colour (data-status) and the words in bold at its start. */
  banners: [string, string][];
  /** A phrase the newest feed entry for the case carries. */
  feed: string;
}

const d = (day: number, time: string) => `2025-03-0${day}T${time}:00Z`;

function incidentFile(day: number, impact: string, services: Record<string, string>, extraUpdate = ''): string {
  const lines = ['---', `title: Case ${day} incident`, `impact: ${impact}`];
  if (Object.keys(services).length) lines.push('services:', ...Object.entries(services).map(([id, s]) => `  ${id}: ${s}`));
  // Resolved at 12:00, after the pinned 11:00: still open in its own build, over in later ones.
  lines.push(
    `started: ${d(day, '10:00')}`,
    `resolved: ${d(day, '12:00')}`,
    '---',
    '',
    `## Investigating ${d(day, '10:05')}`,
    'Looking into it.',
    '',
  );
  return `${lines.join('\n') + extraUpdate}\n## Resolved ${d(day, '12:00')}\nFixed.\n`;
}

function maintenanceFile(day: number, services: string[]): string {
  const list = services.length ? ['services:', ...services.map((s) => `  - ${s}`)] : [];
  return [
    '---',
    `title: Case ${day} maintenance`,
    `scheduled_for: ${d(day, '10:30')}`,
    `scheduled_until: ${d(day, '12:00')}`,
    ...list,
    '---',
    '',
    `## Scheduled ${d(day, '09:00')}`,
    'Planned work.',
    '',
  ].join('\n');
}

const cases: Case[] = [
  {
    name: 'no services, impact none',
    day: 1,
    files: { 'incidents/2025-03-01-case.md': incidentFile(1, 'none', {}) },
    headline: 'All Systems Operational',
    indicator: 'none',
    tone: 'operational',
    banners: [['operational', 'No impact']],
    feed: 'No impact',
  },
  {
    name: 'no services, impact minor',
    day: 2,
    files: { 'incidents/2025-03-02-case.md': incidentFile(2, 'minor', {}) },
    headline: 'Minor Service Outage',
    indicator: 'minor',
    tone: 'degraded_performance',
    banners: [['degraded_performance', 'Minor impact']],
    feed: 'Minor impact',
  },
  {
    name: 'no services, impact major',
    day: 3,
    files: { 'incidents/2025-03-03-case.md': incidentFile(3, 'major', {}) },
    headline: 'Partial System Outage',
    indicator: 'major',
    tone: 'partial_outage',
    banners: [['partial_outage', 'Major impact']],
    feed: 'Major impact',
  },
  {
    name: 'no services, impact critical',
    day: 4,
    files: { 'incidents/2025-03-04-case.md': incidentFile(4, 'critical', {}) },
    headline: 'Major Service Outage',
    indicator: 'critical',
    tone: 'major_outage',
    banners: [['major_outage', 'Critical impact']],
    feed: 'Critical impact',
  },
  {
    name: 'partial outage with impact critical',
    day: 5,
    files: { 'incidents/2025-03-05-case.md': incidentFile(5, 'critical', { api: 'partial_outage' }) },
    headline: 'Major Service Outage',
    indicator: 'critical',
    tone: 'major_outage',
    banners: [['partial_outage', 'Partial outage']],
    feed: 'API (partial outage)',
  },
  {
    name: 'major outage with impact minor',
    day: 6,
    files: { 'incidents/2025-03-06-case.md': incidentFile(6, 'minor', { api: 'major_outage' }) },
    headline: 'Major Service Outage',
    indicator: 'critical',
    tone: 'major_outage',
    banners: [['major_outage', 'Major outage']],
    feed: 'API (major outage)',
  },
  {
    name: 'maintenance over an outage',
    day: 7,
    files: {
      'incidents/2025-03-07-case.md': incidentFile(7, 'minor', { api: 'degraded_performance' }),
      'maintenance/case-7.md': maintenanceFile(7, ['api', 'web']),
    },
    headline: 'Minor Service Outage',
    indicator: 'minor',
    tone: 'degraded_performance',
    banners: [
      ['degraded_performance', 'Degraded performance'],
      ['under_maintenance', 'Under maintenance'],
    ],
    feed: 'API (degraded performance)',
  },
  {
    name: 'a maintenance naming no service',
    day: 8,
    files: { 'maintenance/case-8.md': maintenanceFile(8, []) },
    headline: 'Service Under Maintenance',
    indicator: 'maintenance',
    tone: 'under_maintenance',
    banners: [['under_maintenance', '']],
    feed: 'Case 8 maintenance',
  },
  {
    name: 'an update moving a service from major to partial outage',
    day: 9,
    files: {
      'incidents/2025-03-09-case.md': incidentFile(
        9,
        'critical',
        { api: 'major_outage' },
        `\n## Identified ${d(9, '10:40')}\nservices: api=partial_outage\nimpact: major\n\nHalf the requests work again.\n`,
      ),
    },
    headline: 'Partial System Outage',
    indicator: 'major',
    tone: 'partial_outage',
    banners: [['partial_outage', 'Partial outage']],
    feed: 'API (partial outage)',
  },
];

let work: string;
/** The last case's build among the others and built alone (compared in the last test). */
let sameBuilds: { batched: string; alone: string };
const outDir = (c: Case) => join(work, `build-${c.day}`);
/** One build per case, and one more; a build may take a minute and a half on a busy machine. */
const BUILDS_LIMIT = budget(cases.length + 1, 90_000);

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'statusmark-consistency-'));
  const content = join(work, 'content');
  for (const sub of ['incidents', 'maintenance']) mkdirSync(join(content, sub), { recursive: true });
  writeFileSync(join(content, 'site.yaml'), 'name: Case Status\nurl: https://status.case.example\ntimezone: UTC\n');
  writeFileSync(
    join(content, 'services.yaml'),
    'services:\n  - id: api\n    name: API\n    group: Platform\n  - id: web\n    name: Web\n    group: Platform\n',
  );
  for (const c of cases) for (const [path, text] of Object.entries(c.files)) writeFileSync(join(content, path), text);
  // Every case into its own folder, one build after another in one process (Astro starts once).
  // The last case is also built alone, beside them, and must come out the same byte for byte:
  // nothing of one build may stay behind in the process for the next.
  const last = cases.at(-1)!;
  const [built, alone] = await Promise.all([
    astroBuilds(cases.map((c) => ({ outDir: outDir(c), env: { STATUSMARK_CONTENT: content, STATUSMARK_NOW: d(c.day, '11:00') } }))),
    astroBuild(join(work, 'alone'), { STATUSMARK_CONTENT: content, STATUSMARK_NOW: d(last.day, '11:00') }),
  ]);
  for (const [i, r] of built.entries())
    if (r.status !== 0) throw new Error(`build for "${cases[i]!.name}" failed:\n${r.stdout}\n${r.stderr}`);
  if (alone.status !== 0) throw new Error(`the build of "${last.name}" alone failed:\n${alone.stdout}\n${alone.stderr}`);
  sameBuilds = { batched: outDir(last), alone: join(work, 'alone') };
}, BUILDS_LIMIT);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The banners of a page: colour (data-status) and the bold words that open each. */
function banners(html: string): [string, string][] {
  const region = /<div class="banners"[^>]*>([\s\S]*?)<header/.exec(html)?.[1] ?? '';
  return [
    ...region.matchAll(
      /<section class="banner" data-status="([a-z_]+)"[^>]*>[\s\S]*?<p class="what"[^>]*>\s*(?:<strong[^>]*>([^<]*)<\/strong>)?/g,
    ),
  ].map((m) => [m[1]!, (m[2] ?? '').trim()]);
}

describe.each(cases)('$name', (c) => {
  const read = (path: string) => readFileSync(join(outDir(c), path), 'utf8');

  it('the home headline and its colour', () => {
    const html = read('index.html');
    expect(/<h1 id="overall-heading"[^>]*>([^<]+)<\/h1>/.exec(html)?.[1]).toBe(c.headline);
    expect(html).toMatch(new RegExp(`<section class="overall" data-status="${c.tone}"`));
  });

  it('the banners, the same on every page but the home page, whose cards say it instead', () => {
    expect(banners(read('index.html'))).toEqual([]);
    expect(banners(read('history/index.html'))).toEqual(c.banners);
    expect(banners(read('notices/index.html'))).toEqual(c.banners);
    expect(banners(read('404.html'))).toEqual(c.banners);
  });

  it('the status badge, status.json and summary.json', () => {
    expect(read('badges/status.svg')).toContain(`<title>Case Status: ${c.headline.toLowerCase()}</title>`);
    const status = JSON.parse(read('api/v2/status.json')).status;
    expect(status).toEqual({ indicator: c.indicator, description: c.headline });
    expect(JSON.parse(read('api/v2/summary.json')).status).toEqual(status);
  });

  it('the feed', () => {
    const rss = read('updates.rss');
    const newest = /<item>([\s\S]*?)<\/item>/.exec(rss)?.[1] ?? '';
    expect(newest).toContain(`Case ${c.day}`);
    expect(newest).toContain(c.feed);
  });
});

describe('an update that moves a service from major to partial outage, in every output', () => {
  const c = cases.find((x) => x.day === 9)!;
  const read = (path: string) => readFileSync(join(outDir(c), path), 'utf8');

  it('the incident page shows both stretches', () => {
    const html = read('incidents/2025-03-09-case/index.html');
    const periods = /<ol class="periods"[^>]*>([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
    const text = periods.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    // The site names no locale: English, written as en-GB.
    const minutes = (n: number) => new Intl.DurationFormat('en-GB', { style: 'short' }).format({ minutes: n });
    expect(text).toContain(`Major outage 10:00 UTC to 10:40 UTC (${minutes(40)})`);
    expect(text).toContain(`Partial outage 10:40 UTC to now (${minutes(20)})`);
  });

  it('uptime.json counts each stretch at its status (hand-worked minutes)', () => {
    const api = JSON.parse(read('api/uptime.json')).services.find((s: { id: string }) => s.id === 'api');
    const day = api.days.find((x: { date: string }) => x.date === '2025-03-09');
    // 00:00–11:00 measured (660 min): 40 min major outage, 20 min partial outage, 600 min operational.
    expect(day.minutes).toEqual({ operational: 600, degraded_performance: 0, partial_outage: 20, major_outage: 40, under_maintenance: 0 });
    expect(day.measured_minutes).toBe(660);
    // Down: 40 + 0.3 × 20 = 46 of 660 minutes.
    expect(day.uptime).toBeCloseTo(1 - 46 / 660, 12);
  });

  it('the API gives each update its real old and new status', () => {
    const incident = JSON.parse(read('api/v2/incidents.json')).incidents.find((i: { name: string }) => i.name === 'Case 9 incident');
    const changes = incident.incident_updates.map(
      (u: { status: string; affected_components: { old_status: string; new_status: string }[] | null }) => [
        u.status,
        u.affected_components?.map((a) => `${a.old_status}→${a.new_status}`) ?? null,
      ],
    );
    expect(changes).toEqual([
      ['identified', ['major_outage→partial_outage']],
      ['investigating', ['operational→major_outage']],
    ]);
    expect(incident.impact).toBe('major');
  });
});

describe('builds made one after another in one process (astroBuilds)', () => {
  it('give the same files, byte for byte, as a build of its own', () => {
    const files = filesBelow(sameBuilds.alone);
    expect(filesBelow(sameBuilds.batched)).toEqual(files);
    for (const file of files)
      expect(readFileSync(join(sameBuilds.batched, file)).equals(readFileSync(join(sameBuilds.alone, file))), file).toBe(true);
  });
});
