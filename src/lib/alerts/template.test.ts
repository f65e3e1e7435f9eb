import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../content/parse.ts';
import { formatProblem } from '../content/problems.ts';
import { cleanValue, fill, fillAll, parseTemplate, valuesUsed } from './template.ts';

const ctx: ParseContext = {
  serviceIds: new Set(['registration', 'web-chat']),
  zone: { timeZone: 'Asia/Shanghai', locale: 'en-GB' },
  languages: ['zh-CN', 'en'],
};
const SITE = { timeZone: 'Asia/Shanghai', locale: 'en-GB' };

const TEMPLATE = `---
title:
  zh-CN: 注册受限：{{ labels.instance }}
  en: Registrations restricted on {{ labels.instance }}
impact: major
services:
  registration: partial_outage
---

## Investigating

自 {{ startsAt }} 起注册受限。

::: {lang=en}
Since {{ startsAt }} registrations are limited ({{ annotations.summary }}).
:::

## Identified

又出现了。

::: {lang=en}
It is back.
:::

## Resolved

已恢复。

::: {lang=en}
Back to normal.
:::
`;

describe('parseTemplate', () => {
  it('reads the title, the first update and the later sections in each language', () => {
    const r = parseTemplate('content/templates/signup.md', TEMPLATE, ctx);
    expect(r.problems).toEqual([]);
    const t = r.value!;
    expect(t.name).toBe('signup');
    expect(t.titles).toEqual({ 'zh-CN': '注册受限：{{ labels.instance }}', en: 'Registrations restricted on {{ labels.instance }}' });
    expect(t.impact).toBe('major');
    expect(t.services).toEqual({ registration: 'partial_outage' });
    expect(t.first).toEqual({
      state: 'investigating',
      line: 10,
      texts: {
        'zh-CN': '自 {{ startsAt }} 起注册受限。',
        en: 'Since {{ startsAt }} registrations are limited ({{ annotations.summary }}).',
      },
    });
    expect(t.again?.state).toBe('identified');
    expect(t.resolved?.texts).toEqual({ 'zh-CN': '已恢复。', en: 'Back to normal.' });
    expect(valuesUsed(t).sort()).toEqual(['annotations.summary', 'labels.instance', 'startsAt']);
  });

  it('names the line and field of each mistake', () => {
    const broken = TEMPLATE.replace('## Identified', '## Identified 2025-01-27 10:00 +08:00')
      .replace('({{ annotations.summary }})', '({{ annotation.summary }})')
      .replace('  registration: partial_outage', '  registraton: partial_outage')
      .replace('::: {lang=en}\nBack', '::: {lang=fr}\nBack');
    const r = parseTemplate('content/templates/signup.md', broken, ctx);
    expect(r.problems.map(formatProblem)).toEqual([
      'content/templates/signup.md:7: services.registraton: "registraton" is not a service in services.yaml',
      'content/templates/signup.md:15: update: {{ annotation.summary }} is not a value a template can hold; use {{ labels.NAME }}, {{ annotations.NAME }} or {{ startsAt }}',
      'content/templates/signup.md:18: update: a template\'s heading has no time (it is filled in when the template is used): write "## Identified"',
      expect.stringMatching(/^content\/templates\/signup\.md:30: update: .*fr/),
    ]);
  });

  it('wants a first update that does not resolve, and at most one of each later section', () => {
    const none = parseTemplate('t/x.md', '---\ntitle: X\n---\n\nsome text\n', ctx);
    expect(none.problems.map(formatProblem)).toEqual([
      't/x.md:5: update: text before the first update heading; start the body with a line such as "## Investigating"',
    ]);
    const resolvedFirst = parseTemplate('t/x.md', '---\ntitle: X\n---\n\n## Resolved\n\nDone.\n', ctx);
    expect(resolvedFirst.problems.map(formatProblem)).toEqual([
      't/x.md:5: update: the first update cannot be "resolved"; start with Investigating, Identified or Monitoring',
    ]);
    const twice = parseTemplate('t/x.md', '---\ntitle: X\n---\n\n## Investigating\n\nA.\n\n## Resolved\n\nB.\n\n## Resolved\n\nC.\n', ctx);
    expect(twice.problems.map(formatProblem)).toEqual([
      't/x.md:13: update: a second "Resolved" section (the first is on line 9); keep one',
    ]);
  });
});

describe('fill', () => {
  const startsAt = new Date('2025-01-26T16:05:00Z');
  const values = { labels: { instance: 'signup-3' }, annotations: { summary: '40k/min' }, startsAt };

  it('writes startsAt in the site zone, each language its own way (Intl as the oracle)', () => {
    const zh = new Intl.DateTimeFormat('zh-CN', {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
      timeZone: 'Asia/Shanghai',
    }).format(startsAt);
    const en = new Intl.DateTimeFormat('en-GB', {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
      timeZone: 'Asia/Shanghai',
    }).format(startsAt);
    const filled = fillAll({ 'zh-CN': '自 {{ startsAt }} 起', en: 'Since {{startsAt}} on {{ labels.instance }}' }, values, SITE, true);
    expect(filled).toEqual({ texts: { 'zh-CN': `自 ${zh} 起`, en: `Since ${en} on signup-3` }, missing: [] });
    expect(en).toBe('27 Jan 2025, 00:05 GMT+8');
  });

  it('writes a missing value as "?" and names it', () => {
    expect(fill('{{ labels.job }} / {{ annotations.summary }}', values, SITE, 'en', false)).toEqual({
      text: '? / 40k/min',
      missing: ['labels.job'],
    });
  });

  it('keeps an alert value from changing the structure of the file', () => {
    expect(cleanValue('## Resolved\n[click](javascript:x) *bold*', true)).toBe('\\#\\# Resolved \\[click\\](javascript:x) \\*bold\\*');
    expect(cleanValue('::: {lang=en}', true)).toBe('\\::: {lang=en}');
    expect(cleanValue('1. first', true)).toBe('1\\. first');
    expect(cleanValue(`a\u0007b${'x'.repeat(200)}`, false)).toHaveLength(120);
    expect(cleanValue('db-1.example:9100', true)).toBe('db-1.example:9100');
  });
});
