import { describe, expect, it } from 'vitest';
import { count } from './plural.ts';

describe('count', () => {
  it('agrees the noun with the number', () => {
    expect(count(1, 'incident')).toBe('1 incident');
    expect(count(0, 'incident')).toBe('0 incidents');
    expect(count(2, 'maintenance window')).toBe('2 maintenance windows');
  });
  it('writes the number as English does (Intl)', () => {
    expect(count(12_345, 'incident')).toBe(`${new Intl.NumberFormat('en').format(12_345)} incidents`);
  });
});
