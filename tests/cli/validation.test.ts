/**
 * Issue 23: validation in one pass, files dated ahead of the clock, and `update` deriving
 * the impact. Each case runs the real command line (and the git hook, and the build) on a
 * temporary copy of the demo content; expected lines are worked out from the files.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { astroBuild } from '../../src/dev/astro-build.ts';
import { tempFolders } from '../../src/dev/temp.ts';
import { git, gitTry, log, project, statusmark } from './helpers.ts';
import { stretched } from '../../src/dev/work.ts';

const tempFolder = tempFolders('validation');
const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
const write = (dir: string, path: string, text: string) => writeFileSync(join(dir, path), text);

/** Two mistakes in one file: a service id that does not exist (line 5) and a start without an offset (line 6). */
const TWO_MISTAKES =
  '---\ntitle: Checkout fails\nimpact: major\nservices:\n  apii: partial_outage\nstarted: 2025-01-28 09:30\n---\n\n## Investigating 2025-01-28 09:40 +08:00\n\nLooking.\n';
const CHECKOUT = 'content/incidents/2025-01-28-checkout-fails.md';

describe('7. every problem of every file in one pass', () => {
  it(
    'validate and the hook report the unknown service and the missing offset together; the fixed file commits',
    () => {
      const dir = project(tempFolder());
      write(dir, CHECKOUT, TWO_MISTAKES);
      // The demo's zone is Asia/Shanghai: UTC+8 all year, so the offset to add is +08:00.
      const both = [
        `${CHECKOUT}:5: services.apii: "apii" is not a service in services.yaml (did you mean api?)`,
        `${CHECKOUT}:6: started: "2025-01-28 09:30" has no time zone offset; add the offset, e.g. 2025-01-28 09:30 +08:00 (Asia/Shanghai then), or Z for UTC`,
        '2 problems in 1 file',
      ];
      expect(statusmark(['validate'], dir)).toEqual({ code: 1, out: '', err: both.join('\n') });
      git(dir, 'add', '.');
      const refused = gitTry(dir, 'commit', '-qm', 'Checkout incident');
      expect(refused.code).toBe(1);
      expect(refused.err).toBe(
        [...both, 'The commit was refused: the staged content is not valid. Fix the files, `git add` them, and commit again.'].join('\n'),
      );
      // Both fixed at once: the second commit goes through.
      write(dir, CHECKOUT, TWO_MISTAKES.replace('apii:', 'api:').replace('09:30\n', '09:30 +08:00\n'));
      git(dir, 'add', '.');
      expect(gitTry(dir, 'commit', '-qm', 'Checkout incident').code).toBe(0);
      expect(log(dir)).toEqual(['Checkout incident', 'Demo content']);
    },
    stretched(300_000),
  );

  it(
    'the build prints the same lines and stops',
    async () => {
      const dir = project(tempFolder());
      write(dir, CHECKOUT, TWO_MISTAKES);
      const build = await astroBuild(join(dir, 'dist'), { STATUSMARK_CONTENT: join(dir, 'content') });
      expect(build.status).toBe(1);
      const file = join(dir, CHECKOUT);
      expect(build.stderr).toContain(
        [
          `${file}:5: services.apii: "apii" is not a service in services.yaml (did you mean api?)`,
          `${file}:6: started: "2025-01-28 09:30" has no time zone offset; add the offset, e.g. 2025-01-28 09:30 +08:00 (Asia/Shanghai then), or Z for UTC`,
          '2 problems in 1 file',
          'Content is not valid; nothing was built.',
        ].join('\n'),
      );
    },
    stretched(300_000),
  );
});

/**
 * Posted with -08:00 where +08:00 was meant: 09:35 -08:00 is 29 Jan 01:35 in Shanghai,
 * sixteen hours later than the 28 Jan 09:00 +08:00 the clock is set to.
 */
const WRONG_OFFSET =
  '---\ntitle: Payments down\nimpact: critical\nservices:\n  api: major_outage\nstarted: 2025-01-28T09:30:00-08:00\n---\n\n## Investigating 2025-01-28 09:35 -08:00\n\nPayments fail.\n';
const PAYMENTS = 'content/incidents/2025-01-28-payments-down.md';

describe("8. a time without offset on the command line is told the site's offset then", () => {
  it(
    'suggests +02:00 in a Berlin summer and +01:00 in its winter',
    () => {
      const dir = project(tempFolder());
      const site = join(dir, 'content/site.yaml');
      writeFileSync(site, readFileSync(site, 'utf8').replace('timezone: Asia/Shanghai', 'timezone: Europe/Berlin'));
      const usage = 'Run "statusmark --help" for the options.';
      expect(statusmark(['notice', '--title', 'Office move', '--message', 'We move.', '--from', '2025-07-01 09:00'], dir)).toEqual({
        code: 2,
        out: '',
        err: `statusmark notice: --from: "2025-07-01 09:00" has no time zone offset; add the offset, e.g. 2025-07-01 09:00 +02:00 (Europe/Berlin then), or Z for UTC\n${usage}`,
      });
      expect(
        statusmark(
          [
            'maintenance',
            '--title',
            'Upgrade',
            '--service',
            'api',
            '--message',
            'Short.',
            '--from',
            '2025-12-01T02:00',
            '--until',
            '2025-12-01T03:00+01:00',
          ],
          dir,
        ),
      ).toEqual({
        code: 2,
        out: '',
        err: `statusmark maintenance: --from: "2025-12-01T02:00" has no time zone offset; add the offset, e.g. 2025-12-01T02:00+01:00 (Europe/Berlin then), or Z for UTC\n${usage}`,
      });
    },
    stretched(300_000),
  );
});

describe('8. a file dated ahead of the clock is a warning, and an error with --strict', () => {
  const now = { STATUSMARK_NOW: '2025-01-28T09:00:00+08:00' };
  const clock = "ahead of the build's clock (28 Jan 2025, 09:00 GMT+8)";
  // Ahead of 28 Jan 09:00 as well: the demo attack's Resolved update (line 57, 31 Jan 20:00) and the
  // patching window's In progress (line 24, 29 Jan 02:00) and Completed (29 Jan 04:20) updates.
  const ahead = [
    `content/incidents/2025-01-26-registrations-restricted-after-attack.md:57: update: is at 31 Jan 2025, 20:00 GMT+8, ${clock}: the update shows from 31 Jan 2025, 20:00 GMT+8`,
    `${PAYMENTS}:9: update: is at 29 Jan 2025, 01:35 GMT+8, ${clock}: the incident shows from 29 Jan 2025, 01:35 GMT+8`,
    `content/maintenance/security-patching-window.md:24: update: is at 29 Jan 2025, 02:00 GMT+8, ${clock}: the update shows from 29 Jan 2025, 02:00 GMT+8 (and 1 later update)`,
  ];
  const asWarning = (line: string) => line.replace(/^([^:]+:\d+: )/, '$1warning: ');

  it(
    'validate warns file by file and passes; --strict refuses',
    () => {
      const dir = project(tempFolder());
      write(dir, PAYMENTS, WRONG_OFFSET);
      expect(statusmark(['validate'], dir, now)).toEqual({
        code: 0,
        out: '10 files valid: 8 services, 5 incidents, 2 maintenance windows, 1 notice',
        err: [
          ...ahead.map(asWarning),
          '3 warnings in 3 files',
          'STATUSMARK_NOW=28 Jan 2025, 09:00 GMT+8 hides 1 incident and 3 updates posted later; unset STATUSMARK_NOW for a live page',
        ].join('\n'),
      });
      expect(statusmark(['validate', '--strict'], dir, now)).toEqual({
        code: 1,
        out: '',
        err: [...ahead, '3 problems in 3 files'].join('\n'),
      });
    },
    stretched(300_000),
  );

  it(
    'the hook on a live clock warns about a file dated years ahead and lets the commit through',
    () => {
      const dir = project(tempFolder());
      const later = 'content/incidents/2099-01-01-far-ahead.md';
      write(
        dir,
        later,
        '---\ntitle: Far ahead\nimpact: minor\nstarted: 2099-01-01T09:30:00+08:00\n---\n\n## Investigating 2099-01-01 09:40 +08:00\n\nTyped the wrong year.\n',
      );
      git(dir, 'add', '.');
      const committed = gitTry(dir, 'commit', '-qm', 'Far ahead');
      expect(committed.code).toBe(0);
      // The clock is the real time, so only its shape is known: a date and a time in the site's zone.
      // git shows the hook's output on stderr: the warning, then the summary.
      expect(committed.err).toMatch(
        new RegExp(
          `^${later}:7: warning: update: is at 1 Jan 2099, 09:40 GMT\\+8, ahead of the build's clock \\(\\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d{2}:\\d{2} GMT\\+8\\): the incident shows from 1 Jan 2099, 09:40 GMT\\+8\n1 warning in 1 file\n10 files valid \\(as staged\\): 8 services, 5 incidents, 2 maintenance windows, 1 notice$`,
        ),
      );
      expect(log(dir)).toEqual(['Far ahead', 'Demo content']);
    },
    stretched(300_000),
  );
});

describe('9. update re-derives the impact from the services', () => {
  it(
    'sets it (critical → major for a partial outage) unless --impact is given, and says so',
    () => {
      const dir = project(tempFolder());
      const opened = statusmark(
        ['new', '--title', 'Payments down', '--service', 'api=major', '--message', 'Payments fail.', '--at', '2025-01-28T09:15+08:00'],
        dir,
      );
      expect(opened).toEqual({ code: 0, out: PAYMENTS, err: '' });
      const partial = statusmark(
        [
          'update',
          'payments-down',
          '--state',
          'identified',
          '--service',
          'api=partial',
          '--message',
          'Half the requests fail.',
          '--at',
          '2025-01-28T09:20+08:00',
        ],
        dir,
      );
      expect(partial).toEqual({ code: 0, out: PAYMENTS, err: 'impact: critical → major (from the services)' });
      // Still partial: the impact stays major, and nothing is said or written about it.
      const same = statusmark(
        [
          'update',
          'payments-down',
          '--state',
          'identified',
          '--service',
          'api=partial',
          '--message',
          'Still half.',
          '--at',
          '2025-01-28T09:25+08:00',
        ],
        dir,
      );
      expect(same).toEqual({ code: 0, out: PAYMENTS, err: '' });
      // --impact wins over the services, as staff chose it.
      const chosen = statusmark(
        [
          'update',
          'payments-down',
          '--state',
          'monitoring',
          '--service',
          'api=degraded',
          '--impact',
          'major',
          '--message',
          'Slow but working.',
          '--at',
          '2025-01-28T09:30+08:00',
        ],
        dir,
      );
      expect(chosen).toEqual({ code: 0, out: PAYMENTS, err: '' });
      const recovered = statusmark(
        [
          'update',
          'payments-down',
          '--state',
          'monitoring',
          '--service',
          'api=recovered',
          '--message',
          'Back.',
          '--at',
          '2025-01-28T09:35+08:00',
        ],
        dir,
      );
      expect(recovered).toEqual({ code: 0, out: PAYMENTS, err: 'impact: major → none (from the services)' });
      expect(read(dir, PAYMENTS)).toBe(
        [
          '---',
          'title: Payments down',
          'impact: critical',
          'services:',
          '  api: major_outage',
          'started: 2025-01-28T09:15:00+08:00',
          '---',
          '',
          '## Investigating 2025-01-28 09:15 +08:00',
          '',
          'Payments fail.',
          '',
          '## Identified 2025-01-28 09:20 +08:00',
          'services: api=partial_outage',
          'impact: major',
          '',
          'Half the requests fail.',
          '',
          '## Identified 2025-01-28 09:25 +08:00',
          'services: api=partial_outage',
          '',
          'Still half.',
          '',
          '## Monitoring 2025-01-28 09:30 +08:00',
          'services: api=degraded_performance',
          'impact: major',
          '',
          'Slow but working.',
          '',
          '## Monitoring 2025-01-28 09:35 +08:00',
          'services: api=operational',
          'impact: none',
          '',
          'Back.',
          '',
        ].join('\n'),
      );
    },
    stretched(300_000),
  );
});
