import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS, type Migration } from './migrations.ts';
import { changedIn, URL_PATH_RELEASE } from './releases.ts';
import { parseSite } from './parse.ts';

/** A 0.1.0 site.yaml of a GitHub project site: the path was written in url. */
const OLD = `# Our status page
name: Acme Status
url: https://acme.github.io/status # the project site
timezone: Europe/Berlin
`;

describe('the 0.2.0 migration: a path in url moves to base', () => {
  it('rewrites the file, keeps its comments, and says what changed', () => {
    const [done, ...rest] = migrate((file) => (file === 'site.yaml' ? OLD : undefined));
    expect(rest).toEqual([]);
    expect(done?.file).toBe('site.yaml');
    expect(done?.release).toBe('0.2.0');
    expect(done?.changes).toEqual([
      'url: https://acme.github.io/status → https://acme.github.io',
      'base: /status/ (the path that was in url)',
    ]);
    expect(done?.text).toBe(`# Our status page
name: Acme Status
url: https://acme.github.io # the project site
timezone: Europe/Berlin
base: /status/
`);
  });
  it('also drops a query or fragment that validation refuses, leaving base as it is', () => {
    const text = 'name: Acme Status\nurl: https://status.acme.example/?from=old\ntimezone: Europe/Berlin\n';
    expect(parseSite('site.yaml', text).problems.map((p) => p.field)).toEqual(['url']);
    const [done] = migrate((file) => (file === 'site.yaml' ? text : undefined));
    expect(done?.changes).toEqual(['url: https://status.acme.example/?from=old → https://status.acme.example']);
    expect(parseSite('site.yaml', done!.text).problems).toEqual([]);
  });
  it('gives a file the 0.2.0 schema accepts, which the 0.1.0 one did not', () => {
    const before = parseSite('site.yaml', OLD);
    expect(before.problems.map((p) => [p.line, p.field])).toEqual([[3, 'url']]);
    expect(before.problems[0]?.message).toContain(changedIn('0.2.0'));
    const after = parseSite('site.yaml', migrate(() => OLD)[0]!.text);
    expect(after.problems).toEqual([]);
    expect(after.value).toMatchObject({ url: 'https://acme.github.io', base: '/status/' });
  });
  it('leaves a file already in the new format alone, so running it twice changes nothing', () => {
    const once = migrate(() => OLD)[0]!.text;
    expect(migrate(() => once)).toEqual([]);
    expect(migrate(() => 'name: A\nurl: https://status.acme.com/\ntimezone: UTC\n')).toEqual([]);
    expect(migrate(() => undefined)).toEqual([]);
  });
  it('only shortens url when base already names its path', () => {
    const [done] = migrate(() => 'url: https://acme.example/status/\nbase: status\n');
    expect(done?.text).toBe('url: https://acme.example\nbase: status\n');
    expect(done?.changes).toEqual(['url: https://acme.example/status/ → https://acme.example']);
  });
  it('keeps a base already written, and says the path from url is no longer used', () => {
    const [done] = migrate(() => 'url: https://acme.example/old\nbase: /status/\n');
    expect(done?.text).toBe('url: https://acme.example\nbase: /status/\n');
    expect(done?.changes[1]).toBe(
      'base: kept /status/; the path /old/ that was in url is no longer used, check it is the one the page is served under',
    );
  });
});

describe('migrate', () => {
  it('runs the migrations of one file in order, each on the output of the one before', () => {
    const append = (release: string, line: string): Migration => ({
      release,
      file: 'site.yaml',
      summary: line,
      apply: (text) => (text.includes(line) ? undefined : { text: `${text}${line}\n`, changes: [line] }),
    });
    const done = migrate(() => 'name: A\n', [append('1.0.0', 'a: 1'), append('2.0.0', 'b: 2')]);
    expect(done.map((d) => [d.release, d.text])).toEqual([
      ['1.0.0', 'name: A\na: 1\n'],
      ['2.0.0', 'name: A\na: 1\nb: 2\n'],
    ]);
  });
  it('lists its migrations oldest release first, each from a release of the form x.y.z', () => {
    expect(MIGRATIONS.map((m) => m.release)).toEqual([URL_PATH_RELEASE]);
  });
});
