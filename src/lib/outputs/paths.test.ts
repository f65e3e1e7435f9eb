import { describe, expect, it } from 'vitest';
import { absoluteUrl, paths, withBase } from './paths.ts';

describe('paths', () => {
  it('work at the root and under a base path', () => {
    expect(withBase('/', paths.incident('2025-01-27-x'))).toBe('/incidents/2025-01-27-x/');
    expect(withBase('/status/', paths.incident('2025-01-27-x'))).toBe('/status/incidents/2025-01-27-x/');
    expect(withBase('/status', paths.home())).toBe('/status/');
  });
  it('number history pages from 2', () => {
    expect(paths.history(1)).toBe('history/');
    expect(paths.history(3)).toBe('history/3/');
  });
  it('name every output: feeds, badges, the calendar, the API, update anchors', () => {
    expect([
      paths.feed('rss'),
      paths.feed('atom', 'api'),
      paths.badge('status'),
      paths.calendar(),
      paths.api('summary'),
      paths.uptime(),
    ]).toEqual([
      'updates.rss',
      'services/api/history.atom',
      'badges/status.svg',
      'maintenance.ics',
      'api/v2/summary.json',
      'api/uptime.json',
    ]);
    expect(paths.update(paths.incident('x'), 'update-1')).toBe('incidents/x/#update-1');
  });
  it('make absolute URLs', () => {
    expect(absoluteUrl('https://status.example.com/', '/status/', paths.service('api'))).toBe(
      'https://status.example.com/status/services/api/',
    );
  });
  it('name the feeds, the calendar and the pages for subscribers', () => {
    expect(paths.feed('rss')).toBe('updates.rss');
    expect(paths.incidentFeed('atom')).toBe('history.atom');
    expect(paths.feed('atom', 'web-chat')).toBe('services/web-chat/history.atom');
    expect(absoluteUrl('https://s.example', '/status/', paths.calendar())).toBe('https://s.example/status/maintenance.ics');
    expect(paths.subscribe()).toBe('subscribe/');
    expect(paths.notifyRecord()).toBe('api/notify-record.json');
  });
});
