import { describe, expect, it } from 'vitest';
import { at, incident, maintenance } from '../../dev/test-helpers.ts';
import { groupByMonth, historyByService, mergeHistory, monthDays, recentDays } from './history.ts';

const london = { timeZone: 'Europe/London', locale: 'en-GB' };

describe('mergeHistory', () => {
  it('merges incidents and maintenance newest first', () => {
    const items = mergeHistory(
      [incident('i2', '2025-01-03T00:00Z', {}), incident('i1', '2025-01-01T00:00Z', {})],
      [maintenance('m', '2025-01-02T00:00Z', '2025-01-02T01:00Z', [])],
    );
    expect(items.map((i) => i.item.slug)).toEqual(['i2', 'm', 'i1']);
  });
});

/** An incident resolved ten minutes after it began. */
function brief(slug: string, started: string) {
  const end = new Date(at(started).getTime() + 10 * 60_000).toISOString();
  return incident(slug, started, {}, end, [started, end]);
}

describe('recentDays', () => {
  it('groups by local calendar day across the spring DST change', () => {
    // 30 March 2025 in London has 23 hours: 00:00 GMT to 23:00 UTC.
    const items = mergeHistory(
      [
        brief('late-31st', '2025-03-31T22:30Z'), // 23:30 BST on the 31st
        brief('early-31st', '2025-03-30T23:30Z'), // 00:30 BST on the 31st
        brief('late-30th', '2025-03-30T22:30Z'), // 23:30 BST on the 30th
        brief('early-30th', '2025-03-30T00:30Z'), // 00:30 GMT on the 30th
        brief('old', '2025-03-20T00:00Z'),
      ],
      [],
    );
    const days = recentDays(items, at('2025-03-31T23:00Z'), 3, london);
    expect(days.map((d) => [d.day, d.items.map((i) => `${i.entry.item.slug} ${i.role}`)])).toEqual([
      ['2025-04-01', []],
      ['2025-03-31', ['late-31st started', 'early-31st started']],
      ['2025-03-30', ['late-30th started', 'early-30th started']],
    ]);
  });
  it('lists an incident on every day it was open: updated on a day with an update, ongoing otherwise', () => {
    // Began 25 Jan 22:00, updated 27 Jan 09:00, resolved 28 Jan 03:00 (London = UTC in winter).
    const long = incident('long', '2025-01-25T22:00Z', { api: 'partial_outage' }, '2025-01-28T03:00Z', [
      '2025-01-25T22:00Z',
      '2025-01-27T09:00Z',
      '2025-01-28T03:00Z',
    ]);
    const open = incident('open', '2025-01-10T08:00Z', { web: 'degraded_performance' });
    const days = recentDays(mergeHistory([long, open], []), at('2025-01-29T12:00Z'), 6, london);
    expect(days.map((d) => [d.day, d.items.map((i) => `${i.entry.item.slug} ${i.role}`)])).toEqual([
      ['2025-01-29', ['open ongoing']],
      ['2025-01-28', ['long updated', 'open ongoing']],
      ['2025-01-27', ['long updated', 'open ongoing']],
      ['2025-01-26', ['long ongoing', 'open ongoing']],
      ['2025-01-25', ['long started', 'open ongoing']],
      ['2025-01-24', ['open ongoing']],
    ]);
  });
  it('has an entry for every day, quiet ones included', () => {
    expect(recentDays([], at('2025-01-10T12:00Z'), 7, london).map((d) => d.items.length)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('groupByMonth and historyByService', () => {
  it('groups by local month', () => {
    const items = mergeHistory([incident('feb', '2025-02-01T00:30Z', {}), incident('jan', '2025-01-31T23:30Z', {})], []);
    expect(groupByMonth(items, { timeZone: 'Asia/Shanghai', locale: 'en-GB' }).map((g) => [g.month, g.items.length])).toEqual([
      ['2025-02', 2],
    ]);
    expect(groupByMonth(items, london).map((g) => g.month)).toEqual(['2025-02', '2025-01']);
  });
  it('indexes each service once per item', () => {
    const map = historyByService(
      [incident('a', '2025-01-02T00:00Z', { api: 'major_outage', web: 'degraded_performance' })],
      [maintenance('m', '2025-01-01T00:00Z', '2025-01-01T01:00Z', ['api'])],
    );
    expect(map.get('api')?.map((i) => i.item.slug)).toEqual(['a', 'm']);
    expect(map.get('web')?.map((i) => i.item.slug)).toEqual(['a']);
  });
});

describe('monthDays: the month pages', () => {
  it('list an item under every day it began, was updated or was open, in the month of each day', () => {
    // London is on UTC in winter. Open from 30 Jan 22:00 to 2 Feb 03:00, updated 1 Feb.
    const long = incident('long', '2025-01-30T22:00Z', { api: 'partial_outage' }, '2025-02-02T03:00Z', [
      '2025-01-30T22:00Z',
      '2025-02-01T09:00Z',
      '2025-02-02T03:00Z',
    ]);
    const small = brief('small', '2025-01-05T10:00Z');
    // Scheduled after now: listed on its first day only.
    const later = maintenance('later', '2025-03-10T01:00Z', '2025-03-11T03:00Z', ['api'], ['2025-02-09T00:00Z']);
    const months = monthDays(mergeHistory([long, small], [later]), at('2025-02-10T12:00Z'), london);
    expect(months.map((m) => [m.month, m.days.map((d) => [d.day, d.items.map((i) => `${i.entry.item.slug} ${i.role}`)])])).toEqual([
      ['2025-03', [['2025-03-10', ['later started']]]],
      [
        '2025-02',
        [
          ['2025-02-02', ['long updated']],
          ['2025-02-01', ['long updated']],
        ],
      ],
      [
        '2025-01',
        [
          ['2025-01-31', ['long ongoing']],
          ['2025-01-30', ['long started']],
          ['2025-01-05', ['small started']],
        ],
      ],
    ]);
  });
  it('keep the archive order within a day and are empty for an empty archive', () => {
    const items = mergeHistory(
      [brief('b', '2025-01-05T12:00Z'), brief('a', '2025-01-05T09:00Z')],
      [maintenance('m', '2025-01-05T10:00Z', '2025-01-05T11:00Z', [])],
    );
    expect(monthDays(items, at('2025-02-01T00:00Z'), london)[0]!.days[0]!.items.map((i) => i.entry.item.slug)).toEqual(['b', 'm', 'a']);
    expect(monthDays([], at('2025-02-01T00:00Z'), london)).toEqual([]);
  });
});
