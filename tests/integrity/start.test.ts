/**
 * A service's `start:` on the built pages: the days before it are "no data" bars (their
 * own class, never the operational look), uptime counts from it, and a service that has
 * not started shows no percentage at all, on the home page, its own page and uptime.json.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { astroBuild } from '../../src/dev/astro-build.ts';
import { tempFolders } from '../../src/dev/temp.ts';
import { stretched } from '../../src/dev/work.ts';

/** A test's time limit here on an idle machine, stretched by how busy the machine is (src/dev/work.ts). */
const TIME_LIMIT = stretched(600_000);

const folder = tempFolders('start');

/** The strip of the service named `name` on a page: each bar's class ('' for operational) and the legend's total. */
function strip(html: string, name: string): { bars: string[]; total: string } {
  const at = html.indexOf(`<ol class="bars" aria-label="${name},`);
  expect(at, name).toBeGreaterThan(-1);
  const list = html.slice(at, html.indexOf('</ol>', at));
  const bars = [...list.matchAll(/<li(?: class="([a-z])")?>/g)].map((m) => m[1] ?? '');
  const total = /<span class="total">([\s\S]*?)<\/span><span>/.exec(html.slice(at))?.[1] ?? '';
  return { bars, total: total.replace(/<[^>]+>/g, '|') };
}

describe('services with a start day', () => {
  it('show no data before it, count uptime from it, and no percentage before the first day', { timeout: TIME_LIMIT }, async () => {
    const dir = folder();
    const content = join(dir, 'content');
    mkdirSync(content);
    // Now: 31 March 2025, 09:00 in London (08:00 UTC). The strip's 90 days run 1 Jan to 31 Mar.
    writeFileSync(
      join(content, 'site.yaml'),
      'name: Start Example\nurl: https://status.example.com\ntimezone: Europe/London\nlocale: en-GB\nsnapshot: 2025-03-31T09:00:00+01:00\n',
    );
    writeFileSync(
      join(content, 'services.yaml'),
      'services:\n  - id: api\n    name: API\n    group: Platform\n    start: 2025-03-25\n  - id: dashboard\n    name: Dashboard\n    group: Platform\n    start: 2025-04-05\n',
    );
    const out = join(dir, 'dist');
    const built = await astroBuild(out, { STATUSMARK_CONTENT: content, TZ: 'UTC' });
    expect(built.status, built.stdout + built.stderr).toBe(0);

    const home = readFileSync(join(out, 'index.html'), 'utf8');
    const api = strip(home, 'API');
    // 1 Jan to 24 Mar: 31 + 28 + 24 = 83 days before the start, then 7 measured days, all operational.
    expect(api.bars).toEqual([...Array<string>(83).fill('n'), ...Array<string>(7).fill('')]);
    expect(api.total).toBe('|100.00%||100.00%| uptime');
    const dashboard = strip(home, 'Dashboard');
    expect(dashboard.bars).toEqual(Array<string>(90).fill('n'));
    // Nothing measured: the catalog's "no data", no percentage, no "uptime".
    expect(dashboard.total).toBe('|no data||no data|');

    const page = readFileSync(join(out, 'services', 'dashboard', 'index.html'), 'utf8');
    expect(strip(page, 'Dashboard').total).toBe('|no data||no data|');
    expect(/<p class="totals"[^>]*>([\s\S]*?)<\/p>/.exec(page)?.[1]?.replace(/<[^>]+>/g, '')).toBe(
      'Last 30 days: no data · last 90 days: no data',
    );

    const uptime = JSON.parse(readFileSync(join(out, 'api', 'uptime.json'), 'utf8')) as {
      services: {
        id: string;
        uptime_30d: number | null;
        uptime_90d: number | null;
        days: { date: string; uptime: number | null; measured_minutes: number }[];
      }[];
    };
    const [apiDoc, dashboardDoc] = uptime.services;
    expect(apiDoc).toMatchObject({ id: 'api', uptime_30d: 1, uptime_90d: 1 });
    expect(apiDoc!.days.find((d) => d.date === '2025-03-24')).toMatchObject({ uptime: null, measured_minutes: 0 });
    // 31 March, BST: from 00:00 (23:00 UTC the day before) to 09:00 = 540 minutes measured.
    expect(apiDoc!.days.find((d) => d.date === '2025-03-31')).toMatchObject({ uptime: 1, measured_minutes: 540 });
    expect(dashboardDoc).toMatchObject({ id: 'dashboard', uptime_30d: null, uptime_90d: null });
    expect(dashboardDoc!.days.every((d) => d.uptime === null && d.measured_minutes === 0)).toBe(true);
  });
});
