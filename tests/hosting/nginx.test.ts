/**
 * A plain web server: Debian's nginx runs the shipped docs/nginx.conf, with only its
 * `root` swapped for a copy of the demo build, inside a minimal nginx.conf that listens
 * on 127.0.0.1 and keeps every file it writes in a temporary folder.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assert404, assertCorsAndCache, assertHeaders, freePort, hostedCopy, waitFor, type HostedCopy } from './hosting.ts';

const NGINX = '/usr/sbin/nginx';
const SHIPPED_ROOT = 'root /var/www/status/dist;';
const shipped = readFileSync(resolve(import.meta.dirname, '../../docs/nginx.conf'), 'utf8');

/** The whole nginx.conf: the shipped server snippet, its root replaced, in a server on `port`. */
function nginxConf(snippet: string, site: string, dir: string, port: number): string {
  if (!snippet.includes(SHIPPED_ROOT)) throw new Error(`docs/nginx.conf no longer has "${SHIPPED_ROOT}"; update this test's substitution`);
  return [
    'daemon off;',
    // One process, as the user running the test: the temporary folder is private to it.
    'master_process off;',
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log warn;`,
    'events { worker_connections 64; }',
    'http {',
    `  access_log off;`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};`),
    '  server {',
    `    listen 127.0.0.1:${port};`,
    snippet.replace(SHIPPED_ROOT, `root ${site};`),
    '  }',
    '}',
    '',
  ].join('\n');
}

let copy: HostedCopy;
let nginx: ChildProcess | undefined;
let origin = '';
let output = '';

beforeAll(async () => {
  if (!existsSync(NGINX))
    throw new Error(`nginx not found at ${NGINX}. Install Debian's package: apt-get install nginx (npm test does it when run as root)`);
  copy = hostedCopy('nginx');
  const port = await freePort();
  const state = join(copy.dir, 'nginx');
  mkdirSync(state);
  const conf = join(state, 'nginx.conf');
  writeFileSync(conf, nginxConf(shipped, copy.site, state, port));
  const check = spawnSync(NGINX, ['-t', '-q', '-p', state, '-c', conf], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t refused docs/nginx.conf:\n${check.stderr}`);
  nginx = spawn(NGINX, ['-p', state, '-c', conf]);
  nginx.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  origin = `http://127.0.0.1:${port}`;
  await waitFor(
    `${origin}/`,
    15_000,
    () => output + (existsSync(join(state, 'error.log')) ? readFileSync(join(state, 'error.log'), 'utf8') : ''),
  );
});

afterAll(async () => {
  if (nginx?.exitCode === null) {
    const exited = new Promise((done) => nginx?.once('exit', done));
    nginx.kill('SIGTERM');
    await exited;
  }
  copy?.remove();
});

describe('nginx with docs/nginx.conf', () => {
  it('puts the shipped snippet in a server on 127.0.0.1 with only the root changed', () => {
    const conf = nginxConf(shipped, '/tmp/x/site', '/tmp/x', 8123);
    expect(conf).toContain('listen 127.0.0.1:8123;');
    expect(conf).toContain('root /tmp/x/site;');
    expect(conf).not.toContain(SHIPPED_ROOT);
    expect(conf.replace('root /tmp/x/site;', SHIPPED_ROOT)).toContain(shipped);
    expect(() => nginxConf('index index.html;', '/s', '/d', 1)).toThrow('no longer has');
  });

  it('sends every header of the rule list on every path, and no other origin opening', async () => {
    await assertHeaders(origin, copy);
  });

  it('opens the feeds and the API to other origins and caches as documented', async () => {
    await assertCorsAndCache(origin);
  });

  it('answers a missing page with the site 404 page', async () => {
    await assert404(origin, copy);
  });

  it('names no nginx version in the Server header (server_tokens off)', async () => {
    for (const path of ['', 'no-such-page/', 'history.rss']) {
      const response = await fetch(`${origin}/${path}`);
      await response.arrayBuffer();
      expect(response.headers.get('Server'), path).toBe('nginx');
    }
    const version = spawnSync(NGINX, ['-v'], { encoding: 'utf8' }).stderr;
    expect(version).toMatch(/nginx\/\d+\.\d+/);
  });

  it('serves feeds, calendar and API with their types', async () => {
    const types: Record<string, string> = {
      'history.rss': 'application/rss+xml',
      'history.atom': 'application/atom+xml',
      'maintenance.ics': 'text/calendar',
      'api/v2/summary.json': 'application/json',
      '': 'text/html',
    };
    for (const [path, type] of Object.entries(types)) {
      const response = await fetch(`${origin}/${path}`);
      await response.arrayBuffer();
      expect(response.headers.get('Content-Type'), path).toContain(type);
    }
  });
});
