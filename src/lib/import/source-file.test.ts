import { describe, expect, it } from 'vitest';
import { readSourceFile, strings, text } from './source-file.ts';

describe('readSourceFile', () => {
  it('keeps a time without offset as the text it was, and knows the line of each field', () => {
    const read = readSourceFile('---\ntitle: Outage\ndate: 2018-06-13 14:23:00\nresolved: true\n---\n\nBody\n');
    expect(read.ok && read.file.data).toEqual({ title: 'Outage', date: '2018-06-13 14:23:00', resolved: true });
    expect(read.ok && [read.file.lineOf('date'), read.file.lineOf('resolved'), read.file.lineOf('missing'), read.file.bodyLine]).toEqual([
      3, 4, 1, 6,
    ]);
    expect(read.ok && read.file.body).toBe('\nBody\n');
  });

  it('says why a file cannot be read, with the line', () => {
    expect(readSourceFile('title: x\n')).toEqual({ ok: false, line: 1, reason: 'it has no front matter (no --- line at the top)' });
    expect(readSourceFile('---\ntitle: x\n')).toMatchObject({ ok: false, reason: 'its front matter is not closed by a --- line' });
    expect(readSourceFile('---\ntitle: x\n  bad: [\n---\n')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^its front matter is not YAML/),
    });
    expect(readSourceFile('---\n- a\n---\n')).toMatchObject({ ok: false, reason: 'its front matter is not a mapping of fields' });
  });
});

describe('text and strings', () => {
  it('reads values as text, and one value or a list as a list', () => {
    expect([text(' a '), text(3), text(''), text(true)]).toEqual(['a', '3', undefined, undefined]);
    expect([strings(['a', 2, null]), strings('one'), strings(undefined)]).toEqual([['a', '2'], ['one'], []]);
  });
});
