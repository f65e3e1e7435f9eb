import { describe, expect, it } from 'vitest';
import { parseIncident, type ParseContext } from '../content/parse.ts';
import { parseAlertsConfig } from './config.ts';
import { belongsTo, type Decision, type DraftInput, decide, groupMarker, latestDraft, templateMarker } from './decide.ts';
import type { Alert, Notification } from './payloads.ts';
import { parseTemplate, type Template } from './template.ts';

const ctx: ParseContext = {
  serviceIds: new Set(['registration', 'web-chat', 'api']),
  zone: { timeZone: 'Asia/Shanghai', locale: 'en-GB' },
  languages: ['zh-CN', 'en'],
};
const site = { languages: ['zh-CN', 'en'], timeZone: 'Asia/Shanghai', locale: 'en-GB' };

const slowdown = parseTemplate(
  'content/templates/slowdown.md',
  `---
title:
  zh-CN: 响应变慢
  en: Slow responses on {{ labels.instance }}
---

## Investigating

慢了。

::: {lang=en}
Slow since {{ startsAt }}.
:::

## Identified

又慢了。

::: {lang=en}
Slow again.
:::

## Resolved

好了。

::: {lang=en}
Fine again.
:::
`,
  ctx,
).value as Template;
const templates = new Map([['slowdown', slowdown]]);
const config = parseAlertsConfig(
  'content/alerts.yaml',
  `quiet_period: 30m
rules:
  - match: {alertname: HighLatency}
    service_label: service
    status: degraded_performance
    template: slowdown
`,
  ctx.serviceIds!,
  new Map([['slowdown', { resolved: true }]]),
).value!;

const T0 = new Date('2025-01-27T02:00:30Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
const alert = (service: string, status: Alert['status'] = 'firing'): Alert => ({
  status,
  labels: { alertname: 'HighLatency', service, instance: `${service}-1` },
  annotations: {},
  startsAt: T0,
});
const note = (status: Notification['status'], alerts: Alert[]): Notification => ({
  source: 'alertmanager',
  groupKey: '{}:{alertname="HighLatency"}',
  groupLabels: { alertname: 'HighLatency' },
  status,
  alerts,
});

function run(n: Notification, now: Date, existing?: { file: string; text: string }): Decision {
  const input: DraftInput = {
    notification: n,
    id: 'highlatency-0123456789',
    config,
    templates,
    site,
    ctx,
    taken: new Set(),
    now,
    ...(existing ? { existing } : {}),
  };
  return decide(input);
}

/** The written file, checked with the build's parser. */
function written(d: Decision) {
  if (d.kind !== 'write') throw new Error(`expected a write, got ${JSON.stringify(d)}`);
  const parsed = parseIncident(d.file, d.text, ctx);
  expect(parsed.problems).toEqual([]);
  return { file: d.file, text: d.text, incident: parsed.value! };
}

describe('decide', () => {
  it('creates a draft from the template, tied to its group', () => {
    const d = run(note('firing', [alert('web-chat')]), minutes(1));
    const w = written(d);
    expect(d).toMatchObject({ action: 'create', file: 'incidents/2025-01-27-slow-responses-on-web-chat-1.md', missing: [] });
    expect(belongsTo(w.text, 'highlatency-0123456789')).toBe(true);
    expect(w.text.split('\n')[1]).toBe(groupMarker('highlatency-0123456789'));
    expect(w.text.split('\n')[2]).toBe(templateMarker('slowdown'));
    expect(w.incident.titles).toEqual({ 'zh-CN': '响应变慢', en: 'Slow responses on web-chat-1' });
    // The alert started at 10:00:30 in Shanghai: the incident starts at that minute, the update is posted a minute later.
    expect(w.incident.started).toEqual(new Date('2025-01-27T02:00:00Z'));
    expect(w.incident.updates.map((u) => [u.state, u.at.toISOString()])).toEqual([['investigating', '2025-01-27T02:01:00.000Z']]);
    expect(w.incident.updates[0]?.texts?.en?.message).toBe('Slow since 27 Jan 2025, 10:00 GMT+8.');
    expect(w.incident.impact).toBe('minor');
    expect(w.incident.phases[0]?.services).toEqual({ 'web-chat': 'degraded_performance' });
  });

  it('adds joining services once, and changes nothing for a repeat', () => {
    const first = written(run(note('firing', [alert('web-chat')]), minutes(1)));
    const repeat = run(note('firing', [alert('web-chat')]), minutes(2), first);
    expect(repeat).toEqual({ kind: 'none', reason: 'the incident already names every service of the group' });
    const join = written(run(note('firing', [alert('web-chat'), alert('api')]), minutes(3), first));
    expect(join.incident.updates.map((u) => [u.state, u.services])).toEqual([
      ['investigating', undefined],
      ['identified', { api: 'degraded_performance' }],
    ]);
    expect(run(note('firing', [alert('web-chat'), alert('api')]), minutes(4), join).kind).toBe('none');
  });

  it('resolves once, reopens within the quiet period, and starts a new incident after it', () => {
    const first = written(run(note('firing', [alert('web-chat')]), minutes(1)));
    const resolved = written(run(note('resolved', [alert('web-chat', 'resolved')]), minutes(5), first));
    expect(resolved.incident.resolved).toEqual(new Date('2025-01-27T02:05:00Z'));
    expect(resolved.incident.updates.at(-1)?.texts?.en?.message).toBe('Fine again.');
    expect(run(note('resolved', [alert('web-chat', 'resolved')]), minutes(6), resolved)).toEqual({
      kind: 'none',
      reason: 'the incident is already resolved',
    });

    const reopened = run(note('firing', [alert('web-chat')]), minutes(34), resolved);
    const r = written(reopened);
    expect(reopened).toMatchObject({ action: 'reopen', file: first.file });
    expect(r.incident.resolved).toBeUndefined();
    expect(r.incident.updates.map((u) => u.state)).toEqual(['investigating', 'monitoring', 'identified']);

    // Resolved at 02:05:00; at 02:35:30 the quiet period (30m) is over: a new incident.
    const later = run(note('firing', [alert('web-chat')]), minutes(35), resolved);
    expect(later).toMatchObject({ kind: 'write', action: 'create' });
  });

  it('adds to a file listed newest first at the top', () => {
    const first = written(run(note('firing', [alert('web-chat')]), minutes(1)));
    // A file whose person put the newer update first.
    const newestFirst = first.text.replace(
      '\n## Investigating',
      '\n## Identified 2025-01-27 10:30 +08:00\n\nA person wrote this.\n\n## Investigating',
    );
    const d = run(note('resolved', [alert('web-chat', 'resolved')]), minutes(40), { file: first.file, text: newestFirst });
    const w = written(d);
    expect(w.text.indexOf('## Resolved')).toBeLessThan(w.text.indexOf('## Identified'));
    expect(w.incident.updates.map((u) => u.state)).toEqual(['investigating', 'identified', 'resolved']);
  });

  it('refuses unmapped alerts and stops at a file it cannot read', () => {
    expect(run(note('firing', [alert('web-chat'), alert('billing')]), minutes(1))).toEqual({
      kind: 'refuse',
      reason: '1 of 2 alerts map to no service; nothing was written',
      unmapped: [
        {
          labels: { alertname: 'HighLatency', service: 'billing', instance: 'billing-1' },
          reason: 'rule 1: the label service="billing" names no service in services.yaml',
        },
      ],
    });
    const broken = run(note('firing', [alert('api')]), minutes(1), {
      file: 'incidents/2025-01-27-x.md',
      text: '---\ntitle: X\nimpact: huge\n---\n',
    });
    expect(broken.kind).toBe('conflict');
    expect(broken.kind === 'conflict' && broken.reason).toContain(
      'incidents/2025-01-27-x.md:3: impact: must be one of none | minor | major | critical (got "huge")',
    );
  });

  it("picks the group's latest draft by its start, not by its file's name", () => {
    const first = written(run(note('firing', [alert('web-chat')]), minutes(1)));
    const resolved = written(run(note('resolved', [alert('web-chat', 'resolved')]), minutes(5), first));
    // The same group fires again the same day, after the quiet period: a second incident whose name sorts first.
    const again = run(note('firing', [{ ...alert('api'), startsAt: minutes(90) }]), minutes(91), resolved);
    const second = written(again);
    expect(again).toMatchObject({ action: 'create', file: 'incidents/2025-01-27-slow-responses-on-api-1.md' });
    expect(second.file < first.file).toBe(true);
    const files = [resolved, second].map(({ file, text }) => ({ file, text }));
    expect(latestDraft(files, 'highlatency-0123456789', ctx)?.file).toBe(second.file);
    expect(latestDraft([...files].reverse(), 'highlatency-0123456789', ctx)?.file).toBe(second.file);
    // Only the group's own files count; another group's marker is not this one.
    expect(latestDraft(files, 'other-0123456789', ctx)).toBeUndefined();
    // A file of the group that does not read is the one the intake stops at.
    const broken = {
      file: 'incidents/2025-01-27-a.md',
      text: `---\n${groupMarker('highlatency-0123456789')}\ntitle: X\nimpact: huge\n---\n`,
    };
    expect(latestDraft([...files, broken], 'highlatency-0123456789', ctx)?.file).toBe(broken.file);
  });

  it("continues a draft with its own template, not the current first alert's rule's", () => {
    const outage = parseTemplate(
      'content/templates/outage.md',
      '---\ntitle:\n  zh-CN: 中断\n  en: Outage\n---\n\n## Identified\n\n中断。\n\n::: {lang=en}\nDown.\n:::\n\n## Resolved\n\n恢复。\n\n::: {lang=en}\nUp.\n:::\n',
      ctx,
    ).value as Template;
    const two = parseAlertsConfig(
      'content/alerts.yaml',
      `rules:
  - match: {alertname: HighLatency}
    service_label: service
    status: degraded_performance
    template: slowdown
  - match: {alertname: Down}
    service_label: service
    status: major_outage
    template: outage
`,
      ctx.serviceIds!,
      new Map([
        ['slowdown', { resolved: true }],
        ['outage', { resolved: true }],
      ]),
    ).value!;
    const both = new Map([
      ['slowdown', slowdown],
      ['outage', outage],
    ]);
    const decideWith = (n: Notification, now: Date, existing?: { file: string; text: string }) =>
      decide({
        notification: n,
        id: 'g-0123456789',
        config: two,
        templates: both,
        site,
        ctx,
        taken: new Set(),
        now,
        ...(existing ? { existing } : {}),
      });
    const first = written(decideWith(note('firing', [alert('web-chat')]), minutes(1)));
    // A Down alert that started earlier joins: the group's oldest alert now matches the outage rule.
    const down: Alert = { status: 'firing', labels: { alertname: 'Down', service: 'api' }, annotations: {}, startsAt: minutes(-10) };
    const joined = written(decideWith(note('firing', [down, alert('web-chat')]), minutes(3), first));
    expect(joined.incident.updates.at(-1)?.texts?.en?.message).toBe('Slow again.');
    const resolved = written(
      decideWith(note('resolved', [{ ...down, status: 'resolved' }, alert('web-chat', 'resolved')]), minutes(9), joined),
    );
    expect(resolved.incident.updates.at(-1)?.texts?.en?.message).toBe('Fine again.');
  });
});
