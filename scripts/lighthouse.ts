/**
 * Lighthouse (npm's `lighthouse`, mobile profile) on a build, driving Debian's Chromium:
 * prints the four scores (performance, accessibility, best practices, SEO) for the home
 * page, an incident, a service page and the history. Slow, so not part of `npm test`.
 *
 * Usage: npm run lighthouse [-- dist [path ...]]
 * The build is served on 127.0.0.1 with the headers of src/lib/outputs/headers.ts, as a CDN would.
 * Exits non-zero when accessibility, best practices or SEO is below 100 on any page.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CHROMIUM } from '../src/dev/chromium.ts';
import { serve } from '../src/dev/server.ts';
import { siteConfigForAstro } from '../src/lib/content/site-config.ts';
import { paths } from '../src/lib/outputs/paths.ts';

const root = join(import.meta.dirname, '..');
const [dist = 'dist', ...given] = process.argv.slice(2);
if (!existsSync(join(dist, 'index.html'))) {
  console.error(`No build in ${dist}/. Run npm run build first, or name the folder: npm run lighthouse -- path/to/dist`);
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.error(`Chromium not found at ${CHROMIUM}. Install Debian's package: apt-get install chromium`);
  process.exit(1);
}

/** The first folder below `dir/sub` (an incident, a service), as a page path. */
function firstPage(sub: string, path: (name: string) => string): string {
  const name = readdirSync(join(dist, sub))
    .filter((n) => existsSync(join(dist, sub, n, 'index.html')))
    .sort()[0];
  if (!name) throw new Error(`${dist}/${sub}/ has no page`);
  return path(name);
}
const pages = given.length
  ? given
  : [paths.home(), firstPage('incidents', paths.incident), firstPage('services', paths.service), paths.history()];

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const { base } = siteConfigForAstro(process.env);
const server = await serve(dist, base, true);
const out = mkdtempSync(join(tmpdir(), 'statusmark-lighthouse-'));
let short = false;
try {
  console.log(`${'page'.padEnd(60)} perf  a11y  best   seo`);
  for (const [i, path] of pages.entries()) {
    const report = join(out, `${i}.json`);
    await promisify(execFile)(
      join(root, 'node_modules/.bin/lighthouse'),
      [
        server.url + path,
        '--quiet',
        '--output=json',
        `--output-path=${report}`,
        `--only-categories=${CATEGORIES.join(',')}`,
        '--chrome-flags=--headless=new --no-sandbox --disable-gpu',
      ],
      { env: { ...process.env, CHROME_PATH: CHROMIUM }, maxBuffer: 64 * 1024 * 1024 },
    );
    const result = JSON.parse(readFileSync(report, 'utf8')) as {
      categories: Record<string, { score: number | null }>;
      audits: Record<
        string,
        { score: number | null; scoreDisplayMode: string; title: string; explanation?: string; displayValue?: string }
      >;
    };
    const scores = CATEGORIES.map((c) => Math.round((result.categories[c]?.score ?? 0) * 100));
    console.log(`/${path}`.padEnd(60) + scores.map((s) => String(s).padStart(5)).join(' '));
    const metrics = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'];
    console.log(`    ${metrics.map((m) => `${m.replace(/-/g, ' ')} ${result.audits[m]?.displayValue ?? '?'}`).join(' · ')}`);
    if (scores.slice(1).some((s) => s < 100)) {
      short = true;
      const failing = Object.values(result.audits).filter((a) => a.scoreDisplayMode === 'binary' && a.score === 0);
      for (const audit of failing) console.log(`    failed: ${audit.title}${audit.explanation ? ` (${audit.explanation})` : ''}`);
    }
  }
} finally {
  await server.close();
  rmSync(out, { recursive: true, force: true });
}
process.exit(short ? 1 : 0);
