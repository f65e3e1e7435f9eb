/**
 * Driving the real command line as staff do: a temporary project holding a copy of the
 * demo content in its own git repository, with the pre-commit hook installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { installHook } from '../../src/cli/hook.ts';

export const root = resolve(import.meta.dirname, '../..');
export const node = process.execPath;
export const script = join(root, 'src/cli/statusmark.ts');

export interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** `statusmark ARGS` in `cwd`, with `env` added to (and STATUSMARK_* taken out of) the test's own environment. */
export function statusmark(args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const { STATUSMARK_NOW: _now, STATUSMARK_CONTENT: _content, ...rest } = process.env;
  const r = spawnSync(node, [script, ...args], { encoding: 'utf8', cwd, env: { ...rest, ...env } });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

const identity = {
  GIT_AUTHOR_NAME: 'On Call',
  GIT_AUTHOR_EMAIL: 'oncall@example.com',
  GIT_COMMITTER_NAME: 'On Call',
  GIT_COMMITTER_EMAIL: 'oncall@example.com',
};

/** `git ARGS` in `cwd`; throws when git fails. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, ...identity } });
}

/** `git ARGS` in `cwd`, for commands expected to fail (a refused commit). */
export function gitTry(cwd: string, ...args: string[]): Run {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...identity } });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

/**
 * A project in `folder`: the demo content, committed, with the hook installed as
 * `statusmark install-hook` installs it. The hook calls `npx statusmark`; here it runs this checkout's
 * copy, as a content repository that installs Statusmark would.
 * `live` deletes the demo's `snapshot:` so the page uses the real time.
 */
export function project(folder: string, { live = true } = {}): string {
  cpSync(join(root, 'content'), join(folder, 'content'), { recursive: true });
  if (live) {
    const site = join(folder, 'content/site.yaml');
    writeFileSync(site, readFileSync(site, 'utf8').replace(/^snapshot:.*\n/m, ''));
  }
  git(folder, 'init', '-q', '-b', 'main');
  git(folder, 'add', '.');
  git(folder, 'commit', '-qm', 'Demo content');
  // The hook `statusmark install-hook` writes, by its own code, in this process: starting the
  // command line for it costs a second of CPU per project (tests/cli/cli.test.ts runs the command).
  const hook = installHook(folder);
  writeFileSync(hook, readFileSync(hook, 'utf8').replace('npx --no-install statusmark', `"${node}" "${script}"`));
  return folder;
}

/** The subjects of the commits, newest first. */
export function log(cwd: string): string[] {
  return git(cwd, 'log', '--format=%s').trim().split('\n');
}
