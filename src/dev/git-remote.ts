/**
 * The page's repository for the alert intake's tests and bench: a bare repository on disk whose
 * main holds the demo content, with its snapshot taken out so the page is live.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/** The person the tests commit as. */
const IDENTITY = {
  GIT_AUTHOR_NAME: 'Ada Person',
  GIT_AUTHOR_EMAIL: 'ada@example.com',
  GIT_COMMITTER_NAME: 'Ada Person',
  GIT_COMMITTER_EMAIL: 'ada@example.com',
};

/** git in `cwd` as a fixed person; its output as text; throws when git fails. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...IDENTITY } });
}

/** A bare repository `name` in `dir` whose main holds the demo content, and the clone that seeded it (`seed`). */
export function seededRemote(dir: string, name = 'remote.git'): { remote: string; seed: string } {
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
  return { remote, seed };
}

/** The branches of a bare repository, sorted. */
export function branches(remote: string): string[] {
  return git(remote, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/').split('\n').filter(Boolean).sort();
}
