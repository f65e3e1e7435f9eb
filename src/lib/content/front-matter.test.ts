import { describe, expect, it } from 'vitest';
import { splitFrontMatter } from './front-matter.ts';

describe('splitFrontMatter', () => {
  it('keeps the exact head and body, and the lines they start on', () => {
    const text = '---\ntitle: T\nimpact: minor\n---\n\n## Investigating 2025-01-01 10:00Z\nLooking.\n';
    const r = splitFrontMatter(text);
    expect(r.ok && r.split.head).toBe('---\ntitle: T\nimpact: minor\n---\n');
    expect(r.ok && r.split.body).toBe('\n## Investigating 2025-01-01 10:00Z\nLooking.\n');
    // The body's first line is line 5 of the file; the YAML's text begins on line 1 (the opening line's newline).
    expect(r.ok && [r.split.bodyLine, r.split.yamlLine, r.split.yaml.trim()]).toEqual([5, 1, 'title: T\nimpact: minor']);
    expect(r.ok && r.split.head + r.split.body).toBe(text);
  });
  it('keeps CRLF files whole', () => {
    const text = '---\r\ntitle: T\r\n---\r\nBody.\r\n';
    const r = splitFrontMatter(text);
    expect(r.ok && r.split.head + r.split.body).toBe(text);
    expect(r.ok && r.split.bodyLine).toBe(4);
  });
  it('says why there is nothing to split', () => {
    expect(splitFrontMatter('')).toEqual({ ok: false, reason: 'empty' });
    expect(splitFrontMatter('# Title\n')).toEqual({ ok: false, reason: 'missing' });
    expect(splitFrontMatter('---\ntitle: T\n')).toEqual({ ok: false, reason: 'unclosed' });
  });
});
