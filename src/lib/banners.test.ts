import { describe, expect, it } from 'vitest';
import { bannersAt, groupByStatus } from './banners.ts';
import { snapshotAt } from './status.ts';
import { at, content, incident, maintenance } from './test-helpers.ts';

describe('bannersAt', () => {
  const c = content({
    incidents: [incident('x', '2025-01-01T00:00Z', { web: 'degraded_performance', api: 'partial_outage' }), incident('quiet', '2025-01-01T00:00Z', {})],
    maintenance: [maintenance('m', '2025-01-01T00:30Z', '2025-01-01T02:00Z', ['api'])],
  });
  it('makes a banner per incident with services and per maintenance in progress, none for an incident without services', () => {
    const banners = bannersAt(c, snapshotAt(c, at('2025-01-01T01:00Z')));
    expect(banners.map((b) => [b.kind, b.status, b.title, b.path, b.services.map((s) => s.id)])).toEqual([
      ['incident', 'partial_outage', 'x', 'incidents/x/', ['api', 'web']],
      ['maintenance', 'under_maintenance', 'm', 'maintenance/m/', ['api']],
    ]);
    expect(groupByStatus(banners[0]!.services).map((g) => g.status)).toEqual(['partial_outage', 'degraded_performance']);
  });
});
