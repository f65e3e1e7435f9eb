/**
 * Upgrading from the release whose notify keys were positions: the record and the
 * sent-state it wrote (the fixtures were written by that release's `buildRecord`, from the
 * content rebuilt below) are read without sending anything again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Channel } from '../../src/lib/notify/config.ts';
import { buildRecord, diffRecords, parseRecord, type RecordEntry } from '../../src/lib/notify/record.ts';
import { parseState, planChannel } from '../../src/lib/notify/send.ts';
import { bilingualContent, content, incident, maintenance, notice } from '../../src/dev/test-helpers.ts';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const page = { id: 'pageid', status: { indicator: 'none', description: 'All Systems Operational' } };
const now = new Date('2025-01-05T00:00Z');
const inc = incident('outage', '2025-01-01T00:00Z', { api: 'major_outage' }, '2025-01-01T02:00Z', [
  '2025-01-01T00:05Z',
  '2025-01-01T01:00Z',
  '2025-01-01T02:00Z',
]);
const win = maintenance('win', '2025-01-03T00:00Z', '2025-01-03T01:00Z', ['web'], ['2025-01-02T00:00Z']);
const same = content({ incidents: [inc], maintenance: [win], notices: [notice('note', '2025-01-01T01:00Z')] });
const channel = (name: string, language?: string): Channel => ({
  name,
  type: 'slack',
  url_env: 'X',
  min_impact: 'none',
  include: ['incidents', 'maintenance', 'notices'],
  timeout: 10,
  ...(language ? { language } : {}),
});
/** What the old release wrote after delivering every entry of its record on `channels`. */
const oldState = (entries: RecordEntry[], channels: Record<string, (e: RecordEntry) => string>) =>
  JSON.stringify({
    version: 1,
    channels: Object.fromEntries(
      Object.entries(channels).map(([name, hash]) => [
        name,
        { sent: Object.fromEntries(entries.map((e) => [e.key, hash(e)])), pending: {} },
      ]),
    ),
  });

describe('a record and a state from the release with position keys', () => {
  const v1 = JSON.parse(fixture('v1-record.json')) as { entries: RecordEntry[] };
  const upgraded = parseRecord(fixture('v1-record.json'), 'before.json');

  it('reads the record with keys and hashes as this release builds them from the same content', () => {
    const built = buildRecord(same, now, page);
    expect(v1.entries.map((e) => e.key)).toEqual([
      'incident/outage/1',
      'incident/outage/2',
      'notice/note',
      'incident/outage/3',
      'maintenance/win/1',
    ]);
    expect(upgraded.entries.map((e) => [e.key, e.hash])).toEqual(built.entries.map((e) => [e.key, e.hash]));
    expect(diffRecords(upgraded, built)).toEqual([]);
  });

  it('reads the state so that a deploy of the same content sends nothing, and one more update sends just that', () => {
    const text = oldState(v1.entries, { chat: (e) => e.hash });
    const built = buildRecord(same, now, page);
    const state = parseState(text, 'state.json', { before: upgraded, after: built, channels: [channel('chat')] });
    expect(Object.keys(state.channels['chat']!.sent)).toEqual(built.entries.map((e) => e.key));
    expect(planChannel(channel('chat'), upgraded, built, state.channels['chat'])).toEqual([]);
    // A backfill deployed with the upgrade: one new update before the last; nothing else goes out.
    const backfilled = {
      ...inc,
      updates: [
        ...inc.updates.slice(0, 2),
        { ...inc.updates[1]!, id: 'u9', at: new Date('2025-01-01T01:30Z'), message: 'backfilled' },
        inc.updates[2]!,
      ],
    };
    const after = buildRecord({ ...same, incidents: [backfilled] }, now, page);
    const plan = planChannel(
      channel('chat'),
      upgraded,
      after,
      parseState(text, 'state.json', { before: upgraded, after, channels: [channel('chat')] }).channels['chat'],
    );
    expect(plan.map((a) => `${a.type} ${a.entry.key}`)).toEqual(['new incident/outage/20250101T013000Z']);
  });

  it('keeps what an old state had pending, under the new keys', () => {
    const built = buildRecord(same, now, page);
    const text = JSON.stringify({
      version: 1,
      channels: { chat: { sent: { 'incident/outage/1': v1.entries[0]!.hash }, pending: { 'incident/outage/3': 'new' } } },
    });
    const state = parseState(text, 'state.json', { before: upgraded, after: built, channels: [channel('chat')] });
    expect(state.channels['chat']).toEqual({
      sent: { 'incident/outage/20250101T000500Z': built.entries[0]!.hash },
      pending: { 'incident/outage/20250101T020000Z': 'new' },
    });
    expect(planChannel(channel('chat'), upgraded, built, state.channels['chat']).map((a) => a.entry.key)).toEqual([
      'incident/outage/20250101T020000Z',
    ]);
  });

  it('reads a bilingual state: a channel in the second language sends nothing again either', () => {
    const old = JSON.parse(fixture('v1-bilingual-record.json')) as { entries: RecordEntry[] };
    const before = parseRecord(fixture('v1-bilingual-record.json'), 'before.json');
    const built = buildRecord(bilingualContent(), now, page);
    const text = oldState(old.entries, { zh: (e) => e.hash, en: (e) => e.texts!['en']!.hash });
    const channels = [channel('zh'), channel('en', 'en')];
    const state = parseState(text, 'state.json', { before, after: built, channels });
    for (const c of channels) expect(planChannel(c, before, built, state.channels[c.name]), c.name).toEqual([]);
    expect(state.channels['en']!.sent).toEqual({ 'incident/outage/20250101T000500Z': built.entries[0]!.texts!['en']!.hash });
  });
});
