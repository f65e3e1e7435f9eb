/**
 * Cloudflare Pages, through Cloudflare's own runtime: `wrangler pages dev` serves a copy of
 * the demo build with workerd, reading the `_headers` file the build wrote, offline and
 * without an account. Only on 127.0.0.1, on a port found free.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, ConsoleMessage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, visitEach } from '../../src/dev/chromium.ts';
import { assert404, assertCorsAndCache, assertHeaders, freePort, hostedCopy, waitFor, type HostedCopy } from './hosting.ts';
import { stretched } from '../../src/dev/work.ts';

/** A test's time limit here on an idle machine, stretched by how busy the machine is (src/dev/work.ts). */
const TIME_LIMIT = stretched(60_000);

const root = resolve(import.meta.dirname, '../..');

/** workerd's version is `1.YYYYMMDD.n`: the newest compatibility date it supports. */
function workerdCompatibilityDate(version: string): string {
  const m = /^\d+\.(\d{4})(\d{2})(\d{2})\.\d+$/.exec(version);
  if (!m) throw new Error(`workerd version "${version}" does not carry a date`);
  return `${m[1]}-${m[2]}-${m[3]}`;
}

let copy: HostedCopy;
let wrangler: ChildProcess | undefined;
let origin = '';
let output = '';

beforeAll(async () => {
  copy = hostedCopy('cloudflare');
  const port = await freePort();
  const workerd = JSON.parse(readFileSync(join(root, 'node_modules/workerd/package.json'), 'utf8')).version as string;
  wrangler = spawn(
    join(root, 'node_modules/.bin/wrangler'),
    [
      'pages',
      'dev',
      copy.site,
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--compatibility-date',
      workerdCompatibilityDate(workerd),
      '--log-level',
      'warn',
    ],
    {
      cwd: copy.dir,
      detached: true,
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: 'false',
        CI: '1',
        XDG_CONFIG_HOME: join(copy.dir, 'config'),
        WRANGLER_LOG_PATH: join(copy.dir, 'logs'),
      },
    },
  );
  wrangler.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  wrangler.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  origin = `http://127.0.0.1:${port}`;
  await waitFor(`${origin}/`, 45_000, () => output);
}, TIME_LIMIT);

afterAll(async () => {
  // The whole process group: wrangler and the workerd it started.
  if (wrangler?.pid !== undefined && wrangler.exitCode === null) {
    const exited = new Promise((done) => wrangler?.once('exit', done));
    process.kill(-wrangler.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((done) => setTimeout(done, 5_000))]);
    if (wrangler.exitCode === null) process.kill(-wrangler.pid, 'SIGKILL');
  }
  copy?.remove();
});

describe('Cloudflare Pages (wrangler pages dev, workerd)', () => {
  it('reads the compatibility date from the workerd version', () => {
    expect(workerdCompatibilityDate('1.20260426.1')).toBe('2026-04-26');
    expect(() => workerdCompatibilityDate('2.0.0')).toThrow('does not carry a date');
  });

  it('sends every header of the rule list on every path', async () => {
    // wrangler's dev server adds Access-Control-Allow-Origin: * to every response, which
    // Cloudflare's edge does not; where the rules give none, that header is not checked here.
    await assertHeaders(origin, copy, { opensEveryOrigin: true });
  });

  it('opens the feeds and the API to other origins and caches as documented', async () => {
    await assertCorsAndCache(origin);
  });

  it('answers a missing page with the site 404 page', async () => {
    await assert404(origin, copy);
  });

  describe('in a browser', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launch();
    });
    afterAll(async () => browser?.close());

    it('blocks nothing on any page with both the header and the page policy', async () => {
      const pages = copy.paths.filter((p) => p === '' || p.endsWith('/'));
      // Tabs used again from page to page (a new tab costs more than the page it loads).
      const blocked = await visitEach(browser, {}, pages, async (page, path) => {
        const found: string[] = [];
        const onConsole = (message: ConsoleMessage) => {
          if (/Content.Security.Policy/i.test(message.text())) found.push(`/${path}: ${message.text()}`);
        };
        page.on('console', onConsole);
        const response = await page.goto(`${origin}/${path}`);
        expect(response?.status(), `/${path}`).toBe(200);
        expect(response?.headers()['content-security-policy'], `/${path}`).toContain("frame-ancestors 'none'");
        page.off('console', onConsole);
        return found;
      });
      expect(pages.length).toBeGreaterThan(10);
      expect(blocked.flat()).toEqual([]);
    });
  });
});
