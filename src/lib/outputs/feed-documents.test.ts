import { getRssString } from '@astrojs/rss';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { atomFeed, feedHead, rssChannel, rssItems } from './feed-documents.ts';
import { languageView } from '../languages/language-view.ts';

const site = { name: 'S', url: 'https://status.example.com', base: '/', description: '' };
const en = languageView({ languages: ['en-GB'], locale: 'en-GB' });
const entry = {
  id: 'https://status.example.com/incidents/x/#u',
  title: 'Identified: <b>x</b> & y',
  link: 'https://status.example.com/incidents/x/#u',
  date: new Date('2025-01-01T00:00:00Z'),
  html: '<p>m</p>',
  categories: ['incident'],
};

describe('feed documents', () => {
  it('place site-wide and per-service feeds', () => {
    expect(feedHead(site, new Date(0), 'atom', en).self).toBe('https://status.example.com/updates.atom');
    expect(feedHead(site, new Date(0), 'rss', en, undefined, 'incidents').self).toBe('https://status.example.com/history.rss');
    expect(feedHead(site, new Date(0), 'rss', en, { id: 'api', name: 'API' })).toMatchObject({
      self: 'https://status.example.com/services/api/history.rss',
      link: 'https://status.example.com/services/api/',
      title: 'API · S',
    });
  });
  it('write Atom with escaped html titles, the entry ids and the page as author (RFC 4287)', () => {
    const xml = atomFeed(feedHead(site, new Date(0), 'atom', en), [entry]);
    expect(xml).toContain('<author>\n            <name>S</name>');
    expect(xml).toContain('<id>https://status.example.com/incidents/x/#u</id>');
    expect(xml).toContain('Identified: &lt;b&gt;x&lt;/b&gt; &amp; y');
    expect(xml).toContain('<updated>2025-01-01T00:00:00.000Z</updated>');
  });
  it('give RSS items the same fields', () => {
    expect(rssItems([entry])).toEqual([
      { title: entry.title, link: entry.link, pubDate: entry.date, description: '<p>m</p>', content: '<p>m</p>', categories: ['incident'] },
    ]);
  });
  it('write the RSS channel description as HTML: markup in site.yaml shows as text', async () => {
    const head = feedHead({ ...site, description: 'Uptime <b>&</b> "incidents" of Acme\'s API' }, new Date(0), 'rss', en);
    const xml = await getRssString(rssChannel(head, [entry]));
    // The XML parser undoes the XML escaping; what remains is the HTML a reader renders (worked by hand).
    const channel = new XMLParser().parse(xml).rss.channel;
    expect(channel.description).toBe('Uptime &lt;b&gt;&amp;&lt;/b&gt; &quot;incidents&quot; of Acme&#39;s API');
    expect(channel.title).toBe('S');
    expect(channel.language).toBe('en-GB');
    expect(channel.item.description).toBe('<p>m</p>');
  });
  it('declare their language and live under its prefix, described in its words', () => {
    const bilingual = { languages: ['zh-CN', 'en'], locale: 'zh-CN' };
    const described = { ...site, description: '平台状态' };
    const zh = feedHead(described, new Date(0), 'atom', languageView(bilingual, 'zh-CN'), { id: 'api', name: 'API' });
    expect(zh).toMatchObject({
      self: 'https://status.example.com/services/api/history.atom',
      language: 'zh-CN',
      description: 'S 发布的影响 API 的事件与维护',
    });
    const head = feedHead(described, new Date(0), 'atom', languageView(bilingual, 'en'));
    // site.yaml's description is in the default language: the English feed says its own.
    expect(head).toMatchObject({
      self: 'https://status.example.com/en/updates.atom',
      link: 'https://status.example.com/en/',
      language: 'en',
      description: 'Incidents, maintenance and notices from S',
    });
    expect(feedHead(described, new Date(0), 'atom', languageView(bilingual, 'zh-CN')).description).toBe('平台状态');
    expect(atomFeed(head, [entry])).toMatch(/^<\?xml[^>]*>\s*<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom" xml:lang="en">/);
  });
});
