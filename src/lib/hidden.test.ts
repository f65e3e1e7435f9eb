import { describe, expect, it } from 'vitest';
import { describeHidden, hiddenAt } from './hidden.ts';
import { at, content, incident, maintenance, notice } from './test-helpers.ts';

const zone = { timeZone: 'Asia/Shanghai', locale: 'en-GB' };
// Posted on 27 Jan 2025 (UTC): an incident with updates at 10:00, 11:00 and resolved at 13:00,
// another started at 14:00; maintenance posted at 09:00 (update 12:30) and at 15:00; notices at 11:00 and 16:00.
const c = content({
  incidents: [
    incident('2025-01-27-b', '2025-01-27T14:00Z', { api: 'major_outage' }),
    incident('2025-01-27-a', '2025-01-27T10:00Z', { api: 'degraded_performance' }, '2025-01-27T13:00Z', ['2025-01-27T10:00Z', '2025-01-27T11:00Z', '2025-01-27T13:00Z']),
  ],
  maintenance: [
    maintenance('m2', '2025-01-28T01:00Z', '2025-01-28T02:00Z', ['api'], ['2025-01-27T15:00Z']),
    maintenance('m1', '2025-01-28T01:00Z', '2025-01-28T02:00Z', ['api'], ['2025-01-27T09:00Z', '2025-01-27T12:30Z']),
  ],
  notices: [notice('n2', '2025-01-27T16:00Z'), notice('n1', '2025-01-27T11:00Z')],
});

describe('hiddenAt', () => {
  it('counts what was posted after now: whole items, and later updates of shown ones', () => {
    // At 12:00: incident b, maintenance m2 and notice n2 are later; a's 13:00 resolution and m1's 12:30 update too.
    expect(hiddenAt(c, at('2025-01-27T12:00Z'))).toEqual({ incidents: 1, maintenance: 1, notices: 1, updates: 2 });
    expect(hiddenAt(c, at('2025-01-27T16:00Z'))).toEqual({ incidents: 0, maintenance: 0, notices: 0, updates: 0 });
    expect(hiddenAt(c, at('2025-01-27T08:00Z'))).toEqual({ incidents: 2, maintenance: 2, notices: 2, updates: 0 });
  });
});

describe('describeHidden', () => {
  it('names the snapshot, what it hides and how to unpin it', () => {
    const hidden = { incidents: 3, maintenance: 0, notices: 1, updates: 2 };
    expect(describeHidden(hidden, { now: at('2025-01-27T10:30Z'), source: 'snapshot' }, zone, 'content/site.yaml')).toBe(
      'snapshot: 27 Jan 2025, 18:30 GMT+8 in content/site.yaml hides 3 incidents, 1 notice and 2 updates posted later; delete `snapshot:` in content/site.yaml for a live page',
    );
    expect(describeHidden({ incidents: 1, maintenance: 0, notices: 0, updates: 0 }, { now: at('2025-01-27T10:30Z'), source: 'env' }, zone)).toBe(
      'STATUSMARK_NOW=27 Jan 2025, 18:30 GMT+8 hides 1 incident posted later; unset STATUSMARK_NOW for a live page',
    );
  });
  it('says nothing when nothing is hidden or the clock is real', () => {
    expect(describeHidden({ incidents: 0, maintenance: 0, notices: 0, updates: 0 }, { now: at('2025-01-27T10:30Z'), source: 'snapshot' }, zone)).toBeUndefined();
    expect(describeHidden({ incidents: 1, maintenance: 0, notices: 0, updates: 0 }, { now: at('2025-01-27T10:30Z'), source: 'clock' }, zone)).toBeUndefined();
  });
});
