import { describe, expect, it } from 'vitest';
import { resolveNow } from './clock.ts';

const real = new Date('2026-11-22T10:00:00Z');
const snapshot = new Date('2025-01-27T12:00:00Z');

describe('resolveNow', () => {
  it('prefers STATUSMARK_NOW', () => {
    expect(resolveNow({ STATUSMARK_NOW: '2025-01-28T00:00:00+08:00' }, { snapshot }, real)).toEqual({
      now: new Date('2025-01-27T16:00:00Z'),
      source: 'env',
    });
  });
  it('then the snapshot, then the real clock', () => {
    expect(resolveNow({}, { snapshot }, real)).toEqual({ now: snapshot, source: 'snapshot' });
    expect(resolveNow({ STATUSMARK_NOW: '' }, {}, real)).toEqual({ now: real, source: 'clock' });
  });
  it('refuses a STATUSMARK_NOW without an offset', () => {
    expect(() => resolveNow({ STATUSMARK_NOW: '2025-01-28 00:00' }, {}, real)).toThrow(/STATUSMARK_NOW: .*no time zone offset/);
  });
});
