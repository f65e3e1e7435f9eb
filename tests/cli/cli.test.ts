/**
 * The staff command line, driven as a person would: against a temporary copy of a
 * content folder, asserting the exact files it writes and the site built from them.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { astroBuild } from '../../src/dev/astro-build.ts';
import { tempFolders } from '../../src/dev/temp.ts';
import { git, log, project, root, statusmark as run } from './helpers.ts';
import { stretched } from '../../src/dev/work.ts';

const tempFolder = tempFolders('cli');
let dir: string;
/** The command, run from the project's own folder on a copy of the content, with the clock set. */
function statusmark(args: string[], now = '2025-01-28T09:15:00+08:00') {
  return run([...args, '--content', dir], root, { STATUSMARK_NOW: now });
}
const read = (path: string) => readFileSync(join(dir, path), 'utf8');

beforeEach(() => {
  dir = join(tempFolder(), 'content');
  cpSync(join(root, 'content'), dir, { recursive: true });
});

describe('posting, updating and resolving an incident', () => {
  it(
    'writes the files a person would write',
    () => {
      const created = statusmark([
        'new',
        '--title',
        'API errors in Europe!',
        '--service',
        'api=major',
        '--service',
        'web-chat=degraded_performance',
        '--message',
        'Some API requests fail with **502**.',
      ]);
      expect(created).toMatchObject({ code: 0, out: expect.stringMatching(/incidents\/2025-01-28-api-errors-in-europe\.md$/) });
      const file = 'incidents/2025-01-28-api-errors-in-europe.md';
      expect(read(file)).toBe(`---
title: API errors in Europe!
impact: critical
services:
  api: major_outage
  web-chat: degraded_performance
started: 2025-01-28T09:15:00+08:00
---

## Investigating 2025-01-28 09:15 +08:00

Some API requests fail with **502**.
`);
      // Issue 12: an update's changes go under its heading; the front matter stays the state at the start.
      // Issue 23: a --service change without --impact sets the impact the services give (api partial,
      // web-chat degraded: major), as `new` derived critical from api's major outage.
      expect(
        statusmark(
          ['update', 'api-errors-in-europe', '--state', 'identified', '--service', 'api=partial', '--message', 'A load balancer change.'],
          '2025-01-28T09:40:30+08:00',
        ).code,
      ).toBe(0);
      expect(
        statusmark(
          [
            'update',
            'api-errors',
            '--state',
            'monitoring',
            '--service',
            'api=recovered',
            '--service',
            'web-chat=operational',
            '--impact',
            'minor',
            '--message',
            'Rolled back.',
          ],
          '2025-01-28T09:55:00+08:00',
        ).code,
      ).toBe(0);
      expect(
        statusmark(['resolve', '2025-01-28-api-errors-in-europe', '--message', 'Rolled back.'], '2025-01-28T10:05:00+08:00').code,
      ).toBe(0);
      expect(read(file)).toBe(`---
title: API errors in Europe!
impact: critical
services:
  api: major_outage
  web-chat: degraded_performance
started: 2025-01-28T09:15:00+08:00
resolved: 2025-01-28T10:05:00+08:00
---

## Investigating 2025-01-28 09:15 +08:00

Some API requests fail with **502**.

## Identified 2025-01-28 09:40 +08:00
services: api=partial_outage
impact: major

A load balancer change.

## Monitoring 2025-01-28 09:55 +08:00
services: api=operational, web-chat=operational
impact: minor

Rolled back.

## Resolved 2025-01-28 10:05 +08:00

Rolled back.
`);
      const validate = statusmark(['validate']);
      expect(validate).toMatchObject({ code: 0, out: '10 files valid: 8 services, 5 incidents, 2 maintenance windows, 1 notice' });
    },
    stretched(300_000),
  );

  it('keeps comments and the newest-first order of a hand-written file', () => {
    const file = 'incidents/2025-01-27-handwritten.md';
    writeFileSync(
      join(dir, file),
      `---\n# written by hand at 3 a.m.\ntitle: Handwritten\nimpact: minor\nservices:\n  login: degraded_performance # maybe worse\nstarted: 2025-01-27T20:00:00+08:00\n---\n\n## Monitoring 2025-01-27 21:00 +08:00\n\nSecond.\n\n## Investigating 2025-01-27 20:10 +08:00\n\nFirst.\n`,
    );
    // No --message: the closing note in each of the demo's languages, from the zh-CN and en catalogs.
    expect(statusmark(['resolve', 'handwritten'], '2025-01-27T21:30:00+08:00').code).toBe(0);
    expect(read(file)).toBe(
      `---\n# written by hand at 3 a.m.\ntitle: Handwritten\nimpact: minor\nservices:\n  login: degraded_performance # maybe worse\nstarted: 2025-01-27T20:00:00+08:00\nresolved: 2025-01-27T21:30:00+08:00\n---\n\n## Resolved 2025-01-27 21:30 +08:00\n\n此事件已解决。\n\n::: {lang=en}\nThis incident has been resolved.\n:::\n\n## Monitoring 2025-01-27 21:00 +08:00\n\nSecond.\n\n## Investigating 2025-01-27 20:10 +08:00\n\nFirst.\n`,
    );
  });

  it(
    'refuses bad input, says why, and writes nothing',
    () => {
      const before = readdirSync(join(dir, 'incidents')).sort();
      expect(statusmark(['new', '--title', 'X', '--service', 'chat=major', '--message', 'm'])).toMatchObject({
        code: 2,
        err: expect.stringContaining('"chat" is not a service; known: registration, login'),
      });
      expect(statusmark(['new', '--title', 'X', '--service', 'api=down-ish', '--message', 'm'])).toMatchObject({
        code: 2,
        err: expect.stringContaining('STATUS one of degraded_performance | partial_outage | major_outage'),
      });
      expect(statusmark(['new', '--title', 'X', '--service', 'api=recovered', '--message', 'm'])).toMatchObject({
        code: 2,
        err: expect.stringContaining('STATUS one of degraded_performance | partial_outage | major_outage (or degraded, partial, major)\n'),
      });
      expect(
        statusmark(['update', 'registrations-restricted-after-attack', '--state', 'monitoring', '--impact', 'huge', '--message', 'm']),
      ).toMatchObject({ code: 2, err: expect.stringContaining('--impact huge: expected one of none | minor | major | critical') });
      expect(statusmark(['new', '--service', 'api=major', '--message', 'm'])).toMatchObject({
        code: 2,
        err: expect.stringContaining('--title is required'),
      });
      expect(statusmark(['new', '--title', 'X', '--message', 'm', '--at', '2025-01-28 09:00'])).toMatchObject({
        code: 2,
        err: expect.stringContaining('no time zone offset'),
      });
      expect(statusmark(['update', 'no-such-incident', '--state', 'identified', '--message', 'm'])).toMatchObject({
        code: 1,
        err: expect.stringContaining('no incident or maintenance "no-such-incident"'),
      });
      expect(statusmark(['update', 'registrations-restricted-after-attack', '--state', 'fixed', '--message', 'm'])).toMatchObject({
        code: 2,
        err: expect.stringContaining('expected one of investigating | identified | monitoring | resolved'),
      });
      // An update before the incident started is checked by the build's own rules.
      expect(
        statusmark(['update', 'api-latency-spike', '--state', 'monitoring', '--message', 'm', '--at', '2025-01-14T15:00+08:00']),
      ).toMatchObject({ code: 1, err: expect.stringContaining('was resolved at 14 Jan 2025, 16:10 GMT+8') });
      // Intent is checked before anything is written (workflow.test.ts has the exact messages); the build's own rules after.
      expect(statusmark(['update', 'slow-web-chat', '--state', 'identified', '--message', 'm'])).toMatchObject({
        code: 1,
        err: expect.stringContaining('was resolved'),
      });
      expect(statusmark(['new', '--title', 'X', '--message', 'm', '--started', '2025-01-28T10:00+08:00'])).toMatchObject({
        code: 1,
        err: expect.stringContaining('before the incident started'),
      });
      expect(readdirSync(join(dir, 'incidents')).sort()).toEqual(before);
      expect(readdirSync(join(dir, 'incidents')).filter((f) => f.includes('.tmp'))).toEqual([]);
    },
    stretched(300_000),
  );

  it('refuses to touch a file it cannot parse', () => {
    const file = 'incidents/2025-01-21-login-errors-on-web.md';
    const broken = read(file).replace('impact: minor', 'impact: [oops');
    writeFileSync(join(dir, file), broken);
    const r = statusmark(['update', '2025-01-21-login-errors-on-web', '--state', 'monitoring', '--message', 'm']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/2025-01-21-login-errors-on-web\.md:\d+: yaml: .*\n.*not touching/);
    expect(read(file)).toBe(broken);
  });
});

describe('maintenance, notices and list', () => {
  it(
    'schedules maintenance, updates it, pins and expires a notice, and lists what is active',
    () => {
      const m = statusmark([
        'maintenance',
        '--title',
        'Database failover test',
        '--from',
        '2025-01-30T02:00+08:00',
        '--until',
        '2025-01-30T03:00+08:00',
        '--service',
        'api',
        '--message',
        'Short interruptions.',
      ]);
      expect(m).toMatchObject({ code: 0, out: expect.stringMatching(/maintenance\/2025-01-30-database-failover-test\.md$/) });
      expect(read('maintenance/2025-01-30-database-failover-test.md')).toBe(`---
title: Database failover test
scheduled_for: 2025-01-30T02:00:00+08:00
scheduled_until: 2025-01-30T03:00:00+08:00
services:
  - api
---

## Scheduled 2025-01-28 09:15 +08:00

Short interruptions.
`);
      expect(
        statusmark(['update', 'database-failover-test', '--state', 'in progress', '--message', 'Started.'], '2025-01-30T02:00:00+08:00')
          .code,
      ).toBe(0);
      expect(read('maintenance/2025-01-30-database-failover-test.md')).toContain('## In progress 2025-01-30 02:00 +08:00\n\nStarted.\n');

      const n = statusmark(['notice', '--title', 'Phone support closed today', '--level', 'warning', '--message', 'Use e-mail instead.']);
      expect(n).toMatchObject({ code: 0, out: expect.stringMatching(/notices\/phone-support-closed-today\.md$/) });
      expect(read('notices/phone-support-closed-today.md')).toBe(`---
title: Phone support closed today
level: warning
from: 2025-01-28T09:15:00+08:00
---

Use e-mail instead.
`);
      const list = statusmark(['list'], '2025-01-30T02:10:00+08:00');
      expect(list.code).toBe(0);
      expect(list.out).toContain('Maintenance in progress (1), upcoming (0)\n  2025-01-30-database-failover-test');
      expect(list.out).toMatch(/Notices \(2\)\n[\s\S]* {2}phone-support-closed-today/);
      expect(statusmark(['notice', '--expire', 'phone-support-closed-today'], '2025-01-28T18:00:00+08:00').code).toBe(0);
      expect(read('notices/phone-support-closed-today.md')).toContain('until: 2025-01-28T18:00:00+08:00');
      const after = statusmark(['list'], '2025-01-28T19:00:00+08:00').out;
      expect(after).toContain('Notices (1)\n  registration-mainland-numbers');
      expect(after).not.toContain('phone-support-closed-today');
    },
    stretched(300_000),
  );
});

describe('git', () => {
  it(
    'commits with a message naming the incident and the state',
    () => {
      const repo = project(tempFolder());
      const inRepo = (args: string[], now: string) => run(args, repo, { STATUSMARK_NOW: now });
      expect(
        inRepo(
          ['new', '--title', 'Login slow', '--service', 'login=degraded', '--message', 'Looking.', '--commit'],
          '2025-01-28T09:15:00+08:00',
        ).code,
      ).toBe(0);
      expect(git(repo, 'status', '--porcelain')).toBe('');
      expect(inRepo(['resolve', 'login-slow', '--commit'], '2025-01-28T09:30:00+08:00').code).toBe(0);
      expect(log(repo)).toEqual(['Incident resolved: Login slow', 'Incident: Login slow (investigating)', 'Demo content']);
    },
    stretched(300_000),
  );

  it('installs a pre-commit hook that validates the staged content', () => {
    const repo = tempFolder();
    git(repo, 'init', '-q');
    expect(run(['install-hook'], repo)).toEqual({
      code: 0,
      out: 'installed .git/hooks/pre-commit: every commit now runs "statusmark validate --staged" first',
      err: '',
    });
    expect(readFileSync(join(repo, '.git/hooks/pre-commit'), 'utf8')).toBe(
      [
        '#!/bin/sh',
        '# Installed by "npx statusmark install-hook": a commit whose staged content is broken is refused.',
        'if [ -x node_modules/.bin/statusmark ]; then',
        '  PATH="$PWD/node_modules/.bin:$PATH" exec statusmark validate --staged',
        'fi',
        'exec npx --no-install statusmark validate --staged',
        '',
      ].join('\n'),
    );
    // With the site's statusmark installed, the hook runs it directly, with the site's .bin
    // (where its pinned Node is) first on the PATH, as npx would, from the repository's root.
    const bin = join(repo, 'node_modules/.bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'statusmark'), '#!/bin/sh\necho "$@"\necho "$PATH" | cut -d: -f1\n', { mode: 0o755 });
    const hook = spawnSync('sh', ['.git/hooks/pre-commit'], { cwd: repo, encoding: 'utf8' });
    expect({ status: hook.status, out: hook.stdout }).toEqual({ status: 0, out: `validate --staged\n${bin}\n` });
  });
});

describe('the built site', () => {
  it(
    'shows an incident posted with the command line',
    async () => {
      statusmark(
        ['new', '--title', 'Mobile app crashes on start', '--service', 'mobile-app=major', '--message', 'Version 2.3 crashes on start.'],
        '2025-01-27T17:00:00+08:00',
      );
      // Posted after the demo's snapshot (27 Jan, 18:30): built, but not shown, and the build says so.
      statusmark(['new', '--title', 'Search is slow', '--service', 'api=degraded', '--message', 'Looking.'], '2025-01-28T09:00:00+08:00');
      const out = join(dir, '..', 'dist');
      // The snapshot's instant, given as the build's clock: a clock that is not pinned by the
      // content names each later file (under snapshot: alone, one line counts them).
      const build = await astroBuild(out, { STATUSMARK_CONTENT: dir, STATUSMARK_NOW: '2025-01-27T18:30:00+08:00' });
      expect(build.status, build.stderr).toBe(0);
      // Hidden too: the attack's resolution (31 Jan) and the patching window's two updates (29 Jan).
      expect(build.stdout).toContain(
        'STATUSMARK_NOW=27 Jan 2025, 18:30 GMT+8 hides 1 incident and 3 updates posted later; unset STATUSMARK_NOW for a live page',
      );
      // Issue 23: the build names each file dated ahead of its clock, with when it shows (a warning; it still builds).
      const clock = "ahead of the build's clock (27 Jan 2025, 18:30 GMT+8)";
      for (const line of [
        `${dir}/incidents/2025-01-26-registrations-restricted-after-attack.md:57: warning: update: is at 31 Jan 2025, 20:00 GMT+8, ${clock}: the update shows from 31 Jan 2025, 20:00 GMT+8`,
        `${dir}/incidents/2025-01-28-search-is-slow.md:9: warning: update: is at 28 Jan 2025, 09:00 GMT+8, ${clock}: the incident shows from 28 Jan 2025, 09:00 GMT+8`,
        `${dir}/maintenance/security-patching-window.md:24: warning: update: is at 29 Jan 2025, 02:00 GMT+8, ${clock}: the update shows from 29 Jan 2025, 02:00 GMT+8 (and 1 later update)`,
        '3 warnings in 3 files',
      ]) {
        expect(build.stdout).toContain(line);
      }
      expect(existsSync(join(out, 'incidents/2025-01-28-search-is-slow/index.html'))).toBe(false);
      const page = readFileSync(join(out, 'incidents/2025-01-27-mobile-app-crashes-on-start/index.html'), 'utf8');
      expect(page).toContain('Version 2.3 crashes on start.');
      // The demo's English home, under /en/ (Chinese is its default).
      const home = readFileSync(join(out, 'en/index.html'), 'utf8');
      expect(home).toContain('Major Service Outage');
      expect(existsSync(join(out, 'api/v2/summary.json'))).toBe(true);
    },
    stretched(600_000),
  );
});
