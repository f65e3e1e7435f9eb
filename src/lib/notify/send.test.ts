import { describe, expect, it } from 'vitest';
import { bilingualContent, content, incident } from '../../dev/test-helpers.ts';
import type { Channel } from './config.ts';
import { buildRecord } from './record.ts';
import { parseState, planChannel, retryAfterMs } from './send.ts';

const page = { id: 'p', status: { indicator: 'none', description: 'All Systems Operational' } };
const now = new Date('2025-01-02T00:00Z');
const inc = incident('outage', '2025-01-01T00:00Z', { api: 'major_outage' }, '2025-01-01T02:00Z', [
  '2025-01-01T00:05Z',
  '2025-01-01T01:00Z',
  '2025-01-01T02:00Z',
]);
const after = buildRecord(content({ incidents: [inc] }), now, page);
const before = { ...after, entries: after.entries.slice(0, 1) };
const channel: Channel = {
  name: 'hook',
  type: 'webhook',
  url_env: 'HOOK_URL',
  min_impact: 'none',
  include: ['incidents', 'maintenance', 'notices'],
  timeout: 10,
};
const keys = (plan: ReturnType<typeof planChannel>) => plan.map((a) => `${a.type} ${a.entry.key}`);

describe('planChannel', () => {
  it('plans what is new since the record before', () => {
    expect(keys(planChannel(channel, before, after, undefined))).toEqual([
      'new incident/outage/20250101T010000Z',
      'new incident/outage/20250101T020000Z',
    ]);
  });
  it('skips what this channel already delivered, so a re-run sends nothing', () => {
    const sent = Object.fromEntries(after.entries.map((e) => [e.key, e.hash]));
    expect(planChannel(channel, before, after, { sent, pending: {} })).toEqual([]);
  });
  it('sends first what a failed run left pending, even once the site has published it', () => {
    const state = {
      sent: { [after.entries[0]!.key]: after.entries[0]!.hash },
      pending: { 'incident/outage/20250101T010000Z': 'new' as const, 'incident/outage/20250101T020000Z': 'new' as const },
    };
    expect(keys(planChannel(channel, after, after, state))).toEqual([
      'new incident/outage/20250101T010000Z',
      'new incident/outage/20250101T020000Z',
    ]);
  });
  it('drops pending keys the site no longer publishes, and applies the filters', () => {
    expect(planChannel(channel, after, after, { sent: {}, pending: { 'incident/gone/1': 'new' } })).toEqual([]);
    expect(planChannel({ ...channel, min_impact: 'major' }, before, after, undefined)).toEqual([]);
  });
});

describe('planChannel in a language', () => {
  const two = buildRecord(bilingualContent(), now, page);
  const english = { ...channel, language: 'en' };
  it('plans each entry as the channel’s language words it', () => {
    const [a] = planChannel(english, { ...two, entries: [] }, two, undefined);
    expect(a!.entry).toMatchObject({
      title: 'API errors',
      url: 'https://t.example/en/incidents/outage/#u0',
      hash: two.entries[0]!.texts!['en']!.hash,
    });
    expect(planChannel(channel, { ...two, entries: [] }, two, undefined)[0]!.entry).toMatchObject({
      title: '接口报错',
      hash: two.entries[0]!.hash,
    });
  });
  it('corrects for the language whose text changed, and only there', () => {
    const fixed = buildRecord(bilingualContent('API errors in Europe'), now, page);
    expect(keys(planChannel(english, two, fixed, undefined))).toEqual(['correction incident/outage/20250101T000500Z']);
    expect(planChannel(channel, two, fixed, undefined)).toEqual([]);
  });
  it('judges by the default language when the live record did not have the channel’s language yet', () => {
    const { languages: _none, ...site } = two.site;
    const oneLanguage = { ...two, site, entries: two.entries.map(({ texts: _t, ...e }) => e) };
    expect(planChannel(english, oneLanguage, two, undefined)).toEqual([]);
    expect(keys(planChannel(english, { ...oneLanguage, entries: [] }, two, undefined))).toEqual(['new incident/outage/20250101T000500Z']);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('3', null)).toBe(3000);
    expect(retryAfterMs('0.5', null)).toBe(500);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:30 GMT', 'Wed, 21 Oct 2015 07:28:00 GMT')).toBe(30_000);
    expect(retryAfterMs(null, null)).toBeUndefined();
    expect(retryAfterMs('soon', null)).toBeUndefined();
  });
});

describe('parseState', () => {
  it('reads a state file and names a bad one', () => {
    expect(parseState('{"version":2,"channels":{}}', 's.json')).toEqual({ version: 2, channels: {} });
    expect(() => parseState('[]', '.statusmark/notify-state.json')).toThrow(
      '.statusmark/notify-state.json: not a Statusmark sent-state file (version 1 or 2 with channels)',
    );
    expect(() => parseState('{"version":2,"channels":{"a":{"sent":{}}}}', 's.json')).toThrow('s.json: channels.a: needs sent and pending');
    expect(() => parseState('{', 's.json')).toThrow(/^s\.json: not JSON/);
  });

  it('reads the outstanding hand-off baseline (null when the site had no record) and names a bad one', () => {
    expect(parseState('{"version":2,"channels":{},"handoffFrom":{"record":null}}', 's.json')).toEqual({
      version: 2,
      channels: {},
      handoffFrom: { record: null },
    });
    expect(() => parseState('{"version":2,"channels":{},"handoffFrom":{}}', 's.json')).toThrow(
      's.json: handoffFrom: needs a record (or null)',
    );
    expect(() => parseState('{"version":2,"channels":{},"handoffFrom":{"record":{}}}', 's.json')).toThrow(/^s\.json: handoffFrom\.record/);
  });
});
