import { describe, expect, it } from 'vitest';
import { describeHidden, futureDated, hiddenAt } from './hidden.ts';
import { formatProblem } from './problems.ts';
import { at, content, incident, maintenance, notice } from '../../dev/test-helpers.ts';

const zone = { timeZone: 'Asia/Shanghai', locale: 'en-GB' };
// Posted on 27 Jan 2025 (UTC): an incident with updates at 10:00, 11:00 and resolved at 13:00,
// another started at 14:00; maintenance posted at 09:00 (update 12:30) and at 15:00; notices at 11:00 and 16:00.
const c = content({
  incidents: [
    incident('2025-01-27-b', '2025-01-27T14:00Z', { api: 'major_outage' }),
    incident('2025-01-27-a', '2025-01-27T10:00Z', { api: 'degraded_performance' }, '2025-01-27T13:00Z', [
      '2025-01-27T10:00Z',
      '2025-01-27T11:00Z',
      '2025-01-27T13:00Z',
    ]),
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
    expect(
      describeHidden({ incidents: 1, maintenance: 0, notices: 0, updates: 0 }, { now: at('2025-01-27T10:30Z'), source: 'env' }, zone),
    ).toBe('STATUSMARK_NOW=27 Jan 2025, 18:30 GMT+8 hides 1 incident posted later; unset STATUSMARK_NOW for a live page');
  });
  it('says nothing when nothing is hidden or the clock is real', () => {
    expect(
      describeHidden({ incidents: 0, maintenance: 0, notices: 0, updates: 0 }, { now: at('2025-01-27T10:30Z'), source: 'snapshot' }, zone),
    ).toBeUndefined();
    expect(
      describeHidden({ incidents: 1, maintenance: 0, notices: 0, updates: 0 }, { now: at('2025-01-27T10:30Z'), source: 'clock' }, zone),
    ).toBeUndefined();
  });
});

describe('futureDated', () => {
  it("warns once per file at its first update after the clock, with when it shows, in the site's zone", () => {
    // At 12:00 UTC (20:00 in Shanghai): b (14:00) and m2 (15:00) are wholly later; a's 13:00 and m1's 12:30 updates too.
    const clock = "ahead of the build's clock (27 Jan 2025, 20:00 GMT+8)";
    expect(futureDated(c, { now: at('2025-01-27T12:00Z'), source: 'clock' }, zone).map(formatProblem)).toEqual([
      `2025-01-27-b.md:1: warning: update: is at 27 Jan 2025, 22:00 GMT+8, ${clock}: the incident shows from 27 Jan 2025, 22:00 GMT+8`,
      `2025-01-27-a.md:3: warning: update: is at 27 Jan 2025, 21:00 GMT+8, ${clock}: the update shows from 27 Jan 2025, 21:00 GMT+8`,
      `m2.md:1: warning: update: is at 27 Jan 2025, 23:00 GMT+8, ${clock}: the maintenance window shows from 27 Jan 2025, 23:00 GMT+8`,
      // test-helpers puts every maintenance update on line 1.
      `m1.md:1: warning: update: is at 27 Jan 2025, 20:30 GMT+8, ${clock}: the update shows from 27 Jan 2025, 20:30 GMT+8`,
    ]);
  });
  it('counts the later updates of a file, and says nothing once the clock has passed them all', () => {
    const early = futureDated(c, { now: at('2025-01-27T09:30Z'), source: 'env' }, zone).map(formatProblem);
    expect(early[1]).toBe(
      "2025-01-27-a.md:1: warning: update: is at 27 Jan 2025, 18:00 GMT+8, ahead of the build's clock (27 Jan 2025, 17:30 GMT+8): the incident shows from 27 Jan 2025, 18:00 GMT+8 (and 2 later updates)",
    );
    expect(futureDated(c, { now: at('2025-01-27T16:00Z'), source: 'clock' }, zone)).toEqual([]);
    // A snapshot hides later posts on purpose; describeHidden says so in one line.
    expect(futureDated(c, { now: at('2025-01-27T09:30Z'), source: 'snapshot' }, zone)).toEqual([]);
  });
});
