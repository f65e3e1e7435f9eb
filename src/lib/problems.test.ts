import { describe, expect, it } from 'vitest';
import { formatProblem, formatReport } from './problems.ts';

describe('problems', () => {
  it('prints path:line: field: message', () => {
    expect(formatProblem({ file: 'content/incidents/a.md', line: 3, field: 'impact', message: 'bad' })).toBe(
      'content/incidents/a.md:3: impact: bad',
    );
  });
  it('sorts by file then line and counts', () => {
    const report = formatReport([
      { file: 'b.md', line: 1, field: 'x', message: 'm' },
      { file: 'a.md', line: 9, field: 'y', message: 'm' },
      { file: 'a.md', line: 2, field: 'z', message: 'm' },
    ]);
    expect(report.split('\n')).toEqual(['a.md:2: z: m', 'a.md:9: y: m', 'b.md:1: x: m', '3 problems in 2 files']);
  });
});
