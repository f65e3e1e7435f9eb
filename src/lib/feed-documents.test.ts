import { describe, expect, it } from 'vitest';
import { atomFeed, feedHead, rssItems } from './feed-documents.ts';

const site = { name: 'S', url: 'https://status.example.com', base: '/', locale: 'en-GB', description: '' };
const entry = { id: 'https://status.example.com/incidents/x/#u', title: 'Identified: <b>x</b> & y', link: 'https://status.example.com/incidents/x/#u', date: new Date('2025-01-01T00:00:00Z'), html: '<p>m</p>', categories: ['incident'] };

describe('feed documents', () => {
  it('place site-wide and per-service feeds', () => {
    expect(feedHead(site, new Date(0), 'atom').self).toBe('https://status.example.com/updates.atom');
    expect(feedHead(site, new Date(0), 'rss', undefined, 'incidents').self).toBe('https://status.example.com/history.rss');
    expect(feedHead(site, new Date(0), 'rss', { id: 'api', name: 'API' })).toMatchObject({ self: 'https://status.example.com/services/api/history.rss', link: 'https://status.example.com/services/api/', title: 'API · S' });
  });
  it('write Atom with escaped html titles, the entry ids and the page as author (RFC 4287)', () => {
    const xml = atomFeed(feedHead(site, new Date(0), 'atom'), [entry]);
    expect(xml).toContain('<author>\n            <name>S</name>');
    expect(xml).toContain('<id>https://status.example.com/incidents/x/#u</id>');
    expect(xml).toContain('Identified: &lt;b&gt;x&lt;/b&gt; &amp; y');
    expect(xml).toContain('<updated>2025-01-01T00:00:00.000Z</updated>');
  });
  it('give RSS items the same fields', () => {
    expect(rssItems([entry])).toEqual([{ title: entry.title, link: entry.link, pubDate: entry.date, description: '<p>m</p>', content: '<p>m</p>', categories: ['incident'] }]);
  });
});
