import { describe, expect, it } from 'vitest';
import { apiStatus, stableId, StatusApi } from './api.ts';
import { statusAt } from '../status/status.ts';
import { at, content, incident, maintenance, service } from '../../dev/test-helpers.ts';

describe('stableId', () => {
  it('is 12 lowercase letters and digits, stable, and different per key', () => {
    expect(stableId('incident', 'a')).toMatch(/^[a-z0-9]{12}$/);
    expect(stableId('incident', 'a')).toBe(stableId('incident', 'a'));
    expect(stableId('incident', 'a')).not.toBe(stableId('incident', 'b'));
    expect(stableId('incident', 'a')).not.toBe(stableId('maintenance', 'a'));
  });
});

describe('apiStatus', () => {
  const c = (services: Parameters<typeof incident>[2], impact: 'none' | 'minor' | 'major' | 'critical' = 'minor') =>
    content({ incidents: [incident('x', '2025-01-01T00:00Z', services, undefined, undefined, { impact })] });
  const now = at('2025-01-01T01:00Z');
  it('maps the worst component to an indicator', () => {
    expect(apiStatus(statusAt(c({ api: 'degraded_performance' }), now))).toEqual({
      indicator: 'minor',
      description: 'Minor Service Outage',
    });
    expect(apiStatus(statusAt(c({ api: 'partial_outage' }), now))).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    expect(apiStatus(statusAt(c({ api: 'major_outage' }), now))).toEqual({ indicator: 'critical', description: 'Major Service Outage' });
  });
  it('takes an open incident impact when it is worse', () => {
    expect(apiStatus(statusAt(c({ api: 'degraded_performance' }, 'critical'), now)).indicator).toBe('critical');
  });
  it('says maintenance while a window is in progress and nothing is broken, as Statuspage does', () => {
    const m = content({ maintenance: [maintenance('m', '2025-01-01T00:00Z', '2025-01-01T02:00Z', ['api'])] });
    expect(apiStatus(statusAt(m, now))).toEqual({ indicator: 'maintenance', description: 'Service Under Maintenance' });
    expect(apiStatus(statusAt(content({}), now))).toEqual({ indicator: 'none', description: 'All Systems Operational' });
  });
});

describe('StatusApi', () => {
  const c = content({
    // services.yaml's `start: 2024-12-01` in Asia/Shanghai is 2024-11-30T16:00Z: the API still says 2024-12-01.
    site: {
      name: 'T',
      url: 'https://t.example',
      base: '/',
      description: '',
      timeZone: 'Asia/Shanghai',
      locale: 'en-GB',
      languages: ['en-GB'],
      links: {},
      historyDays: 7,
    },
    services: [service('api', { start: at('2024-11-30T16:00Z') }), service('web')],
    incidents: [
      incident('x', '2025-01-01T00:00Z', { api: 'major_outage' }, '2025-01-01T02:00Z', ['2025-01-01T00:05Z', '2025-01-01T02:00Z']),
    ],
    maintenance: [maintenance('m', '2025-01-03T00:00Z', '2025-01-03T01:00Z', ['web'], ['2025-01-02T00:00Z'])],
  });
  const api = new StatusApi(c, statusAt(c, at('2025-01-02T12:00Z')));
  it('lists groups as components with their members', () => {
    const group = api.components.find((x) => x.group)!;
    expect(group.components).toEqual([stableId('component', 'api'), stableId('component', 'web')]);
    expect(api.components.filter((x) => !x.group).map((x) => [x.name, x.group_id, x.start_date])).toEqual([
      ['API', group.id, '2024-12-01'],
      ['WEB', group.id, null],
    ]);
  });
  it('shapes incidents with updates newest first and the components they changed', () => {
    const doc = api.incident(c.incidents[0]!);
    expect(doc).toMatchObject({
      name: 'x',
      status: 'resolved',
      impact: 'minor',
      resolved_at: '2025-01-01T02:00:00.000Z',
      started_at: '2025-01-01T00:00:00.000Z',
    });
    expect(doc.incident_updates.map((u) => u.status)).toEqual(['resolved', 'investigating']);
    expect(doc.incident_updates[1]!.affected_components).toEqual([
      { code: stableId('component', 'api'), name: 'API', old_status: 'operational', new_status: 'major_outage' },
    ]);
    expect(doc.incident_updates[0]!.affected_components![0]!.new_status).toBe('operational');
  });
  it('gives each update the status changes it made, old → new', () => {
    const moved = incident(
      'y',
      '2025-01-01T00:00Z',
      { api: 'major_outage', web: 'degraded_performance' },
      '2025-01-01T03:00Z',
      ['2025-01-01T00:05Z', '2025-01-01T01:00Z', '2025-01-01T02:00Z', '2025-01-01T03:00Z'],
      {
        changes: [
          { update: 1, services: { api: 'partial_outage' } },
          { update: 2, services: { web: 'operational' } },
        ],
      },
    );
    const doc = api.incident(moved);
    const changes = doc.incident_updates.map((u) => u.affected_components?.map((a) => `${a.name} ${a.old_status}→${a.new_status}`) ?? null);
    // Newest first: resolved, web recovered, api partial, opened.
    expect(changes).toEqual([
      ['API partial_outage→operational'],
      ['WEB degraded_performance→operational'],
      ['API major_outage→partial_outage'],
      ['API operational→major_outage', 'WEB operational→degraded_performance'],
    ]);
  });
  it('sets postmortem_body only together with postmortem_published_at', () => {
    const plain = api.incident(c.incidents[0]!);
    expect([plain.postmortem_body, plain.postmortem_published_at]).toEqual([null, null]);
    const withReport = api.incident({ ...c.incidents[0]!, postmortem: '/reports/x/' });
    expect(withReport.postmortem_body).toBe('The postmortem is published at https://t.example/reports/x/');
    expect(withReport.postmortem_published_at).toBe('2025-01-01T02:00:00.000Z');
  });
  it('shapes maintenance with its window and status', () => {
    expect(api.upcoming().scheduled_maintenances.map((m) => [m.status, m.impact, m.scheduled_for])).toEqual([
      ['scheduled', 'maintenance', '2025-01-03T00:00:00.000Z'],
    ]);
    expect(api.active().scheduled_maintenances).toEqual([]);
  });
});
