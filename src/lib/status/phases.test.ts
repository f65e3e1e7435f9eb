import { describe, expect, it } from 'vitest';
import {
  affectedServices,
  buildPhases,
  currentPhase,
  phasesUntil,
  servicePeriods,
  statusesAfterUpdates,
  updateTransitions,
} from './phases.ts';
import { at, incident } from '../../dev/test-helpers.ts';

// Opened 10:00 with api down and web slow; 10:40 api partly back; 11:30 web recovered; resolved 12:00.
const moved = incident(
  'x',
  '2025-01-01T10:00Z',
  { api: 'major_outage', web: 'degraded_performance' },
  '2025-01-01T12:00Z',
  ['2025-01-01T10:05Z', '2025-01-01T10:40Z', '2025-01-01T11:30Z', '2025-01-01T12:00Z'],
  {
    impact: 'critical',
    changes: [
      { update: 1, services: { api: 'partial_outage' }, impact: 'major' },
      { update: 2, services: { web: 'operational' } },
    ],
  },
);

describe('phases', () => {
  it('start with the front matter and change at each update with a services: or impact: line', () => {
    expect(moved.phases.map((p) => [p.from.toISOString().slice(11, 16), p.services, p.impact])).toEqual([
      ['10:00', { api: 'major_outage', web: 'degraded_performance' }, 'critical'],
      ['10:40', { api: 'partial_outage', web: 'degraded_performance' }, 'major'],
      ['11:30', { api: 'partial_outage' }, 'major'],
    ]);
    expect(currentPhase(moved).impact).toBe('major');
    expect(affectedServices(moved.phases)).toEqual(['api', 'web']);
  });
  it('bring a service into an incident that did not name it at first', () => {
    const phases = buildPhases(at('2025-01-01T10:00Z'), {}, 'none', [
      { at: at('2025-01-01T10:30Z'), services: { api: 'degraded_performance' } },
    ]);
    expect(affectedServices(phases)).toEqual(['api']);
    expect(phases[0]!.services).toEqual({});
  });
  it('are cut to those begun by an instant', () => {
    expect(phasesUntil(moved.phases, at('2025-01-01T10:39Z').getTime())).toHaveLength(1);
    expect(phasesUntil(moved.phases, at('2025-01-01T10:40Z').getTime())).toHaveLength(2);
  });
});

describe('servicePeriods', () => {
  it('gives each service its stretches at each status, ending at the resolution', () => {
    const periods = servicePeriods(moved, at('2025-02-01T00:00Z'));
    const show = (id: string) =>
      periods.get(id)!.map((p) => `${p.status} ${p.from.toISOString().slice(11, 16)}–${p.to.toISOString().slice(11, 16)}`);
    expect(show('api')).toEqual(['major_outage 10:00–10:40', 'partial_outage 10:40–12:00']);
    // web stays degraded through the 10:40 phase change: one period, not two.
    expect(show('web')).toEqual(['degraded_performance 10:00–11:30']);
  });
  it('runs an open incident to now', () => {
    const open = incident('o', '2025-01-01T10:00Z', { api: 'partial_outage' });
    expect(
      servicePeriods(open, at('2025-01-01T10:45Z'))
        .get('api')!
        .map((p) => p.to.toISOString()),
    ).toEqual(['2025-01-01T10:45:00.000Z']);
  });
});

describe('what each update announced', () => {
  it('opens, changes, and returns every service to operational on resolve', () => {
    expect(updateTransitions(moved).map((list) => list.map((t) => `${t.id} ${t.from}→${t.to}`))).toEqual([
      ['api operational→major_outage', 'web operational→degraded_performance'],
      ['api major_outage→partial_outage'],
      ['web degraded_performance→operational'],
      ['api partial_outage→operational'],
    ]);
    expect(statusesAfterUpdates(moved)[2]).toEqual({ services: { api: 'partial_outage', web: 'operational' }, impact: 'major' });
  });
});
