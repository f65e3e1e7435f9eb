import { describe, expect, it } from 'vitest';
import { importStatuspage, StatuspageError } from './statuspage.ts';

const page = { id: 'p', name: 'Acme', url: 'https://status.acme.example', time_zone: 'Etc/UTC' };
const components = JSON.stringify({
  page,
  components: [
    { id: 'g1', name: 'Core', group: true, group_id: null, position: 1 },
    { id: 'c1', name: 'API', group: false, group_id: 'g1', position: 2 },
    { id: 'c2', name: 'Web', group: false, group_id: null, position: 3, only_show_if_degraded: true },
  ],
});
const update = (status: string, at: string, affected: [string, string][] = []) => ({
  status,
  body: `${status} body`,
  created_at: at,
  display_at: at,
  affected_components: affected.map(([code, s]) => ({ code, new_status: s })),
});

describe('importStatuspage', () => {
  it('maps components to services in their groups', () => {
    const plan = importStatuspage(new Map([['components.json', components]]), {});
    expect(plan.services.map(({ source: _source, ...s }) => s)).toEqual([
      { id: 'api', name: 'API', group: 'Core' },
      { id: 'web', name: 'Web', group: 'Services', hiddenUntilAffected: true },
    ]);
    expect(plan.site).toEqual({ name: 'Acme Status', url: 'https://status.acme.example', timezone: 'Etc/UTC' });
  });

  it('starts services at their first status and writes only real changes on later updates', () => {
    const incidents = JSON.stringify({
      page,
      incidents: [
        {
          id: 'i1',
          name: 'Errors',
          status: 'resolved',
          impact: 'major',
          created_at: '2025-01-01T10:00:00Z',
          resolved_at: '2025-01-01T12:00:00Z',
          shortlink: 'https://stspg.io/x',
          incident_updates: [
            update('resolved', '2025-01-01T12:00:00Z', [['c1', 'operational']]),
            update('identified', '2025-01-01T11:00:00Z', [
              ['c1', 'partial_outage'],
              ['c2', 'major_outage'],
            ]),
            update('investigating', '2025-01-01T10:00:00Z', [['c1', 'partial_outage']]),
          ],
        },
      ],
    });
    const item = importStatuspage(
      new Map([
        ['components.json', components],
        ['incidents.json', incidents],
        ['summary.json', JSON.stringify({ page, incidents: JSON.parse(incidents).incidents })],
      ]),
      {},
    ).items;
    expect(item).toHaveLength(1);
    const i = item[0]!;
    expect(i.kind === 'incident' && [i.services, i.updates.map((u) => [u.state, u.services ?? []])]).toEqual([
      { api: 'partial_outage', web: 'major_outage' },
      [
        ['investigating', []],
        ['identified', []],
        ['resolved', [['api', 'operational']]],
      ],
    ]);
    expect(i.kind === 'incident' && i.updates[0]!.message).toBe('investigating body\n\nOriginally posted at <https://stspg.io/x>.');
  });

  it('folds a postmortem into the resolved update and links the original page', () => {
    const incidents = JSON.stringify({
      page,
      incidents: [
        {
          id: 'i2',
          name: 'Outage',
          status: 'postmortem',
          impact: 'critical',
          created_at: '2025-01-02T10:00:00Z',
          resolved_at: '2025-01-02T11:00:00Z',
          shortlink: 'https://stspg.io/y',
          postmortem_body: 'What happened.',
          incident_updates: [update('postmortem', '2025-01-05T10:00:00Z'), update('resolved', '2025-01-02T11:00:00Z')],
        },
      ],
    });
    const i = importStatuspage(new Map([['incidents.json', incidents]]), {}).items[0]!;
    expect(i.kind === 'incident' && [i.postmortem, i.updates.map((u) => u.message)]).toEqual([
      'https://stspg.io/y',
      ['resolved body\n\n### Postmortem\n\npostmortem body\n\nWhat happened.\n\nOriginally posted at <https://stspg.io/y>.'],
    ]);
  });

  it('refuses a document that is not JSON, naming it', () => {
    expect(() => importStatuspage(new Map([['incidents.json', '<html>']]), {})).toThrow(StatuspageError);
    expect(() => importStatuspage(new Map([['incidents.json', '<html>']]), {})).toThrow(/^incidents.json:1: file: is not JSON/);
  });
});

describe('importStatuspage without a list of components', () => {
  it('makes services from the components the incidents name, with their group when a group component is named, and reports what is missing', () => {
    const incidents = JSON.stringify(
      {
        page,
        incidents: [
          {
            id: 'i1',
            name: 'Errors',
            status: 'investigating',
            impact: 'minor',
            created_at: '2025-01-01T10:00:00Z',
            components: [
              { id: 'g1', name: 'Core', group: true },
              { id: 'c1', name: ' API ', group_id: 'g1' },
            ],
            incident_updates: [
              {
                ...update('investigating', '2025-01-01T10:00:00Z', [['c2', 'major_outage']]),
                affected_components: [{ code: 'c2', name: 'Web', new_status: 'major_outage' }],
              },
            ],
          },
        ],
      },
      null,
      2,
    );
    const plan = importStatuspage(new Map([['incidents.json', incidents]]), {
      missing: new Map([['components.json', 'saved/components.json: no such file']]),
    });
    // By hand: c1 is in the group the g1 component names; c2 appears only in an update, so it has no group.
    expect(plan.services.map(({ note: _, source: _source, ...s }) => s)).toEqual([
      { id: 'api', name: 'API', group: 'Core' },
      { id: 'web', name: 'Web', group: 'Services' },
    ]);
    const lines = incidents.split('\n');
    expect(plan.services.map((s) => s.note?.source)).toEqual([
      { file: 'incidents.json', line: lines.findIndex((l) => l.includes('"c1"')) + 1 },
      { file: 'incidents.json', line: lines.findIndex((l) => l.includes('"c2"')) + 1 },
    ]);
    expect(plan.notes).toEqual([
      {
        source: { file: 'components.json', line: 1 },
        reason:
          'could not be found or fetched: saved/components.json: no such file; services were built from the 3 components the incidents and maintenance name',
      },
    ]);
    const [item] = plan.items;
    // c1 is listed as affected without a status in any update: degraded, as with components.json.
    expect(item && 'services' in item ? item.services : undefined).toEqual({ web: 'major_outage', api: 'degraded_performance' });
  });
});
