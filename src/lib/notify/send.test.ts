import { describe, expect, it } from 'vitest';
import { content, incident } from '../test-helpers.ts';
import type { Channel } from './config.ts';
import { buildRecord } from './record.ts';
import { parseState, planChannel, retryAfterMs } from './send.ts';

const page = { id: 'p', status: { indicator: 'none', description: 'All Systems Operational' } };
const now = new Date('2025-01-02T00:00Z');
const inc = incident('outage', '2025-01-01T00:00Z', { api: 'major_outage' }, '2025-01-01T02:00Z', ['2025-01-01T00:05Z', '2025-01-01T01:00Z', '2025-01-01T02:00Z']);
const after = buildRecord(content({ incidents: [inc] }), now, page);
const before = { ...after, entries: after.entries.slice(0, 1) };
const channel: Channel = { name: 'hook', type: 'webhook', url: 'https://r.example/', min_impact: 'none', include: ['incidents', 'maintenance', 'notices'], timeout: 10 };
const keys = (plan: ReturnType<typeof planChannel>) => plan.map((a) => `${a.type} ${a.entry.key}`);

describe('planChannel', () => {
  it('plans what is new since the record before', () => {
    expect(keys(planChannel(channel, before, after, undefined))).toEqual(['new incident/outage/2', 'new incident/outage/3']);
  });
  it('skips what this channel already delivered, so a re-run sends nothing', () => {
    const sent = Object.fromEntries(after.entries.map((e) => [e.key, e.hash]));
    expect(planChannel(channel, before, after, { sent, pending: {} })).toEqual([]);
  });
  it('sends first what a failed run left pending, even once the site has published it', () => {
    const state = { sent: { [after.entries[0]!.key]: after.entries[0]!.hash }, pending: { 'incident/outage/2': 'new' as const, 'incident/outage/3': 'new' as const } };
    expect(keys(planChannel(channel, after, after, state))).toEqual(['new incident/outage/2', 'new incident/outage/3']);
  });
  it('drops pending keys the site no longer publishes, and applies the filters', () => {
    expect(planChannel(channel, after, after, { sent: {}, pending: { 'incident/gone/1': 'new' } })).toEqual([]);
    expect(planChannel({ ...channel, min_impact: 'major' }, before, after, undefined)).toEqual([]);
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
    expect(parseState('{"version":1,"channels":{}}', 's.json')).toEqual({ version: 1, channels: {} });
    expect(() => parseState('[]', '.statusmark/notify-state.json')).toThrow('.statusmark/notify-state.json: not a Statusmark sent-state file (version 1 with channels)');
    expect(() => parseState('{', 's.json')).toThrow(/^s\.json: not JSON/);
  });
});
