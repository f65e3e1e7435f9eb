/**
 * Issue 13, "staff workflow under stress": each case drives the real command in a
 * temporary git repository with the pre-commit hook installed, and checks the exact
 * output, the exact file text and the git log.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { astroBuild } from '../../src/dev/astro-build.ts';
import { tempFolders } from '../../src/dev/temp.ts';
import { git, gitTry, log, project, root, statusmark } from './helpers.ts';
import { stretched } from '../../src/dev/work.ts';

const tempFolder = tempFolders('workflow');
const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
// Cases get 300 s: each runs the command several times, and on a busy 2-core machine one run takes seconds.
// The hook copies the staged files to a temporary folder and must remove it. Other test files,
// running at the same time, commit through the hook too: this file's commands get a temporary
// folder of their own (TMPDIR, which every process started from here inherits), so the check
// below sees only the copies made here.
// Test files share their worker's process one after another: the worker's own TMPDIR comes back after this file.
const ownTmp = mkdtempSync(join(tmpdir(), 'statusmark-workflow-tmp-'));
const workerTmp = process.env['TMPDIR'];
process.env['TMPDIR'] = ownTmp;
afterAll(() => {
  if (workerTmp === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = workerTmp;
  rmSync(ownTmp, { recursive: true, force: true });
});
const stagedCopies = () => readdirSync(ownTmp).filter((f) => f.startsWith('statusmark-staged-'));

describe('1. the CLI and the build use the same clock, and say what a pinned clock hides', () => {
  it(
    'posts at the snapshot time, says the clock is pinned, and counts what the pin hides',
    () => {
      const dir = project(tempFolder(), { live: false });
      const pinned =
        'clock: pinned by snapshot: 27 Jan 2025, 18:30 GMT+8 in content/site.yaml; delete `snapshot:` in content/site.yaml for a live page';
      const posted = statusmark(
        ['new', '--title', 'Mobile app crashes', '--service', 'mobile-app=major', '--message', 'Version 2.3 crashes on start.', '--commit'],
        dir,
      );
      expect(posted).toEqual({
        code: 0,
        out: 'content/incidents/2025-01-27-mobile-app-crashes.md',
        err: `${pinned}\ncommitted: Incident: Mobile app crashes (investigating)`,
      });
      expect(read(dir, 'content/incidents/2025-01-27-mobile-app-crashes.md')).toBe(
        '---\ntitle: Mobile app crashes\nimpact: critical\nservices:\n  mobile-app: major_outage\nstarted: 2025-01-27T18:30:00+08:00\n---\n\n## Investigating 2025-01-27 18:30 +08:00\n\nVersion 2.3 crashes on start.\n',
      );
      const later = statusmark(
        ['notice', '--title', 'Phone support closed', '--message', 'Use e-mail.', '--at', '2025-01-28T09:00+08:00', '--commit'],
        dir,
      );
      expect(later).toEqual({
        code: 0,
        out: 'content/notices/phone-support-closed.md',
        err: 'committed: Notice: Phone support closed\nnot shown yet: the page is pinned by snapshot: 27 Jan 2025, 18:30 GMT+8 in content/site.yaml, before this post; delete `snapshot:` in content/site.yaml for a live page',
      });
      const list = statusmark(['list'], dir);
      expect(list.err).toBe(pinned);
      expect(list.out).toContain(
        'Active incidents (2)\n  2025-01-27-mobile-app-crashes\n    Mobile app crashes\n    Investigating since 27 Jan 2025, 18:30 GMT+8; 移动应用: major outage\n',
      );
      // The demo names its services in Chinese first (services.yaml), so the list does too.
      expect(list.out).not.toContain('phone-support-closed');
      // After the snapshot: the new notice, the attack's resolution (31 Jan) and the patching window's
      // "in progress" and "completed" updates (29 Jan).
      expect(statusmark(['validate'], dir)).toEqual({
        code: 0,
        out: '11 files valid: 8 services, 5 incidents, 2 maintenance windows, 2 notices',
        // A snapshot hides later posts on purpose: one line counts them, no warning per file.
        err: 'snapshot: 27 Jan 2025, 18:30 GMT+8 in content/site.yaml hides 1 notice and 3 updates posted later; delete `snapshot:` in content/site.yaml for a live page',
      });
      expect(log(dir)).toEqual(['Notice: Phone support closed', 'Incident: Mobile app crashes (investigating)', 'Demo content']);
    },
    stretched(300_000),
  );
});

/** A colleague's file with `impact: huge`, committed past the hook (`--no-verify`). */
const BROKEN =
  '---\ntitle: Search is slow\nimpact: huge\nstarted: 2025-01-28T08:00:00+08:00\n---\n\n## Investigating 2025-01-28 08:05 +08:00\n\nLooking.\n';

// `resolve` without --message writes its closing note in each of the demo's languages (the zh-CN and en catalogs).
describe('2. a failed --commit, then a retry, does not publish twice', () => {
  it(
    'says what to do next, and refuses a second open incident with the same title',
    () => {
      const dir = project(tempFolder());
      writeFileSync(join(dir, 'content/incidents/2025-01-28-search-is-slow.md'), BROKEN);
      git(dir, 'add', '.');
      git(dir, 'commit', '-qm', 'Search incident', '--no-verify');
      const args = [
        'new',
        '--title',
        'Login slow',
        '--service',
        'login=degraded',
        '--message',
        'Looking.',
        '--at',
        '2025-01-28T09:15+08:00',
        '--commit',
      ];
      const failed = statusmark(args, dir);
      expect(failed).toEqual({
        code: 1,
        out: '',
        err: [
          'statusmark new: content/incidents/2025-01-28-login-slow.md is written and staged, but the commit was refused:',
          'content/incidents/2025-01-28-search-is-slow.md:3: impact: must be one of none | minor | major | critical (got "huge")',
          '1 problem in 1 file',
          'The commit was refused: the staged content is not valid. Fix the files, `git add` them, and commit again.',
          'Fix what is listed above (and `git add` the files you fix), then run: git commit -m "Incident: Login slow (investigating)"',
          'Do not re-run this command: the file is already written.',
        ].join('\n'),
      });
      const written = read(dir, 'content/incidents/2025-01-28-login-slow.md');
      expect(written).toBe(
        '---\ntitle: Login slow\nimpact: minor\nservices:\n  login: degraded_performance\nstarted: 2025-01-28T09:15:00+08:00\n---\n\n## Investigating 2025-01-28 09:15 +08:00\n\nLooking.\n',
      );
      // The stressed retry, a minute later: refused, pointing at the file already written.
      const retry = statusmark([...args.slice(0, -3), '--at', '2025-01-28T09:16+08:00', '--commit'], dir);
      expect(retry).toEqual({
        code: 1,
        out: '',
        err: [
          'statusmark new: an open incident with this title already exists: content/incidents/2025-01-28-login-slow.md ("Login slow", since 28 Jan 2025, 09:15 GMT+8)',
          'It is not committed in git: fix what the commit reported, then run `git commit`; do not post it again.',
          'To add to it: statusmark update 2025-01-28-login-slow --state identified --message "..."',
        ].join('\n'),
      });
      // Same slug on the same day, with a different title.
      expect(statusmark(['new', '--title', 'Login: slow!', '--message', 'm', '--at', '2025-01-28T09:20+08:00'], dir).err).toBe(
        'statusmark new: an open incident with this name on the same day already exists: content/incidents/2025-01-28-login-slow.md ("Login slow", since 28 Jan 2025, 09:15 GMT+8)\n' +
          'It is not committed in git: fix what the commit reported, then run `git commit`; do not post it again.\n' +
          'To add to it: statusmark update 2025-01-28-login-slow --state identified --message "..."',
      );
      expect(readdirSync(join(dir, 'content/incidents')).filter((f) => f.includes('login-slow'))).toEqual(['2025-01-28-login-slow.md']);
      expect(read(dir, 'content/incidents/2025-01-28-login-slow.md')).toBe(written);
      // Doing what it said: fix the colleague's file, stage it, commit.
      writeFileSync(join(dir, 'content/incidents/2025-01-28-search-is-slow.md'), BROKEN.replace('huge', 'minor'));
      git(dir, 'add', 'content/incidents/2025-01-28-search-is-slow.md');
      expect(gitTry(dir, 'commit', '-qm', 'Incident: Login slow (investigating)').code).toBe(0);
      expect(log(dir)).toEqual(['Incident: Login slow (investigating)', 'Search incident', 'Demo content']);
      expect(git(dir, 'status', '--porcelain')).toBe('');
      expect(stagedCopies()).toEqual([]);
    },
    stretched(300_000),
  );
});

describe('3. the hook checks what is staged, all of it, and nothing else', () => {
  it(
    'refuses broken staged text fixed only in the work tree, and ignores untracked files',
    () => {
      const dir = project(tempFolder());
      const file = join(dir, 'content/incidents/2025-01-28-search-is-slow.md');
      writeFileSync(file, BROKEN);
      git(dir, 'add', '.');
      writeFileSync(file, BROKEN.replace('huge', 'minor'));
      const refused = gitTry(dir, 'commit', '-qm', 'Search incident');
      expect(refused.code).toBe(1);
      expect(refused.err).toBe(
        'content/incidents/2025-01-28-search-is-slow.md:3: impact: must be one of none | minor | major | critical (got "huge")\n1 problem in 1 file\n' +
          'The commit was refused: the staged content is not valid. Fix the files, `git add` them, and commit again.',
      );
      expect(log(dir)).toEqual(['Demo content']);
      git(dir, 'add', '.');
      // An unrelated untracked broken file does not block anyone.
      writeFileSync(join(dir, 'content/incidents/2025-01-28-draft-by-hand.md'), BROKEN);
      const ok = gitTry(dir, 'commit', '-m', 'Search incident');
      expect(ok.code).toBe(0);
      // git shows the hook's output on stderr.
      expect(ok.err).toBe('10 files valid (as staged): 8 services, 5 incidents, 2 maintenance windows, 1 notice');
      expect(log(dir)).toEqual(['Search incident', 'Demo content']);
      expect(git(dir, 'show', 'HEAD:content/incidents/2025-01-28-search-is-slow.md')).toBe(BROKEN.replace('huge', 'minor'));
      expect(git(dir, 'status', '--porcelain')).toBe('?? content/incidents/2025-01-28-draft-by-hand.md\n');
      // A staged deletion counts too: the content as committed would lack services.yaml.
      git(dir, 'rm', '-q', 'content/services.yaml');
      const deleted = gitTry(dir, 'commit', '-qm', 'oops');
      expect(deleted.code).toBe(1);
      expect(deleted.err).toContain('content/services.yaml:1: file: is missing: list the services the page reports on');
      expect(stagedCopies()).toEqual([]);
    },
    stretched(300_000),
  );
});

describe('4. works from anywhere in the project', () => {
  it(
    'finds content/ by walking up, and shows paths from where you are',
    () => {
      const dir = project(tempFolder());
      const here = join(dir, 'content/incidents');
      const posted = statusmark(
        [
          'new',
          '--title',
          'Login slow',
          '--service',
          'login=degraded',
          '--message',
          'Looking.',
          '--at',
          '2025-01-28T09:15+08:00',
          '--commit',
        ],
        here,
      );
      expect(posted).toEqual({ code: 0, out: '2025-01-28-login-slow.md', err: 'committed: Incident: Login slow (investigating)' });
      expect(statusmark(['validate'], here)).toEqual({
        code: 0,
        out: '10 files valid: 8 services, 5 incidents, 2 maintenance windows, 1 notice',
        err: '',
      });
      writeFileSync(
        join(dir, 'content/notices/registration-mainland-numbers.md'),
        read(dir, 'content/notices/registration-mainland-numbers.md').replace('level: ', 'level: loud # was: '),
      );
      expect(statusmark(['validate'], here)).toEqual({
        code: 1,
        out: '',
        err: '../notices/registration-mainland-numbers.md:5: level: must be one of info | warning (got "loud")\n1 problem in 1 file',
      });
      expect(statusmark(['resolve', 'login-slow', '--at', '2025-01-28T09:40+08:00'], join(dir, 'content'))).toEqual({
        code: 0,
        out: 'incidents/2025-01-28-login-slow.md',
        err: '',
      });
      expect(log(dir)).toEqual(['Incident: Login slow (investigating)', 'Demo content']);
    },
    stretched(300_000),
  );
});

describe('5. YAML mistakes say what to type, in validate and in the build', () => {
  it(
    'prints the same path:line: field: message lines, without a stack trace, and exits 1',
    async () => {
      const dir = project(tempFolder());
      const file = 'content/incidents/2025-01-21-login-errors-on-web.md';
      writeFileSync(join(dir, file), read(dir, file).replace(/^title: .*$/m, 'title: Mobile app: sign-in loops'));
      const expected = `${file}:2: title: the value contains ": "; put the value in quotes: title: "Mobile app: sign-in loops"\n1 problem in 1 file`;
      expect(statusmark(['validate'], dir)).toEqual({ code: 1, out: '', err: expected });
      const refused = gitTry(dir, 'commit', '-qam', 'retitle');
      expect(refused).toEqual({
        code: 1,
        out: '',
        err: `${expected}\nThe commit was refused: the staged content is not valid. Fix the files, \`git add\` them, and commit again.`,
      });
      const build = await astroBuild(join(dir, 'dist'), { STATUSMARK_CONTENT: join(dir, 'content') });
      expect(build.status).toBe(1);
      expect(build.stderr.trim()).toBe(
        `${join(dir, file)}:2: title: the value contains ": "; put the value in quotes: title: "Mobile app: sign-in loops"\n1 problem in 1 file\nContent is not valid; nothing was built.`,
      );
      expect(build.stdout).not.toMatch(/ at |Error|stack/);
      expect(existsSync(join(dir, 'dist'))).toBe(false);
      expect(log(dir)).toEqual(['Demo content']);
    },
    stretched(300_000),
  );
});

describe('6. the intent is checked before anything is written', () => {
  it(
    'refuses to resolve twice, to go back in time, and to update a resolved incident, with one message each',
    () => {
      const dir = project(tempFolder());
      const file = 'content/incidents/2025-01-28-login-slow.md';
      expect(
        statusmark(
          [
            'new',
            '--title',
            'Login slow',
            '--service',
            'login=degraded',
            '--message',
            'Looking.',
            '--at',
            '2025-01-28T09:15+08:00',
            '--commit',
          ],
          dir,
        ).code,
      ).toBe(0);
      const open = read(dir, file);
      expect(statusmark(['resolve', 'login-slow', '--at', '2025-01-28T09:00+08:00', '--commit'], dir)).toEqual({
        code: 1,
        out: '',
        err: 'statusmark resolve: --at 28 Jan 2025, 09:00 GMT+8 is before the incident started (28 Jan 2025, 09:15 GMT+8); nothing was written',
      });
      expect(
        statusmark(['update', 'login-slow', '--state', 'identified', '--message', 'Cache.', '--at', '2025-01-28T09:30+08:00'], dir).code,
      ).toBe(0);
      expect(
        statusmark(['update', 'login-slow', '--state', 'monitoring', '--message', 'Better.', '--at', '2025-01-28T09:20+08:00'], dir),
      ).toEqual({
        code: 1,
        out: '',
        err: 'statusmark update: --at 28 Jan 2025, 09:20 GMT+8 is before the latest update (Identified at 28 Jan 2025, 09:30 GMT+8); post updates in order; nothing was written',
      });
      expect(statusmark(['resolve', 'login-slow', '--at', '2025-01-28T09:57+08:00', '--commit'], dir)).toEqual({
        code: 0,
        out: file,
        err: 'committed: Incident resolved: Login slow',
      });
      const resolved = read(dir, file);
      expect(resolved).toBe(
        `${open.replace('started: 2025-01-28T09:15:00+08:00\n', 'started: 2025-01-28T09:15:00+08:00\nresolved: 2025-01-28T09:57:00+08:00\n')}\n## Identified 2025-01-28 09:30 +08:00\n\nCache.\n\n## Resolved 2025-01-28 09:57 +08:00\n\n此事件已解决。\n\n::: {lang=en}\nThis incident has been resolved.\n:::\n`,
      );
      expect(statusmark(['resolve', 'login-slow', '--at', '2025-01-28T10:05+08:00', '--commit'], dir)).toEqual({
        code: 1,
        out: '',
        err: `statusmark resolve: ${file} is already resolved (at 28 Jan 2025, 09:57 GMT+8); nothing was written. To change the closing note, edit its Resolved update by hand`,
      });
      expect(
        statusmark(['update', 'login-slow', '--state', 'monitoring', '--message', 'm', '--at', '2025-01-28T10:05+08:00'], dir),
      ).toEqual({
        code: 1,
        out: '',
        err: `statusmark update: ${file} was resolved at 28 Jan 2025, 09:57 GMT+8; a resolved incident takes no more updates. For a new problem, post a new incident with "statusmark new"`,
      });
      expect(statusmark(['notice', '--expire', 'registration-mainland-numbers', '--at', '2025-01-28T10:00+08:00'], dir).code).toBe(0);
      expect(statusmark(['notice', '--expire', 'registration-mainland-numbers', '--at', '2025-01-28T11:00+08:00'], dir)).toEqual({
        code: 1,
        out: '',
        err: 'statusmark notice: content/notices/registration-mainland-numbers.md already ended at 28 Jan 2025, 10:00 GMT+8; nothing was written. To change the end, edit its until: line',
      });
      expect(read(dir, file)).toBe(resolved);
      expect(log(dir)).toEqual(['Incident resolved: Login slow', 'Incident: Login slow (investigating)', 'Demo content']);
    },
    stretched(300_000),
  );
});

describe('7. line endings', () => {
  it(
    'keeps a CRLF file in CRLF',
    () => {
      const dir = project(tempFolder());
      const file = 'content/incidents/2025-01-28-login-slow.md';
      const lf =
        '---\ntitle: Login slow\nimpact: minor\nservices:\n  login: degraded_performance\nstarted: 2025-01-28T09:15:00+08:00\n---\n\n## Investigating 2025-01-28 09:15 +08:00\n\nLooking.\n';
      writeFileSync(join(dir, file), lf.replace(/\n/g, '\r\n'));
      git(dir, 'add', '.');
      git(dir, 'commit', '-qm', 'Login incident, written on Windows');
      expect(
        statusmark(
          [
            'update',
            'login-slow',
            '--state',
            'identified',
            '--service',
            'login=partial',
            '--message',
            'A cache node.',
            '--at',
            '2025-01-28T09:30+08:00',
            '--commit',
          ],
          dir,
        ),
      ).toEqual({
        code: 0,
        out: file,
        // Issue 23: login at partial outage gives the impact major (it was minor, from degraded performance).
        err: 'impact: minor → major (from the services)\ncommitted: Incident update: Login slow (identified)',
      });
      expect(statusmark(['resolve', 'login-slow', '--at', '2025-01-28T09:57+08:00', '--commit'], dir).code).toBe(0);
      expect(read(dir, file)).toBe(
        `${lf.replace('+08:00\n---', '+08:00\nresolved: 2025-01-28T09:57:00+08:00\n---')}\n## Identified 2025-01-28 09:30 +08:00\nservices: login=partial_outage\nimpact: major\n\nA cache node.\n\n## Resolved 2025-01-28 09:57 +08:00\n\n此事件已解决。\n\n::: {lang=en}\nThis incident has been resolved.\n:::\n`.replace(
          /\n/g,
          '\r\n',
        ),
      );
      expect(log(dir)).toEqual([
        'Incident resolved: Login slow',
        'Incident update: Login slow (identified)',
        'Login incident, written on Windows',
        'Demo content',
      ]);
    },
    stretched(300_000),
  );
});

describe('8. slug prefixes', () => {
  it(
    'accepts the start of a slug when one open file matches, and lists the matches when several do',
    () => {
      const dir = project(tempFolder());
      const post = (title: string, at: string) =>
        statusmark(['new', '--title', title, '--service', 'web-chat=degraded', '--message', 'Looking.', '--at', at, '--commit'], dir);
      expect(post('Chat replies slow', '2025-01-28T09:15+08:00').code).toBe(0);
      expect(post('Chat replies missing', '2025-01-28T09:20+08:00').code).toBe(0);
      expect(
        statusmark(['update', 'chat-replies', '--state', 'identified', '--message', 'm', '--at', '2025-01-28T09:30+08:00'], dir),
      ).toEqual({
        code: 1,
        out: '',
        err: 'statusmark update: "chat-replies" matches 2 open files; give more of the slug:\n  2025-01-28-chat-replies-missing\n  2025-01-28-chat-replies-slow',
      });
      expect(statusmark(['resolve', 'chat-replies-m', '--at', '2025-01-28T09:40+08:00', '--commit'], dir)).toEqual({
        code: 0,
        out: 'content/incidents/2025-01-28-chat-replies-missing.md',
        err: 'committed: Incident resolved: Chat replies missing',
      });
      // Now only one of them is open: the prefix is enough.
      expect(
        statusmark(
          ['update', 'chat-replies', '--state', 'identified', '--message', 'A slow queue.', '--at', '2025-01-28T09:45+08:00', '--commit'],
          dir,
        ),
      ).toEqual({
        code: 0,
        out: 'content/incidents/2025-01-28-chat-replies-slow.md',
        err: 'committed: Incident update: Chat replies slow (identified)',
      });
      expect(read(dir, 'content/incidents/2025-01-28-chat-replies-slow.md')).toContain(
        '\n## Investigating 2025-01-28 09:15 +08:00\n\nLooking.\n\n## Identified 2025-01-28 09:45 +08:00\n\nA slow queue.\n',
      );
      expect(log(dir)).toEqual([
        'Incident update: Chat replies slow (identified)',
        'Incident resolved: Chat replies missing',
        'Incident: Chat replies missing (investigating)',
        'Incident: Chat replies slow (investigating)',
        'Demo content',
      ]);
    },
    stretched(300_000),
  );
});

describe('9. the README and the manual', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  // The manual's "Post and update" page holds what the README's "Posting an incident" held.
  const manual = readFileSync(join(root, 'docs/src/content/docs/post-and-update.md'), 'utf8');
  const posting = manual.slice(manual.indexOf('## Posting an incident\n'));
  it(
    "starts the manual's posting section with the three commands, then the pinned clock",
    () => {
      const [, block = '', after = ''] = /^## Posting an incident\n\n```sh\n([\s\S]*?)\n```\n\n([^\n]*)/.exec(posting) ?? [];
      const commands = block.split('\n');
      expect(commands.map((c) => c.split(' ').slice(0, 3).join(' '))).toEqual([
        'npx statusmark new',
        'npx statusmark update',
        'npx statusmark resolve',
      ]);
      expect(after).toBe("**The one thing that keeps a post off the page: the pinned clock.** The demo's");
      expect(posting.indexOf('Delete the `snapshot:` line for a live page.')).toBeGreaterThan(0);
      expect(posting.indexOf('Delete the `snapshot:` line for a live page.')).toBeLessThan(posting.indexOf('By hand'));
      // The three commands work as written, in a fresh clone of the demo (clock pinned by its snapshot).
      const dir = project(tempFolder(), { live: false });
      for (const command of commands) {
        const args = [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!).slice(2);
        expect(statusmark(args, dir).code, command).toBe(0);
      }
      expect(log(dir)).toEqual([
        'Incident resolved: API errors in Europe',
        'Incident update: API errors in Europe (identified)',
        'Incident: API errors in Europe (investigating)',
        'Demo content',
      ]);
    },
    stretched(300_000),
  );
  it('links only files that exist, and lists every page of the manual', () => {
    const links = [...readme.matchAll(/\]\(([^)#\s]+)\)/g)].map((m) => m[1]!).filter((href) => !/^[a-z]+:/i.test(href));
    expect(links.length).toBeGreaterThan(10);
    for (const href of links) expect(existsSync(join(root, href)), href).toBe(true);
    const pages = readdirSync(join(root, 'docs/src/content/docs'))
      .filter((f) => f.endsWith('.md') && f !== 'index.md')
      .map((f) => `docs/src/content/docs/${f}`);
    expect(pages.length).toBeGreaterThan(10);
    expect(links.filter((href) => href.startsWith('docs/src/content/docs/') && href.endsWith('.md')).sort()).toEqual(pages.sort());
  });
  it('documents commands that run on the pinned Node, and the EBADENGINE warnings', () => {
    const bare = readme.split('\n').filter((line) => /(?<!npx )\bnode scripts\//.test(line));
    expect(bare).toEqual(['  `npx statusmark …`, or `npx node scripts/x.ts`. A bare `node scripts/x.ts` uses the']);
    expect(readme).toContain('`npm install` prints `npm warn EBADENGINE Unsupported engine');
    expect(readme).toContain('The warnings are expected and harmless');
  });
});

describe('10. tests clean up after themselves', () => {
  it(
    'removes every temporary folder, even when a test fails',
    () => {
      const sources = ['src', 'tests', 'scripts'].flatMap((top) =>
        readdirSync(join(root, top), { recursive: true, encoding: 'utf8' })
          .filter((f) => /\.test\.ts$/.test(f) && !f.includes('node_modules'))
          .map((f) => join(top, f)),
      );
      expect(sources.length).toBeGreaterThan(30);
      // A test file that makes folders itself must remove them in afterAll or finally; the others use tempFolders.
      const unsafe = sources.filter((f) => {
        const text = readFileSync(join(root, f), 'utf8');
        return /\bmkdtempSync\(/.test(text) && !(/rmSync\(/.test(text) && /afterAll\(|finally/.test(text));
      });
      expect(unsafe).toEqual([]);
      const report = join(tempFolder(), 'made.txt');
      const run = spawnSync(
        join(root, 'node_modules/.bin/vitest'),
        ['run', '--root', join(root, 'tests/fixtures/cleanup'), '--config', join(root, 'tests/fixtures/cleanup/vitest.config.ts')],
        {
          encoding: 'utf8',
          env: { ...process.env, STATUSMARK_CLEANUP_REPORT: report },
        },
      );
      expect(run.status).toBe(1);
      const made = readFileSync(report, 'utf8');
      expect(made).toMatch(/statusmark-cleanup-/);
      expect(existsSync(made)).toBe(false);
    },
    stretched(300_000),
  );
});
