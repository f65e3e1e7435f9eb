/**
 * Files as files, through the real command line and the real build: a content folder whose
 * site.yaml is a named pipe, whose services.yaml is a link to /dev/zero, whose incidents/ is a
 * link to a folder outside it, or whose site.yaml is a folder. Each is refused with its path
 * and a reason, exit code 1 and no stack trace; nothing waits on the pipe or reads the device.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { astroBuild } from '../../src/dev/astro-build.ts';
import { tempFolders } from '../../src/dev/temp.ts';
import { stretched } from '../../src/dev/work.ts';

/** A test's time limit here on an idle machine, stretched by how busy the machine is (src/dev/work.ts). */
const TIME_LIMIT = stretched(180_000);

const root = resolve(import.meta.dirname, '../..');
const tempFolder = tempFolders('files');

/** Runs `args` with the content folder given; the environment's own STATUSMARK_* left out. */
function run(command: string, args: string[], content: string): { code: number | null; out: string } {
  const { STATUSMARK_NOW: _now, STATUSMARK_CONTENT: _content, ...env } = process.env;
  const r = spawnSync(command, args, { cwd: root, encoding: 'utf8', env: { ...env, STATUSMARK_CONTENT: content } });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}
const validate = (content: string) => run(process.execPath, [join(root, 'src/cli/statusmark.ts'), 'validate'], content);
async function build(content: string): Promise<{ code: number | null; out: string }> {
  const r = await astroBuild(join(content, '..', 'dist'), { STATUSMARK_CONTENT: content });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** A content folder in a fresh project, `outside/` beside it holding a valid incident. */
function project(change: (content: string, outside: string) => void): string {
  const dir = tempFolder();
  const content = join(dir, 'content');
  const outside = join(dir, 'outside');
  mkdirSync(content);
  mkdirSync(outside);
  writeFileSync(join(content, 'site.yaml'), 'name: S\nurl: https://s.example\ntimezone: UTC\n');
  writeFileSync(join(content, 'services.yaml'), 'services:\n  - id: api\n    name: API\n    group: G\n');
  writeFileSync(
    join(outside, '2025-01-01-t.md'),
    '---\ntitle: T\nimpact: minor\nstarted: 2025-01-01T10:00Z\n---\n\n## Investigating 2025-01-01 10:05Z\nLooking.\n',
  );
  change(content, outside);
  return content;
}

function expectRefused(result: { code: number | null; out: string }, lines: string[]): void {
  expect(result.code, result.out).toBe(1);
  for (const line of lines) expect(result.out).toContain(line);
  // No stack trace and no raw file-system error.
  expect(result.out).not.toMatch(/^\s+at /m);
  expect(result.out).not.toMatch(/EISDIR|ENOTDIR|ENXIO/);
}

describe('a content folder with things that are not files', () => {
  const pipes = project((content, outside) => {
    const site = join(content, 'site.yaml');
    rmSync(site);
    expect(spawnSync('mkfifo', [site]).status).toBe(0);
    rmSync(join(content, 'services.yaml'));
    symlinkSync('/dev/zero', join(content, 'services.yaml'));
    symlinkSync(outside, join(content, 'incidents'));
  });
  const expected = [
    `${pipes}/incidents:1: folder: is a symbolic link to ${join(pipes, '..', 'outside')}, outside the content folder; only files inside it are read`,
    `${pipes}/services.yaml:1: file: is a symbolic link to /dev/zero, outside the content folder; only files inside it are read`,
    `${pipes}/site.yaml:1: file: is a named pipe (FIFO), not a file; it was not opened`,
  ];

  it('validate names each one and exits 1', () => {
    expectRefused(validate(pipes), expected);
  });
  it('the posting commands refuse the pipe too, before waiting on it', () => {
    const posted = run(
      process.execPath,
      [join(root, 'src/cli/statusmark.ts'), 'new', '--title', 'T', '--service', 'api=major', '--message', 'M'],
      pipes,
    );
    expectRefused(posted, [`${pipes}/site.yaml:1: file: is a named pipe (FIFO), not a file; it was not opened`]);
  });
  it('the build names each one, builds nothing and exits 1', { timeout: TIME_LIMIT }, async () => {
    const result = await build(pipes);
    expectRefused(result, [...expected, 'Content is not valid; nothing was built.']);
  });

  const folder = project((content) => {
    rmSync(join(content, 'site.yaml'));
    mkdirSync(join(content, 'site.yaml'));
    writeFileSync(join(content, 'incidents'), 'a file where the folder belongs\n');
  });
  const folderLines = [
    `${folder}/incidents:1: folder: is a file; it must be a folder of .md files`,
    `${folder}/site.yaml:1: file: is a folder, where a file belongs`,
  ];

  it('validate refuses a folder named site.yaml and a file named incidents', () => {
    expectRefused(validate(folder), folderLines);
  });
  it('the build refuses them too', { timeout: TIME_LIMIT }, async () => {
    expectRefused(await build(folder), [...folderLines, 'Content is not valid; nothing was built.']);
  });
});
