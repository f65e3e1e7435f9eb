/**
 * What the intake's tests share: the page's repository as a bare repository on disk seeded
 * with the demo content (its snapshot taken out, so the page is live), and the intake's app
 * built in this process over it, its log lines collected.
 */
import { join } from 'node:path';
import type { Hono } from 'hono';
import { branches, git, seededRemote as seeded } from '../../src/dev/git-remote.ts';
import { alertsApp } from '../../src/serve/alerts/index.ts';
import { Lifecycle } from '../../src/serve/lifecycle.ts';
import { createLog } from '../../src/serve/log.ts';

export const root = join(import.meta.dirname, '../..');
export { branches, git };
export const TOKEN = 'alerts-token-0123456789abcdef0123456789';

/** The bare repository the intake pushes to (only its path: the seed clone is not needed here). */
export const seededRemote = (dir: string, name?: string): string => seeded(dir, name).remote;

export interface InProcess {
  app: Hono;
  lifecycle: Lifecycle;
  /** The log lines so far, parsed. */
  lines: Record<string, unknown>[];
}

/** The intake's routes in this process, with `env` as its environment and `cwd` as its folder. */
export function intakeApp(env: Record<string, string>, cwd: string, now?: () => Date, options: { gitTimeoutMs?: number } = {}): InProcess {
  const lines: Record<string, unknown>[] = [];
  const log = createLog('test-secret-0123456789abcdef0123456789', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  const lifecycle = new Lifecycle();
  const app = alertsApp({ log, lifecycle }, env, cwd, now, options);
  return { app, lifecycle, lines };
}

/** A generic notification's JSON. */
export function generic(group: string, status: 'firing' | 'resolved', alerts: Record<string, unknown>[]): string {
  return JSON.stringify({ group, status, alerts });
}
