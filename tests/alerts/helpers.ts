/**
 * What the intake's tests share: the page's repository as a bare repository on disk seeded
 * with the demo content (its snapshot taken out, so the page is live), and the intake's app
 * built in this process over it, its log lines collected.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { alertsApp } from '../../src/serve/alerts/index.ts';
import { Lifecycle } from '../../src/serve/lifecycle.ts';
import { createLog } from '../../src/serve/log.ts';

export const root = join(import.meta.dirname, '../..');
export const TOKEN = 'alerts-token-0123456789abcdef0123456789';

/** git with a fixed person as author, its output as text. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Ada Person',
      GIT_AUTHOR_EMAIL: 'ada@example.com',
      GIT_COMMITTER_NAME: 'Ada Person',
      GIT_COMMITTER_EMAIL: 'ada@example.com',
    },
  });
}

/** A bare repository `name` in `dir` whose main holds the demo content; its path. */
export function seededRemote(dir: string, name = 'remote.git'): string {
  const remote = join(dir, name);
  git(dir, 'init', '-q', '--bare', '-b', 'main', remote);
  const seed = join(dir, `${name}-seed`);
  git(dir, 'clone', '-q', remote, seed);
  cpSync(join(root, 'content'), join(seed, 'content'), { recursive: true });
  const site = join(seed, 'content/site.yaml');
  writeFileSync(site, readFileSync(site, 'utf8').replace(/^snapshot:.*\n/m, ''));
  git(seed, 'add', '-A');
  git(seed, 'commit', '-q', '-m', 'The page');
  git(seed, 'push', '-q', 'origin', 'HEAD:main');
  return remote;
}

/** The branches of a bare repository. */
export function branches(remote: string): string[] {
  return git(remote, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/').split('\n').filter(Boolean).sort();
}

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
