import { describe, expect, it } from 'vitest';
import { errorsIn, formatProblem, formatReport, strict } from './problems.ts';

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
  it('sorts problems on one line by field', () => {
    const report = formatReport([
      { file: 'a.md', line: 5, field: 'started', message: 'm' },
      { file: 'a.md', line: 5, field: 'services.x', message: 'm' },
    ]);
    expect(report.split('\n')).toEqual(['a.md:5: services.x: m', 'a.md:5: started: m', '2 problems in 1 file']);
  });
  it('marks warnings, counts them apart, and makes them errors when strict', () => {
    const warning = { file: 'b.md', line: 9, field: 'update', message: 'later', warning: true };
    const error = { file: 'a.md', line: 2, field: 'impact', message: 'bad' };
    expect(formatReport([warning]).split('\n')).toEqual(['b.md:9: warning: update: later', '1 warning in 1 file']);
    expect(formatReport([warning, error]).split('\n')).toEqual([
      'a.md:2: impact: bad',
      'b.md:9: warning: update: later',
      '1 problem and 1 warning in 2 files',
    ]);
    expect(errorsIn([warning, error])).toEqual([error]);
    expect(errorsIn(strict([warning]))).toEqual([{ file: 'b.md', line: 9, field: 'update', message: 'later' }]);
  });
});
