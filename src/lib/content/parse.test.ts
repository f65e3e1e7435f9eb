import { describe, expect, it } from 'vitest';
import { checkText, parseIncident, parseMaintenance, parseNotice, parseServices, readFrontMatter, slugOf } from './parse.ts';
import { formatProblem, sortProblems } from './problems.ts';
import { MAX_MESSAGE_BYTES } from './markdown.ts';

const ctx = { serviceIds: new Set(['api']), zone: { timeZone: 'UTC', locale: 'en-GB' } };

describe('parse', () => {
  it('reads an incident into the domain, updates oldest first with ids and HTML', () => {
    const text =
      '---\ntitle: T\nimpact: minor\nservices:\n  api: degraded_performance\nstarted: 2025-01-01T10:00Z\nresolved: 2025-01-01T11:00Z\n---\n\n## Resolved 2025-01-01 11:00Z\nDone.\n\n## Investigating 2025-01-01 10:05Z\nLooking *now*.\n';
    const r = parseIncident('incidents/2025-01-01-t.md', text, ctx);
    expect(r.problems).toEqual([]);
    expect(r.value).toMatchObject({ slug: '2025-01-01-t', title: 'T', impact: 'minor', affected: ['api'] });
    expect(r.value!.phases).toEqual([
      { from: new Date('2025-01-01T10:00:00Z'), services: { api: 'degraded_performance' }, impact: 'minor' },
    ]);
    expect(r.value!.updates.map((u) => [u.state, u.id, u.html, u.line])).toEqual([
      ['investigating', 'update-1', '<p>Looking <em>now</em>.</p>', 13],
      ['resolved', 'update-2', '<p>Done.</p>', 10],
    ]);
  });
  it('reads status changes under an update heading, and reports bad ones at their line', () => {
    const text = [
      '---',
      'title: T',
      'impact: major',
      'services:',
      '  api: major_outage',
      'started: 2025-01-01T10:00Z',
      '---',
      '',
      '## Investigating 2025-01-01 10:05Z',
      'Down.',
      '',
      '## Identified 2025-01-01 10:30Z',
      'services: api=partial',
      'impact: minor',
      '',
      'Half back.',
      '',
    ].join('\n');
    const r = parseIncident('incidents/2025-01-01-t.md', text, ctx);
    expect(r.problems).toEqual([]);
    expect(r.value!.updates[1]).toMatchObject({ services: { api: 'partial_outage' }, impact: 'minor', message: 'Half back.' });
    expect(r.value!.phases.map((p) => [p.from.toISOString(), p.services, p.impact])).toEqual([
      ['2025-01-01T10:00:00.000Z', { api: 'major_outage' }, 'major'],
      ['2025-01-01T10:30:00.000Z', { api: 'partial_outage' }, 'minor'],
    ]);
    expect(r.value!.impact).toBe('minor');
    const bad = text.replace('services: api=partial', 'services: api=gone, chat=major').replace('impact: minor', 'impact: huge');
    expect(parseIncident('incidents/2025-01-01-t.md', bad, ctx).problems.map((p) => `${p.line}: ${p.field}: ${p.message}`)).toEqual([
      '13: services: "gone" is not a status; write e.g. api=partial_outage (statuses: operational | degraded_performance | partial_outage | major_outage)',
      '14: impact: must be one of none | minor | major | critical (got "huge")',
      '13: services: "chat" is not a service in services.yaml; known: api',
    ]);
  });
  it('checks file names as slugs', () => {
    expect(slugOf('incidents/2025-01-01-ok.md', 'incident').slug).toBe('2025-01-01-ok');
    expect(slugOf('incidents/../../etc.md', 'incident').problem?.field).toBe('file name');
    expect(slugOf('maintenance/Window 1.md', 'maintenance').problem?.message).toContain('window-1.md');
  });
  it('finds where the body starts', () => {
    expect(readFrontMatter('f', '---\na: 1\nb: 2\n---\n\nbody\n').value?.bodyLine).toBe(5);
  });
  it('refuses a message with a control character at its line, and a message over the size limit', () => {
    const head = '---\ntitle: T\nimpact: minor\nstarted: 2025-01-01T10:00Z\n---\n\n## Investigating 2025-01-01 10:05Z\n';
    const bell = parseIncident('incidents/2025-01-01-t.md', `${head}First line.\n\nA bell \u0007 here.\n`, ctx);
    expect(bell.problems.map((p) => `${p.line}: ${p.field}: ${p.message}`)).toEqual([
      '10: update: contains U+0007, a control character, which feeds and badges cannot carry; remove it',
    ]);
    const notice = parseNotice('notices/n.md', '---\ntitle: N\nposted: 2025-01-01T10:00Z\n---\n\nOpen \u202E bidi.\n', ctx);
    expect(notice.problems.map((p) => `${p.line}: ${p.field}`)).toEqual(['6: body']);
    const log = `${'x'.repeat(MAX_MESSAGE_BYTES - 2)}é\n`;
    expect(parseIncident('incidents/2025-01-01-t.md', `${head}${log}`, ctx).problems).toEqual([]);
    const big = parseIncident('incidents/2025-01-01-t.md', `${head}${log}More.\n`, ctx);
    expect(big.problems.map((p) => `${p.line}: ${p.field}: ${p.message}`)).toEqual([
      `8: update: is ${MAX_MESSAGE_BYTES + 1 + 5} bytes; one message may be at most 102400 bytes (100 KiB): shorten it, or link to the full text`,
    ]);
  });
  it('refuses a bidi control written as a character reference, which only the rendering turns into the character', () => {
    const head = '---\ntitle: T\nimpact: minor\nstarted: 2025-01-01T10:00Z\n---\n\n## Investigating 2025-01-01 10:05Z\n';
    const entity = parseIncident('incidents/2025-01-01-t.md', `${head}Fixed &#x202E;olleh\n`, ctx);
    expect(entity.problems.map((p) => `${p.line}: ${p.field}: ${p.message}`)).toEqual([
      '8: update: contains U+202E, a bidi control that is not closed by U+202C, so it would change the direction of the text after it; remove it or close it (it is written as a character reference, such as &#x202E;)',
    ]);
    // Closed within the message, it is text a page and a feed can carry.
    expect(parseIncident('incidents/2025-01-01-t.md', `${head}Fixed &#x202E;olleh&#x202C; today\n`, ctx).problems).toEqual([]);
  });
  it('refuses binary text', () => {
    expect(checkText('f', new Uint8Array([0x41, 0x00, 0x42])).problems[0]?.message).toContain('not UTF-8 text');
  });
});

describe('bilingual content', () => {
  const zh = { ...ctx, languages: ['zh-CN', 'en'] };
  const incidentText = [
    '---',
    'title:',
    '  zh-CN: 注册受限',
    '  en: Registrations restricted',
    'impact: major',
    'started: 2025-01-27T10:00+08:00',
    '---',
    '',
    '## Investigating 2025-01-27 10:05 +08:00',
    '正在调查。',
    '',
    '::: {lang=en}',
    'We are investigating.',
    ':::',
    '',
    '## Identified 2025-01-27 10:20 +08:00',
    'Only in English for now.',
    '',
  ].join('\n');

  it('reads a title per language and a block per language in an update', () => {
    const r = parseIncident('incidents/2025-01-27-r.md', incidentText, zh);
    expect(r.problems).toEqual([]);
    const i = r.value!;
    expect(i.title).toBe('注册受限');
    expect(i.titles).toEqual({ 'zh-CN': '注册受限', en: 'Registrations restricted' });
    expect(i.updates[0]!.message).toBe('正在调查。');
    expect(i.updates[0]!.texts).toEqual({
      'zh-CN': { message: '正在调查。', html: '<p>正在调查。</p>' },
      en: { message: 'We are investigating.', html: '<p>We are investigating.</p>' },
    });
    // No block: the text is in the file's language, the site's default.
    expect(i.updates[1]!.texts).toBeUndefined();
    expect(i.updates[1]!.message).toBe('Only in English for now.');
  });

  it('reads a file written in another language than the default, by its lang field', () => {
    const text = incidentText
      .replace('title:\n  zh-CN: 注册受限\n  en: Registrations restricted', 'title: Registrations restricted\nlang: en')
      .replace('正在调查。\n\n::: {lang=en}\nWe are investigating.\n:::', 'We are investigating.');
    const i = parseIncident('incidents/2025-01-27-r.md', text, zh).value!;
    expect(i.titles).toEqual({ en: 'Registrations restricted' });
    expect(i.updates[0]!.texts).toEqual({ en: { message: 'We are investigating.', html: '<p>We are investigating.</p>' } });
  });

  it('reports a language the site does not declare, at its line and field', () => {
    const text = incidentText.replace('  en: Registrations restricted', '  fr: Inscriptions limitées').replace('::: {lang=en}', '::: ja');
    expect(parseIncident('incidents/2025-01-27-r.md', text, zh).problems.map((p) => `${p.line}: ${p.field}: ${p.message}`)).toEqual([
      '4: title.fr: "fr" is not one of the site\'s languages (site.yaml languages: zh-CN, en); add it there or write the text in one of them',
      '12: update: "ja" is not one of the site\'s languages (site.yaml languages: zh-CN, en); add it there or write the text in one of them',
    ]);
    const lang = incidentText.replace('impact: major', 'impact: major\nlang: de');
    expect(parseIncident('incidents/2025-01-27-r.md', lang, zh).problems.map((p) => `${p.line}: ${p.field}`)).toEqual(['6: lang']);
  });

  it('reports the same language given twice in one update', () => {
    const text = incidentText.replace('::: {lang=en}', '::: zh-CN');
    expect(parseIncident('incidents/2025-01-27-r.md', text, zh).problems.map((p) => `${p.line}: ${p.field}: ${p.message}`)).toEqual([
      "12: update: gives the zh-CN text twice (the text outside the blocks is already zh-CN, the file's language); keep one",
    ]);
  });

  it('reads a notice body per language', () => {
    const text =
      '---\ntitle:\n  zh-CN: 仅限大陆手机号\n  en: Mainland numbers only\nposted: 2025-01-27T10:00+08:00\n---\n\n目前仅支持中国大陆手机号注册。\n\n::: en\nFor now, only mainland China mobile numbers can register.\n:::\n';
    const n = parseNotice('notices/mainland.md', text, zh);
    expect(n.problems).toEqual([]);
    expect(n.value!.body).toBe('目前仅支持中国大陆手机号注册。');
    expect(n.value!.bodies).toEqual({
      'zh-CN': { body: '目前仅支持中国大陆手机号注册。', html: '<p>目前仅支持中国大陆手机号注册。</p>' },
      en: {
        body: 'For now, only mainland China mobile numbers can register.',
        html: '<p>For now, only mainland China mobile numbers can register.</p>',
      },
    });
    const stray = text.replace('::: en', '::: es');
    expect(parseNotice('notices/mainland.md', stray, zh).problems.map((p) => `${p.line}: ${p.field}`)).toEqual(['10: body']);
  });
});

describe('bilingual services', () => {
  const yaml =
    'services:\n  - id: registration\n    name:\n      zh-CN: 注册\n      en: Registration\n    group:\n      zh-CN: 账户\n      en: Accounts\n  - id: api\n    name: API\n    group: 开发者平台\n';
  it('reads names per language, and makes group ids from a name a URL can carry', () => {
    const r = parseServices('services.yaml', yaml, { timeZone: 'UTC', locale: 'en-GB', languages: ['zh-CN', 'en'] });
    expect(r.problems).toEqual([]);
    expect(r.value!.services[0]).toMatchObject({
      name: '注册',
      names: { 'zh-CN': '注册', en: 'Registration' },
      group: '账户',
      groupId: 'accounts',
    });
    expect(r.value!.groups.map((g) => [g.id, g.name, g.names])).toEqual([
      ['accounts', '账户', { 'zh-CN': '账户', en: 'Accounts' }],
      ['services', '开发者平台', undefined],
    ]);
  });
  it('reports a language the site does not declare', () => {
    const r = parseServices('services.yaml', yaml.replace('      en: Registration', '      fr: Inscription'), {
      timeZone: 'UTC',
      locale: 'en-GB',
      languages: ['zh-CN', 'en'],
    });
    expect(r.problems.map((p) => `${p.line}: ${p.field}`)).toEqual(['5: services.0.name.fr']);
  });
});

describe('every problem of a file in one pass (issue #23)', () => {
  const berlin = { serviceIds: new Set(['api', 'web']), zone: { timeZone: 'Europe/Berlin', locale: 'en-GB' }, languages: ['en'] };
  const lines = (problems: Parameters<typeof sortProblems>[0]) => sortProblems(problems).map(formatProblem);
  it("reports an unknown service with a time without offset, and the timeline, each with the site zone's offset then", () => {
    const text = [
      '---',
      'title: Checkout fails',
      'impact: major',
      'services:',
      '  apii: partial_outage',
      'started: 2025-06-02 09:30',
      '---',
      '',
      '## Investigating 2025-06-02 09:40',
      '',
      'Looking.',
      '',
      '## Identified 2025-06-02 10:00 +02:00',
      'services: paymnts=major',
      '',
      'Found.',
      '',
    ].join('\n');
    const f = 'incidents/2025-06-02-checkout-fails.md';
    // Berlin keeps summer time (UTC+2) on 2 June 2025.
    expect(lines(parseIncident(f, text, berlin).problems)).toEqual([
      `${f}:5: services.apii: "apii" is not a service in services.yaml (did you mean api?)`,
      `${f}:6: started: "2025-06-02 09:30" has no time zone offset; add the offset, e.g. 2025-06-02 09:30 +02:00 (Europe/Berlin then), or Z for UTC`,
      `${f}:9: update: heading "## Investigating 2025-06-02 09:40": "2025-06-02 09:40" has no time zone offset; add the offset, e.g. 2025-06-02 09:40 +02:00 (Europe/Berlin then), or Z for UTC`,
      `${f}:14: services: "paymnts" is not a service in services.yaml; known: api, web`,
    ]);
  });
  it('uses the winter offset for a winter time, and the T form without a space', () => {
    const text = [
      '---',
      'title: Database upgrade',
      'scheduled_for: 2025-01-15T22:00',
      'scheduled_until: 2025-01-15T23:00+01:00',
      'services: [api, db]',
      '---',
      '',
      '## Scheduled 2025-01-10 12:00 +01:00',
      '',
      'Planned.',
      '',
    ].join('\n');
    expect(lines(parseMaintenance('maintenance/database-upgrade.md', text, berlin).problems)).toEqual([
      'maintenance/database-upgrade.md:3: scheduled_for: "2025-01-15T22:00" has no time zone offset; add the offset, e.g. 2025-01-15T22:00+01:00 (Europe/Berlin then), or Z for UTC',
      'maintenance/database-upgrade.md:5: services.1: "db" is not a service in services.yaml; known: api, web',
    ]);
  });
  it('still reads the timeline when the front matter is not YAML', () => {
    const text = ['---', 'title: [unclosed', 'impact: minor', '---', '', '## Fixed 2025-01-01 10:00Z', '', 'Done.', ''].join('\n');
    expect(parseIncident('incidents/2025-01-01-x.md', text, ctx).problems.map((p) => `${p.line}: ${p.field}`)).toEqual([
      '3: yaml',
      '6: update',
    ]);
  });
  it('does not call a wrong resolved: or from: missing', () => {
    const incident = [
      '---',
      'title: T',
      'impact: minor',
      'started: 2025-01-01T10:00Z',
      'resolved: 2025-01-01 11:00',
      '---',
      '',
      '## Resolved 2025-01-01 11:00Z',
      '',
      'Done.',
      '',
    ].join('\n');
    expect(parseIncident('incidents/2025-01-01-t.md', incident, ctx).problems.map((p) => `${p.line}: ${p.field}`)).toEqual(['5: resolved']);
    const notice = ['---', 'title: T', 'from: tomorrow', '---', '', 'Text.', ''].join('\n');
    expect(parseNotice('notices/t.md', notice, ctx).problems.map((p) => `${p.line}: ${p.field}`)).toEqual(['3: from']);
  });
});
