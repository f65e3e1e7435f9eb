import { describe, expect, it } from 'vitest';
import { formatProblem } from '../content/problems.ts';
import { DEFAULT_QUIET_MS, mapAlert, parseAlertsConfig, parseDuration } from './config.ts';

const SERVICES = new Set(['registration', 'web-chat', 'api']);
const TEMPLATES = new Map([
  ['slowdown', { resolved: true }],
  ['half', { resolved: false }],
]);

const parse = (text: string) => parseAlertsConfig('content/alerts.yaml', text, SERVICES, TEMPLATES);

describe('parseDuration', () => {
  it('reads Prometheus-style durations', () => {
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('45s')).toBe(45_000);
    expect(parseDuration('')).toBeUndefined();
    expect(parseDuration('30 minutes')).toBeUndefined();
  });
});

describe('parseAlertsConfig', () => {
  it('reads rules with fixed services and with a service label, and the quiet period', () => {
    const r = parse(`quiet_period: 10m
rules:
  - name: flood
    match: {alertname: SignupFlood}
    services: {registration: partial_outage}
    impact: major
    template: slowdown
  - match:
      alertname: [HighLatency, SlowResponses]
    service_label: service
    status: degraded_performance
    template: slowdown
`);
    expect(r.problems).toEqual([]);
    expect(r.value?.quietMs).toBe(600_000);
    expect(r.value?.rules.map((x) => [x.name, x.match, x.services, x.serviceLabel, x.impact, x.line])).toEqual([
      ['flood', { alertname: ['SignupFlood'] }, { registration: 'partial_outage' }, undefined, 'major', 3],
      ['rule 2', { alertname: ['HighLatency', 'SlowResponses'] }, {}, { label: 'service', status: 'degraded_performance' }, undefined, 8],
    ]);
  });

  it('defaults the quiet period to 30 minutes', () => {
    expect(parse('rules:\n  - match: {a: b}\n    services: {api: major_outage}\n    template: slowdown\n').value?.quietMs).toBe(
      DEFAULT_QUIET_MS,
    );
  });

  it('names the file, line and field of every mistake', () => {
    const r = parse(`quiet_period: soon
rules:
  - match: {alertname: X}
    services: {registraton: partial_outage}
    template: slowdwn
  - match: {alertname: Y}
    service_label: service
    template: half
  - match: {}
    template: slowdown
`);
    expect(r.problems.map(formatProblem)).toEqual(['content/alerts.yaml:1: quiet_period: must be a duration such as 30m, 1h or 1h30m']);
    const rules = parse(`rules:
  - match: {alertname: X}
    services: {registraton: partial_outage}
    template: slowdwn
  - match: {alertname: Y}
    service_label: service
    template: half
  - match: {}
    services: {api: major_outage}
    template: slowdown
`);
    expect(rules.problems.map(formatProblem)).toEqual([
      'content/alerts.yaml:3: rules.0.services.registraton: "registraton" is not a service in services.yaml; known: registration, web-chat, api',
      'content/alerts.yaml:4: rules.0.template: there is no templates/slowdwn.md; the templates are slowdown, half',
      'content/alerts.yaml:5: rules.1.status: is required with service_label: the status the named service is put in',
      'content/alerts.yaml:8: rules.2.match: names no label; write e.g. match: {alertname: HighLatency}',
    ]);
    const half = parse('rules:\n  - match: {a: b}\n    services: {api: major_outage}\n    template: half\n');
    expect(half.problems.map(formatProblem)).toEqual([
      'content/alerts.yaml:4: rules.0.template: templates/half.md has no "## Resolved" section; the intake writes it when the alert resolves, so add one',
    ]);
  });
});

describe('mapAlert', () => {
  const config = parse(`rules:
  - match: {alertname: SignupFlood}
    services: {registration: partial_outage}
    template: slowdown
  - match: {alertname: HighLatency}
    service_label: service
    status: degraded_performance
    template: slowdown
`).value!;

  it('takes the first rule whose labels all match, with the service its label names', () => {
    expect(mapAlert({ alertname: 'SignupFlood', severity: 'critical' }, config, SERVICES)).toMatchObject({
      ok: true,
      services: { registration: 'partial_outage' },
    });
    expect(mapAlert({ alertname: 'HighLatency', service: 'api' }, config, SERVICES)).toMatchObject({
      ok: true,
      services: { api: 'degraded_performance' },
    });
  });

  it('refuses rather than guesses', () => {
    expect(mapAlert({ alertname: 'DiskFull' }, config, SERVICES)).toEqual({
      ok: false,
      reason: 'no rule in alerts.yaml matches its labels',
    });
    expect(mapAlert({ alertname: 'HighLatency', service: 'billing' }, config, SERVICES)).toEqual({
      ok: false,
      reason: 'rule 2: the label service="billing" names no service in services.yaml',
    });
    expect(mapAlert({ alertname: 'HighLatency' }, config, SERVICES)).toEqual({
      ok: false,
      reason: 'rule 2 takes the service from the label "service", which the alert does not carry',
    });
  });
});
