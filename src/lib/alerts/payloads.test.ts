import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { branchOf, groupId, readNotification } from './payloads.ts';

const NOW = new Date('2025-01-27T02:00:00Z');

/** An Alertmanager webhook (version 4) as its documentation describes the fields. */
const alertmanager = {
  version: '4',
  groupKey: '{}:{alertname="HighLatency"}',
  truncatedAlerts: 0,
  status: 'firing',
  receiver: 'statusmark',
  groupLabels: { alertname: 'HighLatency' },
  commonLabels: { alertname: 'HighLatency' },
  commonAnnotations: {},
  externalURL: 'http://127.0.0.1:9093',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'HighLatency', service: 'api' },
      annotations: { summary: 'p99 above 2 s' },
      startsAt: '2025-01-27T01:58:03.123456789Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://127.0.0.1:9090/graph',
      fingerprint: 'a1b2c3',
    },
  ],
};

describe('readNotification', () => {
  it("reads Alertmanager's webhook, its nanosecond times included", () => {
    const r = readNotification('alertmanager', alertmanager, NOW);
    expect(r).toEqual({
      ok: true,
      value: {
        source: 'alertmanager',
        groupKey: '{}:{alertname="HighLatency"}',
        groupLabels: { alertname: 'HighLatency' },
        status: 'firing',
        alerts: [
          {
            status: 'firing',
            labels: { alertname: 'HighLatency', service: 'api' },
            annotations: { summary: 'p99 above 2 s' },
            startsAt: new Date('2025-01-27T01:58:03.123Z'),
          },
        ],
      },
    });
  });

  it('reads the generic shape, defaulting startsAt to now and the status to the group', () => {
    const r = readNotification('generic', { group: 'signup', status: 'resolved', alerts: [{ labels: { alertname: 'SignupFlood' } }] }, NOW);
    expect(r).toEqual({
      ok: true,
      value: {
        source: 'generic',
        groupKey: 'signup',
        groupLabels: { group: 'signup' },
        status: 'resolved',
        alerts: [{ status: 'resolved', labels: { alertname: 'SignupFlood' }, annotations: {}, startsAt: NOW }],
      },
    });
  });

  it('says where a body is wrong', () => {
    const r = readNotification('alertmanager', { ...alertmanager, alerts: [{ ...alertmanager.alerts[0], startsAt: 'yesterday' }] }, NOW);
    expect(r).toEqual({ ok: false, errors: ['alerts.0.startsAt: "yesterday" is not an RFC 3339 time'] });
    const g = readNotification('generic', { group: 'x', status: 'firing', alerts: [], extra: 1 }, NOW);
    expect(g.ok === false && g.errors).toEqual(['alerts: holds no alert', 'body: Unrecognized key: "extra"']);
  });
});

describe('groupId', () => {
  it('is the same for the same group, different for another, and a branch name git takes', () => {
    const a = groupId({ source: 'alertmanager', groupKey: '{}:{alertname="HighLatency"}', groupLabels: { alertname: 'HighLatency' } });
    expect(a).toMatch(/^highlatency-[0-9a-f]{10}$/);
    expect(groupId({ source: 'grafana', groupKey: '{}:{alertname="HighLatency"}', groupLabels: { alertname: 'HighLatency' } })).toBe(a);
    expect(
      groupId({ source: 'alertmanager', groupKey: '{}:{alertname="HighLatency2"}', groupLabels: { alertname: 'HighLatency' } }),
    ).not.toBe(a);
    expect(groupId({ source: 'generic', groupKey: '你好', groupLabels: { group: '你好' } })).toMatch(/^group-[0-9a-f]{10}$/);
  });

  it('gives a hostile group key a safe alert/ branch of its own, which git takes as a branch name', () => {
    const hostile = ['../main', 'main', 'refs/heads/main', 'HEAD', 'line\nbreak', 'a..b', '@{-1}', '-f', 'x'.repeat(5000), '', ' '];
    const branches = new Set<string>();
    for (const key of hostile)
      for (const n of [
        { source: 'generic' as const, groupKey: key, groupLabels: { group: key } },
        { source: 'alertmanager' as const, groupKey: `{}:{alertname="${key}"}`, groupLabels: { alertname: key } },
      ]) {
        const branch = branchOf(groupId(n));
        expect(branch).toMatch(/^alert\/[a-z0-9]+(?:-[a-z0-9]+)*$/);
        expect(branch.length).toBeLessThanOrEqual('alert/'.length + 40 + 1 + 10);
        // git's own rule for branch names, as the independent check.
        expect(spawnSync('git', ['check-ref-format', '--branch', branch], { encoding: 'utf8' }).stdout.trim()).toBe(branch);
        branches.add(branch);
      }
    // Each key its own branch, never main or another's.
    expect(branches.size).toBe(hostile.length * 2);
  });
});
