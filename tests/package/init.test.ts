/**
 * `statusmark init` from this repository's source: answers piped in as a person types
 * them, the refusal of a folder that has files, and the flags' errors. (The package test
 * beside it runs init from the packed tarball.)
 */
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tempFolders } from '../temp.ts';
import { node, root, script } from '../cli/helpers.ts';

const temp = tempFolders('init');

function init(args: string[], cwd: string, input = ''): { code: number | null; out: string; err: string } {
  const r = spawnSync(node, [script, 'init', ...args], { cwd, input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('statusmark init', () => {
  it('asks for each answer when no flag gives it, reading them one a line', () => {
    const cwd = temp();
    // folder, name, url (a project site), base (accept the one from the url), a zone mistyped then right,
    // then services with groups (an empty line first, a bad id), then the end of the list.
    const answers = ['acme', 'Acme Status', 'https://acme.github.io/status', '', 'Tokio', 'Asia/Tokyo', '', 'Bad_Id=X', 'Core', 'api=Public API', 'Core', 'Web Chat', '', ''].join('\n');
    const r = init([], cwd, `${answers}\n`);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Base path [/status/]:');
    expect(r.out).toContain('  "Tokio" is not an IANA time zone such as Europe/Berlin or UTC\nTime zone [');
    expect(r.out).toContain('  a page needs at least one service\n');
    expect(r.out).toContain('  --service Bad_Id=X: id "Bad_Id" must be lowercase letters, digits and hyphens, e.g. web-chat; not added\n');
    const site = readFileSync(join(cwd, 'acme/content/site.yaml'), 'utf8');
    expect(site).toMatch(/^name: Acme Status$/m);
    expect(site).toMatch(/^url: https:\/\/acme.github.io$/m);
    expect(site).toMatch(/^base: \/status\/$/m);
    expect(site).toMatch(/^timezone: Asia\/Tokyo$/m);
    expect(site).not.toMatch(/snapshot/);
    // The second service takes the group of the one before it, offered as the default.
    expect(readFileSync(join(cwd, 'acme/content/services.yaml'), 'utf8')).toBe(
      '# The services the page reports on, in the order they are listed.\nservices:\n  - id: api\n    name: Public API\n    group: Core\n  - id: web-chat\n    name: Web Chat\n    group: Core\n',
    );
    const hook = join(cwd, 'acme/.git/hooks/pre-commit');
    expect(readFileSync(hook, 'utf8')).toContain('statusmark validate --staged');
    expect(statSync(hook).mode & 0o111).not.toBe(0);
    // The new content passes the same validation as the build.
    const check = spawnSync(node, [script, 'validate'], { cwd: join(cwd, 'acme'), encoding: 'utf8' });
    expect(check.stdout).toContain('2 files valid: 2 services, 0 incidents');
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

  it('gives each bad flag a clear error and exit 1, before writing anything', () => {
    const cwd = temp();
    const cases: [string[], string][] = [
      [['s', '--yes', '--url', 'https://a.example', '--service', 'api=API'], '--name is required with --yes'],
      [['s', '--yes', '--name', 'A', '--url', 'a.example', '--service', 'api=API'], '--url "a.example" must be an http:// or https:// URL'],
      [['s', '--yes', '--name', 'A', '--url', 'https://a.example'], '--service: name at least one service'],
      [['s', '--yes', '--name', 'A', '--url', 'https://a.example', '--timezone', 'Berlin', '--service', 'api=API'], '--timezone: "Berlin" is not an IANA time zone'],
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
    const r = spawnSync(node, [join(root, 'scripts/create-statusmark/index.js'), 'page', '--yes', '--name', 'Wrapped', '--url', 'https://w.example', '--service', 'api=API'], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, NODE_PATH: join(cwd, 'node_modules') },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(join(cwd, 'page/content/site.yaml'), 'utf8')).toMatch(/^name: Wrapped$/m);
  });
});
