import { describe, expect, it } from 'vitest';
import { bannersAt, groupByStatus } from './banners.ts';
import { at, content, incident, maintenance, notice, service } from './test-helpers.ts';
import {
  asOf,
  incidentSpan,
  isServiceVisible,
  maintenancePhase,
  overallHeadline,
  snapshotAt,
  visibleGroups,
  worst,
} from './status.ts';

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
    expect(overallHeadline('operational')).toBe('All Systems Operational');
    expect(overallHeadline('degraded_performance')).toBe('Minor Service Outage');
    expect(overallHeadline('partial_outage')).toBe('Partial System Outage');
    expect(overallHeadline('major_outage')).toBe('Major Service Outage');
    expect(overallHeadline('under_maintenance')).toBe('Service Under Maintenance');
  });
});

describe('service status from overlapping incidents and maintenance', () => {
  const c = content({
    incidents: [
      incident('b', '2025-01-01T11:00Z', { api: 'partial_outage' }, '2025-01-01T13:00Z', ['2025-01-01T11:00Z', '2025-01-01T13:00Z']),
      incident('a', '2025-01-01T10:00Z', { api: 'degraded_performance', web: 'degraded_performance' }, '2025-01-01T12:00Z', ['2025-01-01T10:00Z', '2025-01-01T12:00Z']),
    ],
    maintenance: [maintenance('m', '2025-01-01T11:30Z', '2025-01-01T14:00Z', ['web', 'api'], ['2025-01-01T09:00Z'])],
  });
  const statusAt = (iso: string) => Object.fromEntries(snapshotAt(c, at(iso)).statuses);
  it('is operational before anything starts', () => expect(statusAt('2025-01-01T09:30Z')).toEqual({ api: 'operational', web: 'operational' }));
  it('takes the worst of two open incidents', () => expect(statusAt('2025-01-01T11:15Z')).toEqual({ api: 'partial_outage', web: 'degraded_performance' }));
  it('keeps an incident above maintenance', () => expect(statusAt('2025-01-01T11:45Z')).toEqual({ api: 'partial_outage', web: 'degraded_performance' }));
  it('shows maintenance once incidents end', () => expect(statusAt('2025-01-01T13:30Z')).toEqual({ api: 'under_maintenance', web: 'under_maintenance' }));
  it('gives the overall status and the active lists', () => {
    const s = snapshotAt(c, at('2025-01-01T11:45Z'));
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
    incidents: [incident('a', '2025-01-01T10:00Z', { api: 'major_outage' }, '2025-01-01T12:00Z', ['2025-01-01T10:05Z', '2025-01-01T11:00Z', '2025-01-01T12:00Z'])],
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
    expect(snapshotAt(mid, at('2025-01-01T11:10Z')).statuses.get('api')).toBe('major_outage');
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
    const banners = bannersAt(c, snapshotAt(c, at('2025-01-01T11:00Z')));
    expect(banners).toHaveLength(1);
    expect(banners[0]).toMatchObject({ kind: 'incident', status: 'major_outage', path: 'incidents/x/' });
    expect(groupByStatus(banners[0]!.services)).toEqual([
      { status: 'major_outage', names: ['BILLING'] },
      { status: 'degraded_performance', names: ['API'] },
    ]);
  });
  it('makes no banner when everything is operational', () => {
    expect(bannersAt(c, snapshotAt(c, at('2024-12-31T00:00Z')))).toEqual([]);
  });
});
