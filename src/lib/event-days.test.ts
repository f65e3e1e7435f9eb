import { describe, expect, it } from 'vitest';
import { eventDays } from './event-days.ts';
import type { UptimeSummary } from './uptime.ts';

const strip = (bars: [string, string?][]): UptimeSummary => ({
  bars: bars.map(([day, path]) => ({ day, worst: path ? 'partial_outage' : 'operational', label: day, short: day, ...(path ? { path } : {}) })),
  total30: null,
  total90: null,
});

describe('eventDays', () => {
  it('lists each day with an event once, oldest first, across strips', () => {
    const api = strip([['2025-01-26', 'history/2025-01/#day-2025-01-26'], ['2025-01-27']]);
    const web = strip([['2024-12-31', 'history/2024-12/#day-2024-12-31'], ['2025-01-26', 'history/2025-01/#day-2025-01-26']]);
    expect(eventDays(api, web)).toEqual([
      { day: '2024-12-31', path: 'history/2024-12/#day-2024-12-31' },
      { day: '2025-01-26', path: 'history/2025-01/#day-2025-01-26' },
    ]);
    expect(eventDays(strip([['2025-01-27']]))).toEqual([]);
    expect(eventDays()).toEqual([]);
  });
});
