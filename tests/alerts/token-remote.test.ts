/**
 * The intake pushing over HTTPS-style smart HTTP with a token from the environment: git's own
 * `git http-backend` (CGI) behind a node:http server on 127.0.0.1 that refuses any request
 * without the token. The token reaches git through its environment, never its arguments or
 * the service's log.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, seededRemote } from '../../src/dev/git-remote.ts';
import { type ServiceProcess, startServiceProcess } from '../../src/dev/service.ts';
import { tempFolders } from '../../src/dev/temp.ts';
import { stretched } from '../../src/dev/work.ts';

const HTTP_BACKEND = '/usr/lib/git-core/git-http-backend';
const GIT_TOKEN = 'git-token-0123456789abcdef0123456789abcdef';
const TOKEN = 'alerts-token-0123456789abcdef0123456789';
const LIMIT = stretched(180_000);

const temp = tempFolders('alerts-token');
let dir: string;
let server: Server;
let service: ServiceProcess;
let remoteUrl: string;
/** Each request the git server saw: whether it carried the token. */
const seen: { path: string; authorized: boolean }[] = [];

beforeAll(async () => {
  dir = temp();
  const repos = join(dir, 'repos');
  mkdirSync(repos);
  const { seed } = seededRemote(repos, 'page.git');

  const expected = `Basic ${Buffer.from(`x-access-token:${GIT_TOKEN}`).toString('base64')}`;
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const authorized = req.headers.authorization === expected;
    seen.push({ path: url.pathname, authorized });
    if (!authorized) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="page"' }).end();
      return;
    }
    // git's own smart HTTP server, as a CGI program.
    const cgi = spawn(HTTP_BACKEND, [], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: repos,
        GIT_HTTP_EXPORT_ALL: '1',
        REMOTE_USER: 'x-access-token',
        REQUEST_METHOD: req.method ?? 'GET',
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: String(req.headers['content-encoding']) } : {}),
      },
    });
    req.pipe(cgi.stdin);
    let head = Buffer.alloc(0);
    let started = false;
    cgi.stdout.on('data', (chunk: Buffer) => {
      if (started) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      started = true;
      let status = 200;
      for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
        const [name = '', ...rest] = line.split(':');
        const value = rest.join(':').trim();
        if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else res.setHeader(name, value);
      }
      res.writeHead(status);
      res.write(head.subarray(end + 4));
    });
    cgi.on('close', () => res.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  remoteUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/page.git`;

  service = await startServiceProcess(['--content', join(seed, 'content')], dir, {
    STATUSMARK_ALERTS_REMOTE: remoteUrl,
    STATUSMARK_ALERTS_TOKEN: TOKEN,
    STATUSMARK_ALERTS_GIT_TOKEN: GIT_TOKEN,
    STATUSMARK_ALERTS_WORKDIR: join(dir, 'intake'),
    STATUSMARK_DB: join(dir, 'subscribers.sqlite'),
  });
}, stretched(120_000));

afterAll(async () => {
  if (service) {
    service.child.kill('SIGTERM');
    await service.exited;
  }
  await new Promise((resolve) => server?.close(resolve));
}, stretched(60_000));

describe('a remote that wants a token', () => {
  it('refuses git without it, and takes the draft pushed with it', { timeout: LIMIT }, async () => {
    // Asynchronously: the git server runs in this process, so a synchronous spawn would wait on itself.
    const without = await gitAsync(['ls-remote', remoteUrl]);
    expect(without.code).not.toBe(0);
    expect(without.err).toMatch(/401|Authentication failed|could not read Username/i);
    const reply = await fetch(`${service.url}/alerts/generic`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        group: 'signup attack',
        status: 'firing',
        alerts: [{ labels: { alertname: 'SignupFlood' }, annotations: { summary: 'sign-ups from 3 networks' } }],
      }),
    });
    const body = (await reply.json()) as { result: string; branch: string; file: string };
    expect(reply.status, JSON.stringify(body)).toBe(200);
    expect(body.result).toBe('created');
    const bare = join(dir, 'repos/page.git');
    expect(git(bare, 'show', `${body.branch}:${body.file}`)).toContain('registration: partial_outage');
    // Every request git made for the intake carried the token; it never shows in the service's output.
    const intake = seen.filter((s) => s.path.startsWith('/page.git/'));
    expect(intake.filter((s) => s.authorized).length).toBeGreaterThanOrEqual(3);
    expect(service.output()).not.toContain(GIT_TOKEN);
    expect(service.output()).not.toContain(Buffer.from(`x-access-token:${GIT_TOKEN}`).toString('base64'));
  });
});

function gitAsync(args: string[]): Promise<{ code: number; err: string }> {
  return new Promise((resolve) => {
    execFile('git', args, { env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }, (error, _out, err) =>
      resolve({ code: error ? 1 : 0, err: String(err) }),
    );
  });
}
