import { describe, expect, it } from 'vitest';
import { FEED_LIMIT, feedEntries } from './feeds.ts';
import { content, incident, maintenance, notice } from './test-helpers.ts';

const c = content({
  incidents: [incident('inc', '2025-01-01T00:00Z', { api: 'major_outage' }, '2025-01-01T02:00Z', ['2025-01-01T00:05Z', '2025-01-01T02:00Z'])],
  maintenance: [maintenance('win', '2025-01-03T00:00Z', '2025-01-03T01:00Z', ['web'], ['2025-01-02T00:00Z'])],
  notices: [notice('note', '2025-01-01T01:00Z')],
});
const opts = { origin: 'https://status.example.com', base: '/status/' };

describe('feedEntries', () => {
  it('makes one entry per update and notice, newest first, with anchor ids', () => {
    expect(feedEntries(c, opts).map((e) => [e.title, e.id])).toEqual([
      ['Maintenance scheduled: win', 'https://status.example.com/status/maintenance/win/#u0'],
      ['Resolved: inc', 'https://status.example.com/status/incidents/inc/#u1'],
      ['Notice: note', 'https://status.example.com/status/notices/#notice-note'],
      ['Investigating: inc', 'https://status.example.com/status/incidents/inc/#u0'],
    ]);
  });
  it('keeps to one service when asked, without notices', () => {
    expect(feedEntries(c, { ...opts, serviceId: 'web' }).map((e) => e.title)).toEqual(['Maintenance scheduled: win']);
  });
  it('names the affected services with the status each update left them in, and links the page', () => {
    const [, resolved, , opened] = feedEntries(c, opts);
    expect(opened!.html).toBe('<p>m0</p><p>Minor impact · Affected: API (major outage)</p><p><a href="https://status.example.com/status/incidents/inc/">View the incident on the status page</a></p>');
    expect(resolved!.html).toBe('<p>m1</p><p>Minor impact · Affected: API (operational)</p><p><a href="https://status.example.com/status/incidents/inc/">View the incident on the status page</a></p>');
  });
  it('holds at most the limit', () => {
    const many = content({ incidents: Array.from({ length: 60 }, (_, i) => incident(`i${i}`, `2025-01-01T00:${String(i).padStart(2, '0')}Z`, {})) });
    expect(feedEntries(many, opts)).toHaveLength(FEED_LIMIT);
    expect(feedEntries(many, opts)[0]!.title).toBe('Investigating: i59');
  });
});
