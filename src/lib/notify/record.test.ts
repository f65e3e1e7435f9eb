import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bilingualContent, content, incident, maintenance, notice } from '../../dev/test-helpers.ts';
import {
  buildRecord,
  contentHash,
  diffRecords,
  entryIn,
  parseRecord,
  recordHas,
  recordLanguage,
  updateKey,
  updateKeys,
  type PublishedRecord,
} from './record.ts';

const inc = incident('outage', '2025-01-01T00:00Z', { api: 'major_outage' }, '2025-01-01T02:00Z', [
  '2025-01-01T00:05Z',
  '2025-01-01T02:00Z',
]);
const page = { id: 'pageid', status: { indicator: 'none', description: 'All Systems Operational' } };
const now = new Date('2025-01-05T00:00Z');
const c = content({
  incidents: [inc],
  maintenance: [maintenance('win', '2025-01-03T00:00Z', '2025-01-03T01:00Z', ['web'], ['2025-01-02T00:00Z'])],
  notices: [notice('note', '2025-01-01T01:00Z')],
});

describe('updateKey', () => {
  it('names an update by its incident and time, without the characters a Message-ID cannot hold', () => {
    expect(updateKey('outage', '2025-01-27T02:20:00.000Z')).toBe('incident/outage/20250127T022000Z');
    expect(updateKey('win', '2025-01-27T02:20:00.250Z', 'maintenance')).toBe('maintenance/win/20250127T022000.250Z');
  });
  it('tells updates at the same time apart by their order in the file', () => {
    const at = '2025-01-01T00:05:00.000Z';
    expect(updateKeys('outage', [at, at, '2025-01-01T01:00:00.000Z', at], 'incident')).toEqual([
      'incident/outage/20250101T000500Z',
      'incident/outage/20250101T000500Z-2',
      'incident/outage/20250101T010000Z',
      'incident/outage/20250101T000500Z-3',
    ]);
  });
});

describe('buildRecord', () => {
  const record = buildRecord(c, now, page);
  it('lists every update and notice oldest first with stable keys', () => {
    expect(record.entries.map((e) => [e.key, e.at, e.ordinal, e.first])).toEqual([
      ['incident/outage/20250101T000500Z', '2025-01-01T00:05:00.000Z', 1, 'incident/outage/20250101T000500Z'],
      ['notice/note', '2025-01-01T01:00:00.000Z', 1, undefined],
      ['incident/outage/20250101T020000Z', '2025-01-01T02:00:00.000Z', 2, 'incident/outage/20250101T000500Z'],
      ['maintenance/win/20250102T000000Z', '2025-01-02T00:00:00.000Z', 1, 'maintenance/win/20250102T000000Z'],
    ]);
  });
  it('carries what a message needs: services after the update, text, anchor link', () => {
    const [first, , resolved] = record.entries;
    expect(first).toMatchObject({
      title: 'outage',
      state: 'investigating',
      impact: 'minor',
      text: 'm0',
      url: 'https://t.example/incidents/outage/#u0',
    });
    expect(first!.services).toEqual([{ id: 'api', name: 'API', status: 'major_outage' }]);
    expect(resolved!.services).toEqual([{ id: 'api', name: 'API', status: 'operational' }]);
    expect(record.site).toEqual({ name: 'T', url: 'https://t.example/', timeZone: 'UTC', locale: 'en-GB' });
  });
  it('puts services under maintenance from the update that finds the window open', () => {
    const m = maintenance(
      'win',
      '2025-01-03T00:00Z',
      '2025-01-03T01:00Z',
      ['web'],
      ['2025-01-02T00:00Z', '2025-01-03T00:00Z', '2025-01-03T00:50Z'],
    );
    m.updates[1]!.state = 'in_progress';
    m.updates[2]!.state = 'completed';
    const r = buildRecord(content({ maintenance: [m] }), now, page);
    expect(r.entries.map((e) => [e.state, e.services[0]!.status])).toEqual([
      ['scheduled', 'operational'],
      ['in_progress', 'under_maintenance'],
      ['completed', 'operational'],
    ]);
    expect(r.entries[0]!.window).toEqual({ from: '2025-01-03T00:00:00.000Z', until: '2025-01-03T01:00:00.000Z' });
  });
  it('leaves out what was posted more than 90 days before now (1 Apr 00:30 − 90 days = 1 Jan 00:30)', () => {
    const later = buildRecord(c, new Date('2025-04-01T00:30Z'), page).entries;
    expect(later.map((e) => e.key)).toEqual(['notice/note', 'incident/outage/20250101T020000Z', 'maintenance/win/20250102T000000Z']);
    // The thread's first update is out of the record, but still named.
    expect(later[1]!.first).toBe('incident/outage/20250101T000500Z');
  });
  it('keeps the key but changes the hash when a message is corrected', () => {
    const corrected = { ...inc, updates: inc.updates.map((u, i) => (i === 0 ? { ...u, message: 'm0 (corrected)' } : u)) };
    const after = buildRecord({ ...c, incidents: [corrected] }, now, page);
    expect(after.entries[0]!.key).toBe('incident/outage/20250101T000500Z');
    expect(after.entries[0]!.hash).not.toBe(record.entries[0]!.hash);
    expect(after.entries[2]!.hash).toBe(record.entries[2]!.hash);
  });
  it('keeps every key and hash of the updates around one inserted between them (a backfill), though their anchors move', () => {
    const backfilled = incident('outage', '2025-01-01T00:00Z', { api: 'major_outage' }, '2025-01-01T02:00Z', [
      '2025-01-01T00:05Z',
      '2025-01-01T01:00Z',
      '2025-01-01T02:00Z',
    ]);
    backfilled.updates = [
      inc.updates[0]!,
      { ...backfilled.updates[1]!, state: 'identified', message: 'backfilled' },
      { ...inc.updates[1]!, id: backfilled.updates[2]!.id },
    ];
    const after = buildRecord({ ...c, incidents: [backfilled] }, now, page);
    const byKey = new Map(after.entries.map((e) => [e.key, e]));
    for (const e of record.entries) expect(byKey.get(e.key)?.hash, e.key).toBe(e.hash);
    expect(byKey.get('incident/outage/20250101T020000Z')!.url).not.toBe(record.entries[2]!.url);
    expect(diffRecords(record, after).map((a) => [a.type, a.entry.key])).toEqual([['new', 'incident/outage/20250101T010000Z']]);
  });
  it('hashes what an entry says, not its link (sha256 of the fields, worked by hand)', () => {
    const e = record.entries[1]!;
    const expected = createHash('sha256')
      .update(JSON.stringify({ title: e.title, state: e.state, at: e.at, services: [], text: e.text, html: e.html }))
      .digest('hex')
      .slice(0, 32);
    expect(e.hash).toBe(expected);
    expect(contentHash({ ...e, url: 'https://elsewhere.example/' })).toBe(expected);
  });
});

describe('diffRecords', () => {
  const full = buildRecord(c, now, page);
  const without = (keys: string[]): PublishedRecord => ({ ...full, entries: full.entries.filter((e) => !keys.includes(e.key)) });
  it('announces nothing when there was no record before (first run on an archive)', () => {
    expect(diffRecords(null, full)).toEqual([]);
  });
  it('announces what is new, oldest first', () => {
    expect(
      diffRecords(without(['incident/outage/20250101T020000Z', 'maintenance/win/20250102T000000Z']), full).map((a) => [
        a.type,
        a.entry.key,
      ]),
    ).toEqual([
      ['new', 'incident/outage/20250101T020000Z'],
      ['new', 'maintenance/win/20250102T000000Z'],
    ]);
  });
  it('announces a changed entry as a correction, and nothing for an unchanged one', () => {
    const before = { ...full, entries: full.entries.map((e) => (e.key === 'notice/note' ? { ...e, hash: 'older' } : e)) };
    expect(diffRecords(before, full).map((a) => [a.type, a.entry.key])).toEqual([['correction', 'notice/note']]);
    expect(diffRecords(full, full)).toEqual([]);
  });
});

describe('parseRecord', () => {
  it('reads a record back and names the source of a bad one', () => {
    expect(parseRecord(JSON.stringify(buildRecord(c, now, page)), 'x.json').entries).toHaveLength(4);
    expect(() => parseRecord('{"version":1', 'before.json')).toThrow(/^before\.json: not JSON/);
    expect(() => parseRecord('{"version":3,"entries":[]}', 'before.json')).toThrow(
      'before.json: not a Statusmark notify record (version 1 or 2 with site, page and entries)',
    );
    expect(() => parseRecord('{"version":2,"site":{},"page":{},"entries":[{"key":"a"}]}', 'b.json')).toThrow(
      'b.json: entries.0: needs key, hash and at',
    );
    expect(() => parseRecord('{"version":1,"site":{},"page":{},"entries":[{"key":"a","hash":"h","at":"x"}]}', 'b.json')).toThrow(
      'b.json: entries.0: needs kind, slug and ordinal',
    );
  });
});

describe('a bilingual record', () => {
  const record = buildRecord(bilingualContent(), now, page);

  it('keeps the default language at the top level and each other language, with its link and hash, in texts', () => {
    const [entry] = record.entries;
    expect(entry).toMatchObject({
      key: 'incident/outage/20250101T000500Z',
      title: '接口报错',
      text: '正在调查。',
      url: 'https://t.example/incidents/outage/#u0',
    });
    expect(entry!.texts!['en']).toMatchObject({
      title: 'API errors',
      text: 'Looking into it.',
      html: '<p>Looking into it.</p>',
      url: 'https://t.example/en/incidents/outage/#u0',
    });
    expect(entry!.texts!['en']!.hash).toMatch(/^[0-9a-f]{32}$/);
    expect(entry!.texts!['en']!.hash).not.toBe(entry!.hash);
    expect(record.site.languages).toEqual(['zh-CN', 'en']);
  });
  it('changes only the English hash when only the English text is corrected', () => {
    const [old] = record.entries;
    const [fixed] = buildRecord(bilingualContent('API errors in Europe'), now, page).entries;
    expect(fixed!.hash).toBe(old!.hash);
    expect(fixed!.texts!['en']!.hash).not.toBe(old!.texts!['en']!.hash);
  });
  it('gives an entry as each language reads it', () => {
    const [entry] = record.entries;
    expect(entryIn(entry!, 'en')).toMatchObject({
      title: 'API errors',
      url: 'https://t.example/en/incidents/outage/#u0',
      hash: entry!.texts!['en']!.hash,
    });
    expect(entryIn(entry!, 'en')).not.toHaveProperty('texts');
    expect(entryIn(entry!, 'zh-CN')).toMatchObject({ title: '接口报错', hash: entry!.hash });
    expect([recordLanguage(record), recordHas(record, 'en'), recordHas(record, 'fr')]).toEqual(['zh-CN', true, false]);
    // A one-language record names no languages: its language is its locale.
    expect([recordLanguage(buildRecord(c, now, page)), recordHas(buildRecord(c, now, page), 'en')]).toEqual(['en-GB', false]);
  });
});
