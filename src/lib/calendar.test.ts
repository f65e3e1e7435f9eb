import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { maintenanceCalendar } from './calendar.ts';
import { at, content, maintenance } from './test-helpers.ts';

describe('maintenanceCalendar', () => {
  const c = content({
    maintenance: [
      maintenance('soon', '2025-03-01T02:00Z', '2025-03-01T03:00Z', ['api'], ['2025-02-20T00:00Z']),
      maintenance('long-ago', '2024-01-01T02:00Z', '2024-01-01T03:00Z', ['api'], ['2023-12-20T00:00Z']),
    ],
  });
  it('lists upcoming and recent windows with stable UIDs, and leaves out old ones', () => {
    const cal = new ICAL.Component(ICAL.parse(maintenanceCalendar(c, at('2025-02-25T00:00Z'))));
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => [e.uid, e.summary, e.startDate.toJSDate().toISOString()])).toEqual([['maintenance-soon@t.example', 'Maintenance: soon', '2025-03-01T02:00:00.000Z']]);
    expect(events[0]!.description).toContain('Affects: API');
  });
});
