/**
 * What every host must do with a build, asserted against a real server: the headers of
 * each path from the one rule list (src/lib/outputs/headers.ts), the 404 page, CORS on the feeds
 * and the API, and the cache rules. The Cloudflare and nginx tests start their server and
 * hand its URL here.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { builtSite, filesBelow } from '../browser/builds.ts';
import { FRESH, headerRules, headersFor, IMMUTABLE } from '../../src/lib/outputs/headers.ts';
import { siteConfigIn } from '../../src/lib/content/site-config.ts';
import { stretched } from '../../src/dev/work.ts';

/** The rules the demo build wrote into its _headers, from its site.yaml (base `/`, an https url). */
export function demoRules() {
  const demo = siteConfigIn(resolve(import.meta.dirname, '../../content'));
  return headerRules(demo.base, { hsts: demo.hsts });
}

/** What an https site sends, as the manual documents it (docs/src/content/docs/hosting.md): one year, no preload. */
export const DEMO_HSTS = 'max-age=31536000';

/** A fingerprinted asset the demo does not have (its styles are inline), so the immutable rule is exercised. */
export const PROBE_ASSET = '_astro/probe.0a1b2c3d.css';

export interface HostedCopy {
  /** The temporary folder: `site/` (the build) and room for the server's own files. */
  dir: string;
  site: string;
  /** URL paths of every file the host serves, pages as `incidents/x/`. */
  paths: string[];
  remove(): void;
}

/** A copy of the demo build in a fresh temporary folder, with the probe asset added. */
export function hostedCopy(name: string): HostedCopy {
  const source = builtSite('demo');
  const dir = mkdtempSync(join(tmpdir(), `statusmark-${name}-`));
  const site = join(dir, 'site');
  cpSync(source, site, { recursive: true });
  mkdirSync(join(site, '_astro'), { recursive: true });
  writeFileSync(join(site, PROBE_ASSET), 'body{margin:0}\n');
  const paths = filesBelow(site)
    .filter((f) => f !== '_headers' && f !== '404.html')
    .map((f) => f.replace(/(^|\/)index\.html$/, '$1'));
  return { dir, site, paths, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export { freePort } from '../../src/dev/ports.ts';

/**
 * Waits until `url` answers at all, or throws with the server's output after `ms` (what the
 * server may take to start on an idle machine), stretched by how busy the machine is.
 */
export async function waitFor(url: string, idleMs: number, output: () => string): Promise<void> {
  const ms = stretched(idleMs);
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      await fetch(url, { method: 'HEAD' });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`${url} did not answer within ${ms / 1000} s. Server output:\n${output()}`);
}

export interface HostChecks {
  /** The host adds `Access-Control-Allow-Origin: *` to every response on its own (wrangler's dev server does). */
  opensEveryOrigin?: boolean;
}

/** Every path of the build, fetched from `origin` (no trailing slash; the demo has base `/`). */
export async function assertHeaders(origin: string, copy: HostedCopy, checks: HostChecks = {}): Promise<void> {
  const rules = demoRules();
  for (const path of copy.paths) {
    const response = await fetch(`${origin}/${path}`);
    expect(response.status, `/${path}`).toBe(200);
    await response.arrayBuffer();
    const expected = headersFor(`/${path}`, rules);
    expect(response.headers.get('Strict-Transport-Security'), `Strict-Transport-Security of /${path}`).toBe(DEMO_HSTS);
    for (const [name, value] of Object.entries(expected)) {
      expect(response.headers.get(name), `${name} of /${path}`).toBe(value);
    }
    if (!checks.opensEveryOrigin && !('Access-Control-Allow-Origin' in expected)) {
      expect(response.headers.get('Access-Control-Allow-Origin'), `Access-Control-Allow-Origin of /${path}`).toBeNull();
    }
  }
}

/** The rules the manual's hosting page promises (docs/src/content/docs/hosting.md), by example. */
export async function assertCorsAndCache(origin: string): Promise<void> {
  for (const path of [
    'history.rss',
    'history.atom',
    'services/api/history.rss',
    'api/v2/summary.json',
    'api/v2/status.json',
    'maintenance.ics',
    'badges/status.svg',
  ]) {
    const response = await fetch(`${origin}/${path}`, { headers: { Origin: 'https://elsewhere.example' } });
    await response.arrayBuffer();
    expect(response.headers.get('Access-Control-Allow-Origin'), path).toBe('*');
    expect(response.headers.get('Cache-Control'), path).toBe(FRESH);
  }
  const asset = await fetch(`${origin}/${PROBE_ASSET}`);
  await asset.arrayBuffer();
  expect(asset.headers.get('Cache-Control')).toBe(IMMUTABLE);
  const home = await fetch(`${origin}/`);
  await home.arrayBuffer();
  expect(home.headers.get('Cache-Control')).toBe(FRESH);
}

/** A missing page answers 404 with the site's own page, under the same security headers. */
export async function assert404(origin: string, copy: HostedCopy): Promise<void> {
  const ownPage = readFileSync(join(copy.site, '404.html'), 'utf8');
  const title = /<title>([^<]*)<\/title>/.exec(ownPage)?.[1];
  expect(title, '404.html has a title').toBeTruthy();
  for (const path of ['no-such-page/', 'incidents/no-such-incident/', 'api/v2/no-such.json']) {
    const response = await fetch(`${origin}/${path}`);
    expect(response.status, path).toBe(404);
    expect(await response.text(), path).toContain(`<title>${title}</title>`);
    const security = headersFor('/no-such-page/', demoRules());
    expect(response.headers.get('Content-Security-Policy'), path).toBe(security['Content-Security-Policy']);
    expect(response.headers.get('X-Content-Type-Options'), path).toBe('nosniff');
    expect(response.headers.get('Strict-Transport-Security'), path).toBe(DEMO_HSTS);
  }
}
