import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { at, content, incident, maintenance } from '../../dev/test-helpers.ts';
import { ownHistory, statusData } from './status-data.ts';

// api: a major outage 10:00–11:00 (resolved), then an open partial outage from 12:00;
// web: maintenance 09:00–10:00; a later incident dated after the clock, which the model leaves out.
const loaded = {
  content: content({
    incidents: [
      incident('later', '2026-03-01T15:00:00Z', { api: 'major_outage' }),
      incident('open', '2026-03-01T12:00:00Z', { api: 'partial_outage' }),
      incident('past', '2026-03-01T10:00:00Z', { api: 'major_outage' }, '2026-03-01T11:00:00Z', [
        '2026-03-01T10:00:00Z',
        '2026-03-01T11:00:00Z',
      ]),
    ],
    maintenance: [maintenance('window', '2026-03-01T09:00:00Z', '2026-03-01T10:00:00Z', ['web'])],
  }),
};

describe('statusData', () => {
  const model = statusData(loaded, { STATUSMARK_NOW: '2026-03-01T13:00:00Z' }, at('2030-01-01T00:00:00Z'));

  it('takes its one now from the clock rules (the environment before the real time) and cuts the content to it', () => {
    expect(model.clock).toEqual({ now: at('2026-03-01T13:00:00Z'), source: 'env' });
    expect(model.all.incidents.map((i) => i.slug)).toEqual(['later', 'open', 'past']);
    expect(model.content.incidents.map((i) => i.slug)).toEqual(['open', 'past']);
  });

  it('has the status at that now, the history newest first, and each service part of it', () => {
    expect(model.status.now).toEqual(at('2026-03-01T13:00:00Z'));
    expect(Object.fromEntries(model.status.statuses)).toEqual({ api: 'partial_outage', web: 'operational' });
    expect(model.status.activeIncidents.map((i) => i.slug)).toEqual(['open']);
    expect(model.history.map((h) => h.item.slug)).toEqual(['open', 'past', 'window']);
    expect(ownHistory(model.byService, 'api').map((items) => items.map((i) => i.slug))).toEqual([['open', 'past'], []]);
    expect(ownHistory(model.byService, 'web').map((items) => items.map((i) => i.slug))).toEqual([[], ['window']]);
  });

  it("has each service's intervals up to now, in milliseconds", () => {
    const hour = (h: number) => Date.parse(`2026-03-01T${String(h).padStart(2, '0')}:00:00Z`);
    expect(model.intervals.get('api')).toEqual(
      expect.arrayContaining([
        { from: hour(12), to: hour(13), status: 'partial_outage', slug: 'open' },
        { from: hour(10), to: hour(11), status: 'major_outage', slug: 'past' },
      ]),
    );
    expect(model.intervals.get('api')).toHaveLength(2);
    expect(model.intervals.get('web')).toEqual([{ from: hour(9), to: hour(10), status: 'under_maintenance', slug: 'window' }]);
  });

  it('crosses a thread as it is: dates stay dates and tables stay tables', () => {
    const copy = deserialize(serialize(model)) as typeof model;
    expect(copy).toEqual(model);
    expect(copy.clock.now).toBeInstanceOf(Date);
    expect(copy.byService).toBeInstanceOf(Map);
  });
});
