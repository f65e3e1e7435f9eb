/**
 * `statusmark init` from this repository's source: answers piped in as a person types
 * them, the refusal of a folder that has files, and the flags' errors. (The package test
 * beside it runs init from the packed tarball.)
 */
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tempFolders } from '../../src/dev/temp.ts';
import { node, root, script } from '../cli/helpers.ts';
import { stretched } from '../../src/dev/work.ts';

/** A test's time limit here on an idle machine, stretched by how busy the machine is (src/dev/work.ts). */
const TIME_LIMIT = stretched(300_000);

const temp = tempFolders('init');

/** The test's environment without any git identity or configuration of the machine's. */
const bareEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(GIT_|EMAIL$)/.test(k)));
const IDENTITY = {
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Ada Ops',
  GIT_AUTHOR_EMAIL: 'ada@acme.example',
  GIT_COMMITTER_NAME: 'Ada Ops',
  GIT_COMMITTER_EMAIL: 'ada@acme.example',
};

function init(
  args: string[],
  cwd: string,
  input = '',
  env: Record<string, string> = IDENTITY,
): { code: number | null; out: string; err: string } {
  const r = spawnSync(node, [script, 'init', ...args], { cwd, input, encoding: 'utf8', env: { ...bareEnv, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const gitIn = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...bareEnv, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });

describe('statusmark init', () => {
  it('asks for each answer when no flag gives it, reading them one a line', () => {
    const cwd = temp();
    // folder, name, url (a project site), base (accept the one from the url), a zone mistyped then right,
    // then services with groups (an empty line first, a bad id), then the end of the list.
    const answers = [
      'acme',
      'Acme Status',
      'https://acme.github.io/status',
      '',
      'Tokio',
      'Asia/Tokyo',
      '2025-02-30',
      '2025-03-01',
      '',
      'Bad_Id=X',
      'Core',
      'api=Public API',
      'Core',
      'Web Chat',
      '',
      '',
    ].join('\n');
    const r = init([], cwd, `${answers}\n`);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Base path [/status/]:');
    expect(r.out).toContain('  "Tokio" is not an IANA time zone such as Europe/Berlin or UTC\nTime zone [');
    expect(r.out).toContain('  a page needs at least one service\n');
    expect(r.out).toContain('  "2025-02-30" is not a valid date\nDay the services went live');
    expect(r.out).toContain('  --service Bad_Id=X: id "Bad_Id" must be lowercase letters, digits and hyphens, e.g. web-chat; not added\n');
    const site = readFileSync(join(cwd, 'acme/content/site.yaml'), 'utf8');
    expect(site).toMatch(/^name: Acme Status$/m);
    expect(site).toMatch(/^url: https:\/\/acme.github.io$/m);
    expect(site).toMatch(/^base: \/status\/$/m);
    expect(site).toMatch(/^timezone: Asia\/Tokyo$/m);
    expect(site).not.toMatch(/snapshot/);
    // The second service takes the group of the one before it, offered as the default.
    expect(readFileSync(join(cwd, 'acme/content/services.yaml'), 'utf8')).toBe(
      '# The services the page reports on, in the order they are listed.\n# start: the day a service went live; its uptime counts from that day.\nservices:\n' +
        '  - id: api\n    name: Public API\n    group: Core\n    start: 2025-03-01\n  - id: web-chat\n    name: Web Chat\n    group: Core\n    start: 2025-03-01\n',
    );
    const hook = join(cwd, 'acme/.git/hooks/pre-commit');
    expect(readFileSync(hook, 'utf8')).toContain('statusmark validate --staged');
    expect(statSync(hook).mode & 0o111).not.toBe(0);
    // The new content passes the same validation as the build.
    const check = spawnSync(node, [script, 'validate'], { cwd: join(cwd, 'acme'), encoding: 'utf8' });
    expect(check.stdout).toContain('2 files valid: 2 services, 0 incidents');
  });

  it("commits every file it wrote on main, as git's author, and prints the next commands in the README's order", () => {
    const cwd = temp();
    const r = init(['acme', '--yes', '--name', 'Acme Status', '--url', 'https://Acme.github.io/status', '--service', 'api=API'], cwd);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const site = join(cwd, 'acme');
    expect(gitIn(site, 'status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(gitIn(site, 'branch', '--show-current')).toBe('main\n');
    expect(gitIn(site, 'log', '--format=%an <%ae>|%s')).toBe(
      'Ada Ops <ada@acme.example>|Status page: Acme Status, made by statusmark init\n',
    );
    const tracked = gitIn(site, 'ls-files').trim().split('\n');
    expect(tracked).toEqual(
      expect.arrayContaining([
        '.github/workflows/deploy.yml',
        '.github/workflows/test.yml',
        '.github/workflows/alert-drafts.yml',
        '.gitignore',
        'README.md',
        'astro.config.mjs',
        'package.json',
        'content/site.yaml',
        'content/services.yaml',
        'content/incidents/.gitkeep',
      ]),
    );
    expect(tracked).toHaveLength(14);
    const printed = r.out
      .split('\n')
      .filter((line) => line.startsWith('  '))
      .map((line) => line.trim().split(/\s+#/)[0]!.trim());
    const commands = [
      'cd acme',
      'npm install',
      'npm run dev',
      'git remote add origin https://github.com/acme/status.git',
      'git push -u origin main',
    ];
    expect(printed.slice(0, 5)).toEqual(commands);
    // The manual's "Start your own page" runs the same commands in the same order.
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const start = readme.slice(readme.indexOf('**Start your own page**'));
    const block = /```sh\n([\s\S]*?)```/
      .exec(start)![1]!
      .split('\n')
      .map((line) => line.split(/\s+#/)[0]!.trim())
      .filter(Boolean);
    expect(block[0]).toMatch(/^npx statusmark init acme-status\b/);
    expect(block.slice(1).map((c) => c.replace('acme-status', 'acme').replace(/https:\/\/github\.com\/\S+/, 'URL'))).toEqual(
      commands.map((c) => c.replace(/https:\/\/github\.com\/\S+/, 'URL')),
    );
    // start: the day init ran, in the site's zone (UTC here, the --yes default); checked against Intl.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      new Date(),
    );
    const yesterday = new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      new Date(Date.now() - 60_000),
    );
    expect([today, yesterday]).toContain(/^ {4}start: (\S+)/m.exec(readFileSync(join(site, 'content/services.yaml'), 'utf8'))![1]);
  });

  it('writes the --start day for every service and names the flag when the day is not one', () => {
    const cwd = temp();
    const args = [
      '--yes',
      '--name',
      'A',
      '--url',
      'https://status.a.example',
      '--timezone',
      'Pacific/Kiritimati',
      '--service',
      'api=API',
      '--service',
      'web=Web',
    ];
    expect(init(['s', ...args, '--start', '2025-13-01'], cwd).err).toContain(
      '--start: "2025-13-01" is not a valid date\nnothing was written',
    );
    expect(existsSync(join(cwd, 's'))).toBe(false);
    const r = init(['s', ...args, '--start', '2024-02-29'], cwd);
    expect(r.code).toBe(0);
    expect(readFileSync(join(cwd, 's/content/services.yaml'), 'utf8').match(/^ {4}start: .*/gm)).toEqual([
      '    start: 2024-02-29',
      '    start: 2024-02-29',
    ]);
    // A page on its own domain: the repository is the team's to name.
    expect(r.out).toContain('  git remote add origin https://github.com/YOUR-ACCOUNT/YOUR-REPOSITORY.git');
  });

  it('with no git identity, writes and stages the site, commits nothing, and says exactly what to run', () => {
    const cwd = temp();
    const r = init(['page', '--yes', '--name', 'A', '--url', 'https://a.github.io', '--service', 'api=API'], cwd, '', {
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
    });
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    // The count it prints is the number of files git has staged (read from git, not from init).
    const staged = gitIn(join(cwd, 'page'), 'diff', '--cached', '--name-only').trim().split('\n');
    expect(staged).toContain('.github/workflows/alert-drafts.yml');
    expect(r.err).toContain(
      `statusmark init: wrote A in page (${staged.length} files, staged) but could not commit them: git has no author to commit as.\n`,
    );
    expect(r.err).toContain(
      '\n  cd page\n  git config --global user.name "Your Name"\n  git config --global user.email you@example.com\n  git commit --no-verify -m "Status page: A, made by statusmark init"\nThen:\n  cd page\n',
    );
    expect(r.err).toContain('  git remote add origin https://github.com/a/a.github.io.git');
    expect(spawnSync('git', ['rev-parse', '--verify', 'HEAD'], { cwd: join(cwd, 'page') }).status).not.toBe(0);
    // Doing what it says (with the identity given to git) commits everything, past the hook that needs npm install.
    const commit = /^ {2}(git commit .*)$/m.exec(r.err)![1]!;
    const args = [...commit.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!).slice(1);
    const done = spawnSync('git', args, { cwd: join(cwd, 'page'), encoding: 'utf8', env: { ...bareEnv, ...IDENTITY } });
    expect(done.status, done.stderr).toBe(0);
    expect(gitIn(join(cwd, 'page'), 'status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(gitIn(join(cwd, 'page'), 'log', '--format=%s')).toBe('Status page: A, made by statusmark init\n');
  });

  it('refuses a folder that has files, naming them, and writes nothing', () => {
    const cwd = temp();
    mkdirSync(join(cwd, 'site/content'), { recursive: true });
    writeFileSync(join(cwd, 'site/notes.txt'), 'mine');
    const r = init(['site', '--yes', '--name', 'A', '--url', 'https://a.example', '--service', 'api=API'], cwd);
    expect(r.code).toBe(1);
    expect(r.err).toBe('statusmark init: site is not empty (it holds content/, notes.txt); choose a new folder, nothing was written\n');
    expect(existsSync(join(cwd, 'site/package.json'))).toBe(false);
  });

  it('gives each bad flag a clear error and exit 1, before writing anything', { timeout: TIME_LIMIT }, () => {
    const cwd = temp();
    const cases: [string[], string][] = [
      [['s', '--yes', '--url', 'https://a.example', '--service', 'api=API'], '--name is required with --yes'],
      [['s', '--yes', '--name', 'A', '--url', 'a.example', '--service', 'api=API'], '--url "a.example" must be an http:// or https:// URL'],
      [['s', '--yes', '--name', 'A', '--url', 'https://a.example'], '--service: name at least one service'],
      [
        ['s', '--yes', '--name', 'A', '--url', 'https://a.example', '--timezone', 'Berlin', '--service', 'api=API'],
        '--timezone: "Berlin" is not an IANA time zone',
      ],
      [['s', '--yes', '--name', 'A', '--url', 'https://a.example', '--service', 'API'], ''],
      [['s', '--yes', '--name', 'A', '--url', 'https://a.example', '--service', 'x=API', '--colour', 'red'], "Unknown option '--colour'"],
      [['--yes', '--name', 'A'], 'name one folder to create the page in'],
    ];
    for (const [args, message] of cases) {
      const r = init(args, cwd);
      if (message === '') {
        // A name alone is a good service (its id is made from it): that one succeeds.
        expect(r.code, args.join(' ')).toBe(0);
        continue;
      }
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err, args.join(' ')).toContain(message);
    }
  });

  it('runs the same from npm create statusmark (the create-statusmark wrapper)', () => {
    const cwd = temp();
    // Where npm would have installed statusmark beside the wrapper: here, this repository.
    mkdirSync(join(cwd, 'node_modules'));
    symlinkSync(root, join(cwd, 'node_modules', 'statusmark'));
    const r = spawnSync(
      node,
      [
        join(root, 'src/create-statusmark/index.js'),
        'page',
        '--yes',
        '--name',
        'Wrapped',
        '--url',
        'https://w.example',
        '--service',
        'api=API',
      ],
      {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, NODE_PATH: join(cwd, 'node_modules') },
      },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(join(cwd, 'page/content/site.yaml'), 'utf8')).toMatch(/^name: Wrapped$/m);
  });
});
