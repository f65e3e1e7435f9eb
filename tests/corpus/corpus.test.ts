/**
 * Hostile and broken content: each file of tests/fixtures/corpus/ is loaded on its own
 * into an otherwise valid content folder, and must give exactly the problems listed
 * here, or load and give exactly the safe output listed here. Nothing is dropped
 * silently: a file either appears, or is reported with its file and line.
 */
import { cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tempFolders } from '../../src/dev/temp.ts';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/lib/content/load.ts';
import { formatProblem } from '../../src/lib/content/problems.ts';

const corpus = join(import.meta.dirname, '../fixtures/corpus');
const NO_UPDATE = 'there are no updates; add one below the front matter, e.g. "## Investigating 2025-01-27 09:30 +08:00" and a message';
const EMPTY = 'file: is empty; start the file with a --- line, the fields, and another --- line';
const FILE_NAME = 'file name: must be YYYY-MM-DD-short-title.md in lowercase letters, digits and hyphens, at most 120 characters';

type Expected = { problems: string[] } | { title: string; html: string[] | string };

const EXPECTED: Record<string, Expected> = {
  // Markup in every place it can hide: removed, or kept as text.
  'incidents/2025-01-01-xss-title.md': { title: '<script>alert(1)</script> & <b>bold</b>', html: ['<p>Text.</p>'] },
  'incidents/2025-01-01-xss-script-in-body.md': { title: 'Corpus case', html: ['<p>Hello <strong>world</strong>.</p>'] },
  'incidents/2025-01-01-xss-img-onerror.md': { title: 'Corpus case', html: ['<p>Look:  here.</p>'] },
  'incidents/2025-01-01-xss-javascript-link.md': {
    title: 'Corpus case',
    html: ['<p><a rel="nofollow noopener">click</a> and <a href="https://example.com/" rel="nofollow noopener">ok</a>.</p>'],
  },
  'incidents/2025-01-01-xss-iframe.md': { title: 'Corpus case', html: ['<p>Before  after.</p>'] },
  'incidents/2025-01-01-xss-form.md': { title: 'Corpus case', html: ['Log in<p>Text.</p>'] },
  'incidents/2025-01-01-xss-svg-onload.md': { title: 'Corpus case', html: ['<p>Text.</p>'] },
  'incidents/2025-01-01-xss-style-attribute.md': { title: 'Corpus case', html: ['<p>Styled</p>'] },
  'incidents/2025-01-01-xss-data-uri-link.md': { title: 'Corpus case', html: ['<p><a rel="nofollow noopener">data</a></p>'] },
  'incidents/2025-01-01-xss-entity-encoded-link.md': { title: 'Corpus case', html: ['<p><a rel="nofollow noopener">encoded</a></p>'] },
  'incidents/2025-01-01-xss-postmortem-javascript.md': {
    problems: [
      '7: postmortem: must be an http(s) URL or a path on this site starting with a single / (no \\ anywhere: browsers read it as /, and //host or /\\host is another site)',
    ],
  },
  'incidents/2025-01-01-xss-postmortem-protocol-relative.md': {
    problems: [
      '7: postmortem: must be an http(s) URL or a path on this site starting with a single / (no \\ anywhere: browsers read it as /, and //host or /\\host is another site)',
    ],
  },
  'incidents/2025-01-01-xss-heading-injection.md': {
    problems: [
      '9: update: heading "## Investigating <script>alert(1)</script> 2025-01-01 10:05Z" has an unknown state "Investigating <script>alert(1)</script>"; expected one of investigating | identified | monitoring | resolved, as in "## Investigating 2025-01-27 09:30 +08:00"',
    ],
  },
  'incidents/2025-01-01-xss-service-key.md': {
    problems: ['5: services.<script>alert(1)</script>: "<script>alert(1)</script>" is not a service in services.yaml; known: api'],
  },
  'incidents/2025-01-01-prototype-pollution.md': {
    problems: ['7: __proto__: unknown field; expected one of title, lang, impact, services, started, resolved, postmortem, draft'],
  },
  'maintenance/xss-title.md': { title: '<img src=x onerror=alert(1)> window', html: ['Planned.'] },
  'notices/xss-notice.md': {
    title: '<b>Bold</b> & <script>x</script>',
    html: '<p><a rel="nofollow noopener">Read more</a> <em>now</em>.</p>',
  },
  // Broken YAML and broken files.
  'incidents/2025-01-01-yaml-alias-bomb.md': {
    problems: ['1: file: cannot be read: Excessive alias count indicates a resource exhaustion attack'],
  },
  'incidents/2025-01-01-broken-yaml-tab.md': {
    problems: ['4: api: is indented with a tab; YAML needs spaces: replace each tab at the start of the line with two spaces'],
  },
  'incidents/2025-01-01-broken-yaml-unclosed-quote.md': {
    problems: ['2: title: the quote is not closed; end the value with " on the same line: title: "Unclosed"'],
  },
  'incidents/2025-01-01-broken-duplicate-key.md': {
    problems: ['3: title: appears twice (also on line 2); keep one title: line and delete the other'],
  },
  'incidents/2025-01-01-empty.md': { problems: [`1: ${EMPTY}`] },
  'incidents/2025-01-01-whitespace-only.md': { problems: [`1: ${EMPTY}`] },
  'incidents/2025-01-01-front-matter-only.md': { problems: [`8: update: ${NO_UPDATE}`] },
  'incidents/2025-01-01-unclosed-front-matter.md': { problems: ['1: file: front matter is not closed: add a --- line after the fields'] },
  'incidents/2025-01-01-binary-junk.md': { problems: ['1: file: is not UTF-8 text (binary data or another encoding)'] },
  'incidents/2025-01-01-latin1.md': { problems: ['1: file: is not UTF-8 text (binary data or another encoding)'] },
  'incidents/2025-01-01-bom.md': { title: 'Corpus case', html: ['<p>With a byte order mark.</p>'] },
  'incidents/2025-01-01-crlf.md': { title: 'Corpus case', html: ['<p>Windows line endings.</p>', '<p>Second.</p>'] },
  // Huge and wrong values.
  'incidents/2025-01-01-title-too-long.md': { problems: ['2: title: is longer than 200 characters'] },
  'incidents/2025-01-01-title-huge.md': { problems: ['2: title: is longer than 200 characters'] },
  'incidents/2025-01-01-title-list.md': {
    problems: ['2: title: must be text, or one text per language, e.g. {zh-CN: 注册, en: Registration} (got a list)'],
  },
  'incidents/2025-01-01-impact-number.md': { problems: ['3: impact: must be one of none | minor | major | critical (got 3)'] },
  'incidents/2025-01-01-started-epoch.md': {
    problems: ['6: started: must be a time with an offset, e.g. 2025-01-27T09:30:00+08:00 (got 1735725600)'],
  },
  'incidents/2025-01-01-draft-yes.md': { problems: ['7: draft: must be true or false (got "yes")'] },
  'incidents/2025-01-01-too-many-updates.md': {
    problems: ['809: update: is update 201; at most 200 updates fit in one file, so open a new one'],
  },
  'incidents/2025-01-01-deep-nesting.md': { problems: ['11: update: cannot be rendered: it is nested too deeply; simplify the Markdown'] },
  'incidents/2025-01-01-resolved-in-the-middle.md': {
    problems: ['13: update: is "resolved" but is not the last update; only the final update may resolve the incident'],
  },
  'maintenance/services-as-string.md': { problems: ['5: services: must be a list of service ids (got "api")'] },
  'notices/empty-body.md': { problems: ['5: body: is empty; write the announcement below the front matter'] },
  // File names that cannot be slugs.
  'incidents/2025-01-01-café.md': { problems: [`1: ${FILE_NAME} (for example 2025-01-01-cafe.md)`] },
  'incidents/2025-01-01-UPPER-case.md': { problems: [`1: ${FILE_NAME} (for example 2025-01-01-upper-case.md)`] },
  'incidents/no-date-prefix.md': { problems: [`1: ${FILE_NAME}`] },
};

const files = ['incidents', 'maintenance', 'notices']
  .flatMap((kind) => readdirSync(join(corpus, kind)).map((name) => `${kind}/${name}`))
  .sort();

const tempFolder = tempFolders('corpus');

describe('the corpus', () => {
  it('has at least 30 files, each with an expectation', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(files)('%s', (path) => {
    const dir = tempFolder();
    writeFileSync(join(dir, 'site.yaml'), 'name: Corpus\nurl: https://status.example.com\ntimezone: UTC\n');
    writeFileSync(join(dir, 'services.yaml'), 'services:\n  - id: api\n    name: API\n    group: Platform\n');
    const [kind] = path.split('/') as [string];
    mkdirSync(join(dir, kind));
    cpSync(join(corpus, path), join(dir, path));
    const result = loadContent(dir, dir);
    const expected = EXPECTED[path]!;
    if ('problems' in expected) {
      expect(result.problems.map(formatProblem)).toEqual(expected.problems.map((p) => `${path}:${p}`));
      expect(result.content).toBeUndefined();
    } else {
      expect(result.problems.map(formatProblem)).toEqual([]);
      const c = result.content!;
      const item = kind === 'incidents' ? c.incidents[0] : kind === 'maintenance' ? c.maintenance[0] : c.notices[0];
      expect(item?.title).toBe(expected.title);
      expect(item && ('updates' in item ? item.updates.map((u) => u.html) : item.html)).toEqual(expected.html);
    }
  });
});
