/** Ports on 127.0.0.1 for the servers tests start. */
import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { stretched } from './work.ts';

/**
 * A port nothing listens on at this moment, on 127.0.0.1, for a server that cannot be given
 * port 0 (nginx, Alertmanager, sshd, PostgreSQL, wrangler). Another process may take it before
 * the server does; the servers that can take port 0 should.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const LOCKS = join(resolve(import.meta.dirname, '../..'), '.test-builds', 'port-locks');

/**
 * Waits until this process alone may use the fixed `port` (a built page names it, so it
 * cannot be chosen at random), and returns the release. Test files that run at the same time
 * and listen on the same fixed port take turns instead of failing with EADDRINUSE. The lock
 * is a folder (made atomically) under .test-builds/, which `npm test` empties when it starts.
 */
export async function lockPort(port: number, limitMs = stretched(600_000)): Promise<() => void> {
  mkdirSync(LOCKS, { recursive: true });
  const lock = join(LOCKS, String(port));
  const until = Date.now() + limitMs;
  for (;;) {
    try {
      mkdirSync(lock);
      return () => rmSync(lock, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (Date.now() > until) throw new Error(`port ${port} stayed taken by another test file (lock ${lock}) for ${limitMs} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
