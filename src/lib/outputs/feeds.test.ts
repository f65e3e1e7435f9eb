import { describe, expect, it } from 'vitest';
import { getRssString } from '@astrojs/rss';
import { XMLParser } from 'fast-xml-parser';
import { atomFeed, feedHead, rssItems } from './feed-documents.ts';
import { FEED_LIMIT, feedEntries, incidentFeedEntries } from './feeds.ts';
import { languageView } from '../languages/language-view.ts';
import { contentIn } from '../languages/languages.ts';
import { parseIncident } from '../content/parse.ts';
import { content, incident, maintenance, notice } from '../../dev/test-helpers.ts';

const c = content({
  incidents: [
    incident('inc', '2025-01-01T00:00Z', { api: 'major_outage' }, '2025-01-01T02:00Z', ['2025-01-01T00:05Z', '2025-01-01T02:00Z']),
  ],
  maintenance: [maintenance('win', '2025-01-03T00:00Z', '2025-01-03T01:00Z', ['web'], ['2025-01-02T00:00Z'])],
  notices: [notice('note', '2025-01-01T01:00Z')],
});
const opts = { origin: 'https://status.example.com', base: '/status/', language: languageView({ languages: ['en'], locale: 'en-GB' }) };
/** The same site in two languages, Simplified Chinese first; the English feed lives under /en/. */
const bilingual = { languages: ['zh-CN', 'en'], locale: 'zh-CN' };

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
    expect(opened!.html).toBe(
      '<p>m0</p><p>Minor impact · Affected: API (major outage)</p><p><a href="https://status.example.com/status/incidents/inc/">View the incident on the status page</a></p>',
    );
    expect(resolved!.html).toBe(
      '<p>m1</p><p>Minor impact · Affected: API (operational)</p><p><a href="https://status.example.com/status/incidents/inc/">View the incident on the status page</a></p>',
    );
  });
  it('holds at most the limit', () => {
    const many = content({
      incidents: Array.from({ length: 60 }, (_, i) => incident(`i${i}`, `2025-01-01T00:${String(i).padStart(2, '0')}Z`, {})),
    });
    expect(feedEntries(many, opts)).toHaveLength(FEED_LIMIT);
    expect(feedEntries(many, opts)[0]!.title).toBe('Investigating: i59');
  });
});

describe("incidentFeedEntries: Statuspage's shape", () => {
  it('makes one entry per incident and maintenance, newest-changed first, listing its updates newest first', () => {
    const entries = incidentFeedEntries(c, { ...opts, zone: { timeZone: 'UTC', locale: 'en-GB' } });
    expect(entries.map((e) => [e.id, e.title, e.date.toISOString()])).toEqual([
      ['https://status.example.com/status/maintenance/win/', 'win', '2025-01-02T00:00:00.000Z'],
      ['https://status.example.com/status/incidents/inc/', 'inc', '2025-01-01T02:00:00.000Z'],
    ]);
    expect(entries[1]!.html).toBe(
      '<p><small>1 Jan 2025, 02:00 UTC</small><br><strong>Resolved</strong> - m1</p><p><small>1 Jan 2025, 00:05 UTC</small><br><strong>Investigating</strong> - m0</p>',
    );
  });
});

describe('ids that survive a correction', () => {
  it('keep each entry id when an update is reworded and its time moved by a minute', () => {
    const ctx = { serviceIds: new Set(['api']), zone: { timeZone: 'UTC', locale: 'en-GB' } };
    const file = (second: string, text: string) =>
      `---\ntitle: T\nimpact: minor\nstarted: 2025-01-01T10:00Z\n---\n\n## Investigating 2025-01-01 10:05Z\nLooking.\n\n## Identified ${second}\n${text}\n`;
    const ids = (text: string) =>
      feedEntries(content({ incidents: [parseIncident('incidents/2025-01-01-t.md', text, ctx).value!] }), opts).map((e) => e.id);
    const before = ids(file('2025-01-01 10:30Z', 'A cable fault.'));
    expect(before).toEqual([
      'https://status.example.com/status/incidents/2025-01-01-t/#update-2',
      'https://status.example.com/status/incidents/2025-01-01-t/#update-1',
    ]);
    expect(ids(file('2025-01-01 10:31Z', 'A fibre cable fault near the data centre.'))).toEqual(before);
  });
});

describe('feeds in another language', () => {
  it('word every title and fact in that language and link its pages', () => {
    const zh = feedEntries(c, { ...opts, language: languageView(bilingual, 'zh-CN') });
    expect(zh.map((e) => [e.title, e.id])).toEqual([
      ['维护已计划：win', 'https://status.example.com/status/maintenance/win/#u0'],
      ['已解决：inc', 'https://status.example.com/status/incidents/inc/#u1'],
      ['公告：note', 'https://status.example.com/status/notices/#notice-note'],
      ['调查中：inc', 'https://status.example.com/status/incidents/inc/#u0'],
    ]);
    expect(zh[3]!.html).toBe(
      '<p>m0</p><p>轻微影响 · 受影响的服务：API（重大中断）</p><p><a href="https://status.example.com/status/incidents/inc/">在状态页上查看此事件</a></p>',
    );
    const en = feedEntries(contentIn({ ...c, site: { ...c.site, ...bilingual } }, 'en'), {
      ...opts,
      language: languageView(bilingual, 'en'),
    });
    // The messages were written in the default language only: the English feed marks them so.
    expect(en[3]!.html).toMatch(/^<div lang="zh-CN"><p>m0<\/p><\/div><p>Minor impact · Affected: API \(major outage\)<\/p>/);
    expect(en.map((e) => [e.title, e.id])).toEqual([
      ['Maintenance scheduled: win', 'https://status.example.com/status/en/maintenance/win/#u0'],
      ['Resolved: inc', 'https://status.example.com/status/en/incidents/inc/#u1'],
      ['Notice: note', 'https://status.example.com/status/en/notices/#notice-note'],
      ['Investigating: inc', 'https://status.example.com/status/en/incidents/inc/#u0'],
    ]);
  });
  it("in Statuspage's shape too, with that language's state names and dates", () => {
    const [, inc] = incidentFeedEntries(c, {
      ...opts,
      language: languageView({ languages: ['en', 'fr'], locale: 'en-GB' }, 'fr'),
      zone: { timeZone: 'UTC', locale: 'fr' },
    });
    expect(inc!.id).toBe('https://status.example.com/status/fr/incidents/inc/');
    expect(inc!.html).toContain('<small>1 janv. 2025, 02:00 UTC</small><br><strong>Résolu</strong> - m1');
  });
});

describe('order of entries posted at the same time', () => {
  // Ten updates of one incident in the same minute (update-1 … update-10), a maintenance
  // update in that minute too, and an older incident whose last two updates share a minute.
  const minute = '2025-03-04T10:00Z';
  const tenIds = Array.from({ length: 10 }, () => minute);
  const burst = incident('burst', '2025-03-04T09:00Z', { api: 'major_outage' }, undefined, ['2025-03-04T09:00Z', ...tenIds]);
  for (const [i, u] of burst.updates.entries()) u.id = `update-${i}`;
  burst.updates.shift();
  const pair = incident('pair', '2025-03-03T08:00Z', { web: 'partial_outage' }, '2025-03-03T08:30Z', [
    '2025-03-03T08:00Z',
    '2025-03-03T08:30Z',
    '2025-03-03T08:30Z',
  ]);
  for (const [i, u] of pair.updates.entries()) u.id = `update-${i + 1}`;
  const site = content({ incidents: [burst, pair] });
  const head = feedHead(
    { name: 'S', url: 'https://status.example.com', base: '/status/', description: '' },
    new Date('2025-03-05T00:00Z'),
    'atom',
    opts.language,
  );
  const anchors = (links: string[]) => links.map((l) => l.replace(/^.*\/incidents\/([^/]+)\/#(.*)$/, '$1 $2'));
  // Hand-written: newest time first, the later update of an incident first.
  const expected = [...Array.from({ length: 10 }, (_, i) => `burst update-${10 - i}`), 'pair update-3', 'pair update-2', 'pair update-1'];

  it('puts the later update first in Atom, read back with an XML parser', () => {
    const xml = atomFeed(head, feedEntries(site, opts));
    const feed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'entry' }).parse(xml).feed;
    expect(anchors(feed.entry.map((e: { id: string }) => e.id))).toEqual(expected);
  });
  it('and in RSS', async () => {
    const xml = await getRssString({
      title: 'S',
      description: 'd',
      site: 'https://status.example.com/status/',
      items: rssItems(feedEntries(site, opts)),
    });
    const channel = new XMLParser({ isArray: (name) => name === 'item' }).parse(xml).rss.channel;
    expect(anchors(channel.item.map((i: { link: string }) => i.link))).toEqual(expected);
  });
});
