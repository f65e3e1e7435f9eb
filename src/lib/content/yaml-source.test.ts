import { describe, expect, it } from 'vitest';
import { parseYaml } from './yaml-source.ts';

describe('parseYaml', () => {
  const src = parseYaml('title: T\nservices:\n  api: major_outage\nlist:\n  - a\n  - b\n', 'f.md', 2);
  it('names the file line of a field, a nested field and a list item', () => {
    expect(src.lineOf(['title'])).toBe(2);
    expect(src.lineOf(['services', 'api'])).toBe(4);
    expect(src.lineOf(['services', 'api'], true)).toBe(4);
    expect(src.lineOf(['list', 1])).toBe(7);
  });
  it('falls back to the nearest parent for a missing field', () => {
    expect(src.lineOf(['services', 'web'])).toBe(3);
  });
  it('keeps dates and times as text', () => {
    expect(parseYaml('d: 2025-01-27\nt: 2025-01-27T01:12:00+08:00\n', 'f', 1).data).toEqual({
      d: '2025-01-27',
      t: '2025-01-27T01:12:00+08:00',
    });
  });
  it('reports syntax errors with their line', () => {
    expect(parseYaml('a: 1\nb: [\n', 'f.yaml', 1).problems[0]).toMatchObject({ file: 'f.yaml', line: 3, field: 'yaml' });
  });
  it('says what to type for the common mistakes', () => {
    const problems = (text: string) => parseYaml(text, 'f.md', 2).problems.map((p) => `${p.line}: ${p.field}: ${p.message}`);
    expect(problems('\ntitle: Mobile app: sign-in loops\nimpact: minor\n')).toEqual([
      '3: title: the value contains ": "; put the value in quotes: title: "Mobile app: sign-in loops"',
    ]);
    expect(problems('\ntitle: Say "hi": now\n')).toEqual([
      '3: title: the value contains ": "; put the value in quotes: title: "Say \\"hi\\": now"',
    ]);
    expect(problems('\nservices:\n\tapi: major_outage\n')).toEqual([
      '4: api: is indented with a tab; YAML needs spaces: replace each tab at the start of the line with two spaces',
    ]);
    expect(problems('\ntitle: "Mobile app\nimpact: minor\n')).toEqual([
      '3: title: the quote is not closed; end the value with " on the same line: title: "Mobile app"',
    ]);
    expect(problems('\ntitle: x\nimpact: minor\ntitle: y\n')).toEqual([
      '5: title: appears twice (also on line 3); keep one title: line and delete the other',
    ]);
  });
});
