import { describe, expect, it } from 'vitest';
import { at, content, incident, maintenance, notice, service } from '../../dev/test-helpers.ts';
import {
  asOf,
  impactOf,
  groupByStatus,
  incidentSpan,
  isServiceVisible,
  maintenancePhase,
  maintenanceState,
  statusAt,
  visibleGroups,
  worst,
} from './status.ts';
import { en } from '../languages/catalogs/en.ts';

describe('precedence', () => {
  it('the worst status wins', () => {
    expect(worst([])).toBe('operational');
    expect(worst(['degraded_performance', 'major_outage', 'partial_outage'])).toBe('major_outage');
  });
  it('maintenance never hides an outage or a degradation', () => {
    expect(worst(['under_maintenance', 'degraded_performance'])).toBe('degraded_performance');
    expect(worst(['major_outage', 'under_maintenance'])).toBe('major_outage');
    expect(worst(['operational', 'under_maintenance'])).toBe('under_maintenance');
  });
  it('words the overall status the established way', () => {
    expect(en.headline).toEqual({
      none: 'All Systems Operational',
      minor: 'Minor Service Outage',
      major: 'Partial System Outage',
      critical: 'Major Service Outage',
      maintenance: 'Service Under Maintenance',
    });
  });
});

describe('service status from overlapping incidents and maintenance', () => {
  const c = content({
    incidents: [
      incident('b', '2025-01-01T11:00Z', { api: 'partial_outage' }, '2025-01-01T13:00Z', ['2025-01-01T11:00Z', '2025-01-01T13:00Z']),
      incident('a', '2025-01-01T10:00Z', { api: 'degraded_performance', web: 'degraded_performance' }, '2025-01-01T12:00Z', [
        '2025-01-01T10:00Z',
        '2025-01-01T12:00Z',
      ]),
    ],
    maintenance: [maintenance('m', '2025-01-01T11:30Z', '2025-01-01T14:00Z', ['web', 'api'], ['2025-01-01T09:00Z'])],
  });
  const statusesAt = (iso: string) => Object.fromEntries(statusAt(c, at(iso)).statuses);
  it('is operational before anything starts', () =>
    expect(statusesAt('2025-01-01T09:30Z')).toEqual({ api: 'operational', web: 'operational' }));
  it('takes the worst of two open incidents', () =>
    expect(statusesAt('2025-01-01T11:15Z')).toEqual({ api: 'partial_outage', web: 'degraded_performance' }));
  it('keeps an incident above maintenance', () =>
    expect(statusesAt('2025-01-01T11:45Z')).toEqual({ api: 'partial_outage', web: 'degraded_performance' }));
  it('shows maintenance once incidents end', () =>
    expect(statusesAt('2025-01-01T13:30Z')).toEqual({ api: 'under_maintenance', web: 'under_maintenance' }));
  it('gives the overall status and the active lists', () => {
    const s = statusAt(c, at('2025-01-01T11:45Z'));
    expect(s.overall).toBe('partial_outage');
    expect(s.activeIncidents.map((i) => i.slug)).toEqual(['b', 'a']);
    expect(s.activeMaintenance.map((m) => m.slug)).toEqual(['m']);
  });
});

describe('maintenance phases', () => {
  const m = maintenance('m', '2025-01-02T02:00Z', '2025-01-02T05:00Z', ['api'], ['2025-01-01T10:00Z']);
  it('is upcoming, then in progress, then completed at the end of the window', () => {
    expect(maintenancePhase(m, at('2025-01-01T12:00Z'))).toBe('upcoming');
    expect(maintenancePhase(m, at('2025-01-02T02:00Z'))).toBe('in_progress');
    expect(maintenancePhase(m, at('2025-01-02T05:00Z'))).toBe('completed');
  });
  it('completes early on a completed update', () => {
    const done = { ...m, updates: [...m.updates, { ...m.updates[0]!, state: 'completed' as const, at: at('2025-01-02T03:00Z') }] };
    expect(maintenancePhase(done, at('2025-01-02T03:30Z'))).toBe('completed');
    expect(maintenancePhase(done, at('2025-01-02T02:30Z'))).toBe('in_progress');
  });
});

describe('asOf: the content as it stood at an instant', () => {
  const c = content({
    incidents: [
      incident('a', '2025-01-01T10:00Z', { api: 'major_outage' }, '2025-01-01T12:00Z', [
        '2025-01-01T10:05Z',
        '2025-01-01T11:00Z',
        '2025-01-01T12:00Z',
      ]),
    ],
    maintenance: [maintenance('m', '2025-01-03T02:00Z', '2025-01-03T03:00Z', ['api'], ['2025-01-02T00:00Z'])],
    notices: [notice('n', '2025-01-01T11:30Z')],
  });
  it('hides what was not posted yet', () => {
    const early = asOf(c, at('2025-01-01T10:01Z'));
    expect(early.incidents).toEqual([]);
    expect(early.maintenance).toEqual([]);
    expect(early.notices).toEqual([]);
  });
  it('cuts later updates and keeps a later-resolved incident open', () => {
    const mid = asOf(c, at('2025-01-01T11:10Z'));
    expect(mid.incidents[0]!.updates.map((u) => u.id)).toEqual(['u0', 'u1']);
    expect(mid.incidents[0]!.resolved).toBeUndefined();
    expect(statusAt(mid, at('2025-01-01T11:10Z')).statuses.get('api')).toBe('major_outage');
  });
  it('leaves everything once it is all in the past', () => {
    expect(asOf(c, at('2025-02-01T00:00Z'))).toEqual(c);
  });
});

describe('durations', () => {
  it('says how long an incident lasted, or has lasted so far', () => {
    const done = incident('a', '2025-01-01T10:00Z', {}, '2025-01-01T12:14Z', ['2025-01-01T10:00Z', '2025-01-01T12:14Z']);
    expect(incidentSpan(done, at('2025-02-01T00:00Z'))).toEqual({ ms: 134 * 60_000, ongoing: false });
    const open = incident('b', '2025-01-01T10:00Z', {});
    expect(incidentSpan(open, at('2025-01-01T13:00Z'))).toEqual({ ms: 3 * 3_600_000, ongoing: true });
  });
});

describe('visibility and banners', () => {
  const hidden = service('billing', { hiddenUntilAffected: true });
  const c = content({
    services: [service('api'), hidden],
    incidents: [incident('x', '2025-01-01T10:00Z', { api: 'degraded_performance', billing: 'major_outage' })],
  });
  it('shows a hidden-until-affected service only while it is affected', () => {
    expect(isServiceVisible(hidden, new Map([['billing', 'operational']]))).toBe(false);
    expect(isServiceVisible(hidden, new Map([['billing', 'major_outage']]))).toBe(true);
    expect(visibleGroups(c.groups, new Map()).flatMap((g) => g.services.map((s) => s.id))).toEqual(['api']);
  });
  it('makes one banner per active incident, services grouped worst first', () => {
    const banners = statusAt(c, at('2025-01-01T11:00Z')).banners;
    expect(banners).toHaveLength(1);
    expect(banners[0]).toMatchObject({ kind: 'incident', tone: 'major_outage', path: 'incidents/x/' });
    expect(groupByStatus(banners[0]!.services)).toEqual([
      { status: 'major_outage', names: ['BILLING'] },
      { status: 'degraded_performance', names: ['API'] },
    ]);
  });
  it('makes no banner when everything is operational', () => {
    expect(statusAt(c, at('2024-12-31T00:00Z')).banners).toEqual([]);
  });
});

describe('the one status model: indicator, headline colour and banners agree', () => {
  const now = at('2025-01-01T01:00Z');
  const open = (services: Parameters<typeof incident>[2], impact: 'none' | 'minor' | 'major' | 'critical') =>
    content({ incidents: [incident('x', '2025-01-01T00:00Z', services, undefined, undefined, { impact })] });
  // Hand-worked table: impact × service statuses → indicator, colour, banner colour.
  const cases: [string, ReturnType<typeof content>, string, string, string[]][] = [
    ['no services, impact none', open({}, 'none'), 'none', 'operational', ['incident operational']],
    ['no services, impact minor', open({}, 'minor'), 'minor', 'degraded_performance', ['incident degraded_performance']],
    ['no services, impact major', open({}, 'major'), 'major', 'partial_outage', ['incident partial_outage']],
    ['no services, impact critical', open({}, 'critical'), 'critical', 'major_outage', ['incident major_outage']],
    [
      'partial outage, impact critical',
      open({ api: 'partial_outage' }, 'critical'),
      'critical',
      'major_outage',
      ['incident partial_outage'],
    ],
    ['major outage, impact minor', open({ api: 'major_outage' }, 'minor'), 'critical', 'major_outage', ['incident major_outage']],
    [
      'maintenance over an outage',
      content({
        incidents: open({ api: 'degraded_performance' }, 'minor').incidents,
        maintenance: [maintenance('m', '2025-01-01T00:30Z', '2025-01-01T02:00Z', ['api', 'web'])],
      }),
      'minor',
      'degraded_performance',
      ['incident degraded_performance', 'maintenance under_maintenance'],
    ],
    [
      'a maintenance naming no service',
      content({ maintenance: [maintenance('m', '2025-01-01T00:30Z', '2025-01-01T02:00Z', [])] }),
      'maintenance',
      'under_maintenance',
      ['maintenance under_maintenance'],
    ],
  ];
  it.each(cases)('%s', (_name, c, indicator, tone, banners) => {
    const s = statusAt(c, now);
    expect([s.indicator, s.tone, s.banners.map((b) => `${b.kind} ${b.tone}`)]).toEqual([indicator, tone, banners]);
  });
  it('follows an update that moves a service from major to partial outage', () => {
    const moved = content({
      incidents: [
        incident('x', '2025-01-01T00:00Z', { api: 'major_outage' }, undefined, ['2025-01-01T00:00Z', '2025-01-01T00:40Z'], {
          impact: 'critical',
          changes: [{ update: 1, services: { api: 'partial_outage' }, impact: 'major' }],
        }),
      ],
    });
    expect([
      statusAt(asOf(moved, at('2025-01-01T00:30Z')), at('2025-01-01T00:30Z')).statuses.get('api'),
      statusAt(asOf(moved, at('2025-01-01T00:30Z')), at('2025-01-01T00:30Z')).indicator,
    ]).toEqual(['major_outage', 'critical']);
    expect([statusAt(moved, now).statuses.get('api'), statusAt(moved, now).indicator]).toEqual(['partial_outage', 'major']);
  });
  it('names a maintenance state from its window and its last update', () => {
    const m = maintenance('m', '2025-01-01T00:30Z', '2025-01-01T02:00Z', ['api'], ['2025-01-01T00:00Z']);
    expect([maintenanceState(m, at('2025-01-01T00:10Z')), maintenanceState(m, now), maintenanceState(m, at('2025-01-01T03:00Z'))]).toEqual([
      'scheduled',
      'in_progress',
      'completed',
    ]);
  });
});

describe('impactOf', () => {
  it('is the worst status: degraded → minor, partial → major, major → critical; nothing → none', () => {
    expect(impactOf([])).toBe('none');
    expect(impactOf(['operational'])).toBe('none');
    expect(impactOf(['degraded_performance'])).toBe('minor');
    expect(impactOf(['degraded_performance', 'partial_outage'])).toBe('major');
    expect(impactOf(['partial_outage', 'major_outage', 'degraded_performance'])).toBe('critical');
  });
});
