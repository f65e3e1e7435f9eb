/**
 * An importer reads only files inside the folder it is given: a cState site whose issue is a
 * link to a file outside it, whose content/ is a link to a folder outside it, or that holds a
 * named pipe among its issues, and a Statuspage document that is a link to /dev/zero, are
 * refused with their paths before anything is read or written (exit 1, no stack trace).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolders } from '../../src/dev/temp.ts';

const root = resolve(import.meta.dirname, '../..');
const fixtures = join(root, 'tests/fixtures/import');
const tempFolder = tempFolders('trees');

function statusmark(args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(root, 'src/cli/statusmark.ts'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A copy of the cState fixture, a secret issue beside it (outside), and an empty content folder. */
function cstateCopy(): { site: string; outside: string; content: string } {
  const dir = tempFolder();
  const site = join(dir, 'cstate');
  cpSync(join(fixtures, 'cstate'), site, { recursive: true });
  const outside = join(dir, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, '2024-12-01-secret.md'), '---\ntitle: Secret\ndate: 2024-12-01 10:00:00\n---\n\nNot part of the site.\n');
  return { site, outside, content: join(dir, 'content') };
}

function expectRefused(result: { code: number | null; out: string; err: string }, lines: string[], content: string): void {
  expect(result.code, result.err).toBe(1);
  expect(result.err.trimEnd().split('\n')).toEqual([
    `statusmark import: ${lines[0]}`,
    ...lines.slice(1),
    `${lines.length} problem${lines.length > 1 ? 's' : ''} in ${lines.length} file${lines.length > 1 ? 's' : ''}`,
    'nothing was imported: these are not files that can be read',
  ]);
  expect(result.err).not.toMatch(/^\s+at /m);
  expect(existsSync(content)).toBe(false);
}

describe('importers read only their own tree', () => {
  it('cState: an issue linked to a file outside the site', () => {
    const { site, outside, content } = cstateCopy();
    symlinkSync(join(outside, '2024-12-01-secret.md'), join(site, 'content/issues/2024-12-01-secret.md'));
    const result = statusmark(['import', 'cstate', site, '--content', content, '--timezone', 'UTC']);
    expectRefused(
      result,
      [
        `${site}/content/issues/2024-12-01-secret.md:1: file: is a symbolic link to ${outside}/2024-12-01-secret.md, outside ${site}; only files inside it are read`,
      ],
      content,
    );
  });
  it('cState: content/ linked to a folder outside the site, and a named pipe among the issues', () => {
    const { site, outside, content } = cstateCopy();
    expect(spawnSync('mkfifo', [join(site, 'content/issues/2024-12-02-pipe.md')]).status).toBe(0);
    renameSync(join(site, 'content'), join(outside, 'content'));
    symlinkSync(join(outside, 'content'), join(site, 'content'));
    const result = statusmark(['import', 'cstate', site, '--content', content, '--timezone', 'UTC']);
    expectRefused(
      result,
      [`${site}/content:1: folder: is a symbolic link to ${outside}/content, outside ${site}; only files inside it are read`],
      content,
    );
    // Put back in place, the pipe is found and refused without being opened.
    rmSync(join(site, 'content'));
    renameSync(join(outside, 'content'), join(site, 'content'));
    const again = statusmark(['import', 'cstate', site, '--content', content, '--timezone', 'UTC']);
    expectRefused(
      again,
      [`${site}/content/issues/2024-12-02-pipe.md:1: file: is a named pipe (FIFO), not a file; it was not opened`],
      content,
    );
  });
  it('Statuspage: a saved document that is a link to /dev/zero', () => {
    const dir = tempFolder();
    const saved = join(dir, 'saved');
    cpSync(join(fixtures, 'statuspage'), saved, { recursive: true });
    rmSync(join(saved, 'incidents.json'));
    symlinkSync('/dev/zero', join(saved, 'incidents.json'));
    const content = join(dir, 'content');
    const result = statusmark(['import', 'statuspage', saved, '--content', content, '--timezone', 'UTC']);
    expectRefused(
      result,
      [`${saved}/incidents.json:1: file: is a symbolic link to /dev/zero, outside ${saved}; only files inside it are read`],
      content,
    );
  });
});

describe('a Statusfy site whose content/ leads outside it', () => {
  it('is refused, not read from where the link leads', () => {
    const dir = tempFolder();
    const site = join(dir, 'statusfy');
    mkdirSync(site);
    cpSync(join(fixtures, 'statusfy', 'content'), join(dir, 'elsewhere'), { recursive: true });
    symlinkSync(join(dir, 'elsewhere'), join(site, 'content'));
    const content = join(dir, 'content');
    const result = statusmark(['import', 'statusfy', site, '--content', content, '--timezone', 'UTC']);
    expectRefused(
      result,
      [`${site}/content:1: folder: is a symbolic link to ${dir}/elsewhere, outside ${site}; only files inside it are read`],
      content,
    );
  });
});
