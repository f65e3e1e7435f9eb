/**
 * `statusmark import statuspage <url>` against servers that misbehave, all real node:http
 * servers on 127.0.0.1: one that never answers, one that trickles a byte at a time forever,
 * one that sends 600 MiB (streamed, never held in memory), one that sends a gzip bomb (zeros,
 * compressed as they are sent), and one that redirects to another host. Each import fails
 * with one line naming the address and the limit, exit code 1 and no stack trace; the limits
 * themselves are checked on `fetchBounded` directly.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { FETCH_LIMITS, FetchError, fetchBounded } from '../../src/cli/bounded-fetch.ts';
import { tempFolders } from '../../src/dev/temp.ts';
import { busyFactor, stretched } from '../../src/dev/work.ts';

/** A test's time limit here on an idle machine, stretched by how busy the machine is (src/dev/work.ts). */
const TIME_LIMIT = stretched(120_000);

const root = resolve(import.meta.dirname, '../..');
const tempFolder = tempFolders('fetch');
const MiB = 1024 * 1024;

/** Every server a test started, closed at the end (with the connections left hanging on purpose). */
const servers: ReturnType<typeof createServer>[] = [];
afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((closed) => server.close(closed));
  }
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** `count` buffers of `size` zero bytes, made one at a time as the reader asks. */
function zeros(count: number, size = MiB): Readable {
  const chunk = Buffer.alloc(size);
  let left = count;
  return new Readable({
    read() {
      this.push(left-- > 0 ? chunk : null);
    },
  });
}

/** A stream sent until the client goes away; errors from its leaving are expected. */
function sendUntilGone(res: ServerResponse, body: Readable): void {
  res.on('error', () => body.destroy());
  res.on('close', () => body.destroy());
  body.pipe(res);
}

const never = await serve(() => {});
const trickle = await serve((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.write('[');
  const timer = setInterval(() => res.write(' '), 50);
  res.on('close', () => clearInterval(timer));
});
const huge = await serve((req, res) => {
  // 600 MiB, streamed without a Content-Length (or with one, at /declared).
  res.writeHead(200, {
    'Content-Type': 'application/json',
    ...(req.url?.startsWith('/declared') ? { 'Content-Length': String(600 * MiB) } : {}),
  });
  sendUntilGone(res, zeros(600));
});
const bomb = await serve((_req, res) => {
  // 1 GiB of zeros, gzipped as it is sent: about a megabyte on the wire.
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
  const gzip = createGzip({ level: 9 });
  res.on('close', () => gzip.destroy());
  sendUntilGone(res, zeros(1024).pipe(gzip));
});
const redirecting = await serve((req, res) => {
  const port = (req.socket.address() as AddressInfo).port;
  const to: Record<string, string> = {
    '/elsewhere/api/v2/summary.json': `http://localhost:${port}/api/v2/summary.json`,
    '/a': '/b',
    '/b': `http://127.0.0.1:${port}/c`,
    '/loop': '/loop',
  };
  if (req.url === '/c') res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
  else if (req.url && to[req.url]) res.writeHead(302, { Location: to[req.url] }).end();
  else res.writeHead(404).end();
});
const gzipped = await serve((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
  const gzip = createGzip();
  gzip.pipe(res);
  gzip.end('{"page":"gzipped"}');
});

async function refusal(url: string, limits = FETCH_LIMITS): Promise<string> {
  const error = await fetchBounded(url, limits).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FetchError);
  return (error as FetchError).message;
}

describe('fetchBounded', () => {
  const quick = { ...FETCH_LIMITS, timeoutMs: 400 };
  it('gives up on a server that never answers after the timeout', async () => {
    expect(await refusal(`${never}/x`, quick)).toBe(`${never}/x: did not answer within 0.4 s; given up (--timeout)`);
  });
  // The trickle is served from this process: on a busy machine a pause of its event loop longer
  // than the timeout looks like silence, so the timeout grows in whole steps of 0.4 s with the load.
  const steady = { ...FETCH_LIMITS, timeoutMs: 400 * Math.ceil(busyFactor()) };
  it('gives up on a trickle after ten times the timeout in all', async () => {
    expect(await refusal(`${trickle}/x`, steady)).toMatch(
      new RegExp(
        `^${trickle}/x: still sending after ${(steady.timeoutMs * 10) / 1000} s \\(\\d+ bytes so far\\); given up \\(ten times --timeout\\)$`,
      ),
    );
  });
  it('refuses 600 MiB while it streams, and at once when Content-Length says so', async () => {
    expect(await refusal(`${huge}/x`)).toBe(`${huge}/x: is more than 32 MiB; refused while it was sent`);
    expect(await refusal(`${huge}/declared`)).toBe(`${huge}/declared: is 600 MiB (Content-Length); the limit is 32 MiB`);
  });
  it('refuses a gzip bomb by its decompressed size, long before it is all sent', async () => {
    expect(await refusal(`${bomb}/x`)).toMatch(
      new RegExp(`^${bomb}/x: is more than 32 MiB once decompressed \\(after (\\d+) bytes sent\\); refused$`),
    );
    const sent = Number(/after (\d+) bytes/.exec(await refusal(`${bomb}/x`))![1]);
    // 32 MiB of zeros gzip to about 32 KiB: far less than the 1 GiB it would inflate to.
    expect(sent).toBeLessThan(MiB);
  });
  it('decompresses a gzipped answer', async () => {
    expect(await fetchBounded(`${gzipped}/x`)).toEqual({ status: 200, text: '{"page":"gzipped"}', url: `${gzipped}/x` });
  });
  it('follows redirects on the same host only, and not forever', async () => {
    expect(await fetchBounded(`${redirecting}/a`)).toEqual({ status: 200, text: '{"ok":true}', url: `${redirecting}/c` });
    const port = new URL(redirecting).port;
    expect(await refusal(`${redirecting}/elsewhere/api/v2/summary.json`)).toBe(
      `${redirecting}/elsewhere/api/v2/summary.json: redirects to another host (127.0.0.1:${port} → localhost:${port}: http://localhost:${port}/api/v2/summary.json); not followed. Give the address it should be read from`,
    );
    expect(await refusal(`${redirecting}/loop`)).toBe(`${redirecting}/loop: more than 5 redirects; not followed further`);
  });
  it('names a refused connection', async () => {
    const closed = await serve(() => {});
    const server = servers.pop()!;
    await new Promise((done) => server.close(done));
    expect(await refusal(`${closed}/x`)).toMatch(
      new RegExp(`^${closed}/x: could not be fetched \\(connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+\\)$`),
    );
  });
});

/** `statusmark import statuspage URL` into an empty folder; resolves with its exit code and output. */
function importFrom(url: string, ...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const content = join(tempFolder(), 'content');
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      [join(root, 'src/cli/statusmark.ts'), 'import', 'statuspage', url, '--content', content, ...args],
      { cwd: root },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => done({ code, out, err }));
  });
}

describe('statusmark import statuspage <url> against a hostile server', () => {
  const cases: [string, () => string, string[], RegExp][] = [
    [
      'never answers',
      () => never,
      ['--timeout', '1'],
      /^statusmark import: http:\/\/127\.0\.0\.1:\d+\/api\/v2\/summary\.json: did not answer within 1 s; given up \(--timeout\)$/,
    ],
    [
      'trickles forever',
      () => trickle,
      ['--timeout', '0.5'],
      /^statusmark import: http:\/\/127\.0\.0\.1:\d+\/api\/v2\/summary\.json: still sending after 5 s \(\d+ bytes so far\); given up \(ten times --timeout\)$/,
    ],
    [
      'sends 600 MiB',
      () => huge,
      [],
      /^statusmark import: http:\/\/127\.0\.0\.1:\d+\/api\/v2\/summary\.json: is more than 32 MiB; refused while it was sent$/,
    ],
    [
      'sends a gzip bomb',
      () => bomb,
      [],
      /^statusmark import: http:\/\/127\.0\.0\.1:\d+\/api\/v2\/summary\.json: is more than 32 MiB once decompressed \(after \d+ bytes sent\); refused$/,
    ],
    [
      'redirects to another host',
      () => `${redirecting}/elsewhere`,
      [],
      /^statusmark import: http:\/\/127\.0\.0\.1:(\d+)\/elsewhere\/api\/v2\/summary\.json: redirects to another host \(127\.0\.0\.1:\1 → localhost:\1: http:\/\/localhost:\1\/api\/v2\/summary\.json\); not followed\. Give the address it should be read from$/,
    ],
  ];
  for (const [what, url, args, line] of cases) {
    it(`fails in one line, exit 1, when the server ${what}`, { timeout: TIME_LIMIT }, async () => {
      const result = await importFrom(url(), ...args);
      expect(result.code, result.err).toBe(1);
      expect(result.err.trimEnd().split('\n')).toHaveLength(1);
      expect(result.err.trimEnd()).toMatch(line);
      expect(result.out).toBe('');
    });
  }
  it('refuses a --timeout that is not a number of seconds', async () => {
    const result = await importFrom(never, '--timeout', 'soon');
    expect(result.code).toBe(1);
    expect(result.err.trimEnd()).toBe('statusmark import: --timeout soon: must be a number of seconds from 0.1 to 3600 (default 30)');
  });
});
