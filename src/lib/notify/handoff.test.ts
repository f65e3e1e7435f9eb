import { describe, expect, it } from 'vitest';
import { handoffBody } from './handoff.ts';
import { parseRecord, type PublishedRecord, type RecordEntry } from './record.ts';

const entry = (key: string, hash: string): RecordEntry => ({
  key,
  kind: 'incident',
  slug: key,
  ordinal: 1,
  hash,
  title: key,
  state: 'investigating',
  at: '2026-03-01T10:00:00.000Z',
  services: [{ id: 'api', name: 'API', status: 'major_outage' }],
  text: 't',
  html: '<p>t</p>',
  url: `https://status.example.com/incidents/${key}/`,
});
const record = (entries: RecordEntry[]): PublishedRecord => ({
  version: 2,
  site: { name: 'Acme', url: 'https://status.example.com/', timeZone: 'UTC', locale: 'en' },
  page: { id: 'p', status: { indicator: 'none', description: 'ok' } },
  entries,
});

describe('handoffBody', () => {
  it('carries only the new and corrected entries, naming the corrections, as a record the service can read', () => {
    const before = record([entry('a', '1'), entry('b', '1')]);
    const after = record([entry('a', '1'), entry('b', '2'), entry('c', '1')]);
    const body = handoffBody(before, after)!;
    expect(body.entries.map((e) => e.key)).toEqual(['b', 'c']);
    expect(body.corrections).toEqual(['b']);
    expect(parseRecord(JSON.stringify(body), 'the hand-off').entries).toHaveLength(2);
  });

  it('hands nothing over when nothing is new, or when the site had no record before (an archive is not news)', () => {
    expect(handoffBody(record([entry('a', '1')]), record([entry('a', '1')]))).toBeUndefined();
    expect(handoffBody(null, record([entry('a', '1')]))).toBeUndefined();
  });
});
