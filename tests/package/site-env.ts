/**
 * The environment a site installed from the tarball is driven in by the tests: the pinned
 * Node first on the PATH, no telemetry, no prompts, npm from its cache when it can, and a
 * git identity (init commits the new site; a CI runner has none). Vitest's own variables
 * (BASE_URL, MODE, …) would reach the site's Vite, and STATUSMARK_* would pin its clock or
 * content: both are left out.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { withoutVitest } from '../../src/dev/astro-build.ts';

const root = resolve(import.meta.dirname, '../..');
const OWN_ENV = /^(STATUSMARK_|GIT_)/;

export function siteEnv(author: { name: string; email: string }): Record<string, string> {
  return {
    ...Object.fromEntries(Object.entries(withoutVitest(process.env)).filter(([k]) => !OWN_ENV.test(k))),
    PATH: `${join(root, 'node_modules', '.bin')}:${process.env['PATH'] ?? ''}`,
    ASTRO_TELEMETRY_DISABLED: '1',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_prefer_offline: 'true',
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: author.name,
    GIT_COMMITTER_EMAIL: author.email,
  };
}

/**
 * `statusmark init site` in `cwd` as a team runs it for https://acme.github.io/status (one
 * service), from this checkout; the new site is `<cwd>/site`. Throws with init's errors.
 */
export function initAcmeSite(cwd: string): string {
  const r = spawnSync(
    process.execPath,
    [
      join(root, 'src/cli/statusmark.ts'),
      'init',
      'site',
      '--yes',
      '--name',
      'Acme Status',
      '--url',
      'https://acme.github.io/status',
      '--service',
      'api=API',
    ],
    {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Ada Ops',
        GIT_AUTHOR_EMAIL: 'ada@acme.example',
        GIT_COMMITTER_NAME: 'Ada Ops',
        GIT_COMMITTER_EMAIL: 'ada@acme.example',
      },
    },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return join(cwd, 'site');
}
