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
    expect(parseYaml('d: 2025-01-27\nt: 2025-01-27T01:12:00+08:00\n', 'f', 1).data).toEqual({ d: '2025-01-27', t: '2025-01-27T01:12:00+08:00' });
  });
  it('reports syntax errors with their line', () => {
    expect(parseYaml('a: 1\nb: [\n', 'f.yaml', 1).problems[0]).toMatchObject({ file: 'f.yaml', line: 3, field: 'yaml' });
  });
});
