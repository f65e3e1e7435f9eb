import { describe, expect, it } from 'vitest';
import { stableId } from '../outputs/api.ts';
import { bilingualContent, content, incident, notice } from '../../dev/test-helpers.ts';
import {
  discordPayload,
  emailMessage,
  facts,
  mattermostPayload,
  messageView,
  signature,
  slackPayload,
  teamsPayload,
  webhookPayload,
} from './messages.ts';
import { buildRecord, recordIn, type Announcement } from './record.ts';

const inc = incident('outage', '2025-01-01T00:00Z', { api: 'major_outage' }, '2025-01-01T02:00Z', [
  '2025-01-01T00:05Z',
  '2025-01-01T02:00Z',
]);
inc.updates[0]!.message = 'Requests fail with <b>502</b> & time out. *Investigating*.';
inc.updates[0]!.html = '<p>Requests fail with 502 &amp; time out. <em>Investigating</em>.</p>';
const base = content({ incidents: [inc], notices: [notice('note', '2025-01-01T01:00Z')] });
const c = { ...base, site: { ...base.site, timeZone: 'Asia/Shanghai' } };
const record = buildRecord(c, new Date('2025-01-02T00:00Z'), {
  id: 'page1',
  status: { indicator: 'critical', description: 'Major Service Outage' },
});
const [first, note, resolved] = record.entries as [
  NonNullable<(typeof record.entries)[0]>,
  NonNullable<(typeof record.entries)[0]>,
  NonNullable<(typeof record.entries)[0]>,
];
const announce = (entry: typeof first, type: Announcement['type'] = 'new'): Announcement => ({ type, entry });

describe('messageView', () => {
  it('says what happened in words, with the time in the site zone and the anchor link', () => {
    expect(messageView(announce(first), record)).toEqual({
      headline: 'Investigating: outage',
      correction: false,
      state: 'Investigating',
      impact: 'Minor impact',
      services: ['API: major outage'],
      text: 'Requests fail with 502 & time out. Investigating.',
      time: '1 Jan 2025, 08:05 GMT+8',
      url: 'https://t.example/incidents/outage/#u0',
      colour: '#cf222e',
      site: 'T',
      lang: 'en-GB',
    });
    expect(messageView(announce(resolved, 'correction'), record)).toMatchObject({
      headline: 'Correction: Resolved: outage',
      services: ['API: operational'],
      colour: '#1a7f37',
    });
    expect(messageView(announce(note), record)).toMatchObject({ headline: 'Notice: note', state: '', services: [] });
    expect(facts(messageView(announce(note), record))).toEqual([['Posted', '1 Jan 2025, 09:00 GMT+8']]);
  });

  it('colours an incident that names no services by its impact, as its banner does, not green', () => {
    const quiet = incident('quiet', '2025-01-01T00:00Z', {}, undefined, ['2025-01-01T00:05Z'], { impact: 'major' });
    const r = buildRecord(content({ incidents: [quiet] }), new Date('2025-01-02T00:00Z'), {
      id: 'page1',
      status: { indicator: 'major', description: 'Partial System Outage' },
    });
    const view = messageView(announce(r.entries[0]!), r);
    expect(view.services).toEqual([]);
    // A major impact is shown in the partial outage colour (the manual's table), light scheme: #bc4c00.
    expect(view.colour).toBe('#bc4c00');
    expect(view.colour).not.toBe('#1a7f37');
    expect(discordPayload(view, '2025-01-01T00:05:00Z')).toMatchObject({ embeds: [{ color: 0xbc4c00 }] });
  });
});

describe('chat payloads', () => {
  const view = messageView(announce(first), record);
  it('Slack: Block Kit with header, escaped text, fields and link', () => {
    const p = slackPayload(view);
    expect(p.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Investigating: outage', emoji: false } });
    expect(p.blocks[1]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: 'Requests fail with 502 &amp; time out. Investigating.' },
    });
    expect(p.blocks[2]!.fields!.map((f) => f.text)).toEqual([
      '*State*\nInvestigating',
      '*Impact*\nMinor impact',
      '*Services*\nAPI: major outage',
      '*Posted*\n1 Jan 2025, 08:05 GMT+8',
    ]);
    expect(p.blocks[3]).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '<https://t.example/incidents/outage/#u0|View on T>' }],
    });
  });
  it('Slack: staff text cannot ping a channel or form a link, in the notification text either', () => {
    const hostile = { ...view, headline: 'Down <!channel> <https://evil.example|click>', text: 'Ping <!here> and <@U123>' };
    const p = slackPayload(hostile);
    expect(p.text).toBe('Down &lt;!channel&gt; &lt;https://evil.example|click&gt;: https://t.example/incidents/outage/#u0');
    expect(p.blocks[1]!.text!.text).toBe('Ping &lt;!here&gt; and &lt;@U123&gt;');
    // Only the header keeps the text as written: a plain_text block, where Slack reads no mention or link.
    expect(p.blocks[0]!.text!.type).toBe('plain_text');
    expect(JSON.stringify({ ...p, blocks: p.blocks.slice(1) })).not.toMatch(/<!|<@|<https:\/\/evil/);
  });
  it('Teams: staff text forms no link, list or emphasis (CommonMark backslash escapes)', () => {
    const hostile = {
      ...view,
      headline: 'Outage [click](https://evil.example)',
      text: '- not a list\n2. nor this\n**loud** _and_ <at>everyone</at>',
      services: ['API [x](y)'],
    };
    const body = teamsPayload(hostile).attachments[0]!.content.body;
    expect(body[0]!.text).toBe('Outage \\[click\\]\\(https://evil.example\\)');
    expect(body[1]!.text).toBe('\\- not a list\n2\\. nor this\n\\*\\*loud\\*\\* \\_and\\_ \\<at\\>everyone\\</at\\>');
    expect(body[2]!.facts!.find((f) => f.title === 'Services')!.value).toBe('API \\[x\\]\\(y\\)');
  });
  it('Discord: one embed, colour as a number, no mentions', () => {
    const p = discordPayload(view, first.at);
    expect(p.allowed_mentions).toEqual({ parse: [] });
    expect(p.embeds[0]).toMatchObject({
      title: 'Investigating: outage',
      url: view.url,
      color: 0xcf222e,
      timestamp: '2025-01-01T00:05:00.000Z',
    });
    expect(p.embeds[0]!.color).toBe(13574702);
  });
  it('Mattermost: Markdown with special characters escaped', () => {
    expect(mattermostPayload({ ...view, text: 'a *b* @here' }).text).toBe(
      '#### Investigating: outage\n\na \\*b\\* @\u200bhere\n\n**State:** Investigating\n**Impact:** Minor impact\n**Services:** API: major outage\n**Posted:** 1 Jan 2025, 08:05 GMT+8\n\n[View on T](https://t.example/incidents/outage/#u0)',
    );
  });
  it('Teams: an Adaptive Card with a fact set and an open-URL action', () => {
    const card = teamsPayload(view).attachments[0]!;
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content.body[2]).toEqual({
      type: 'FactSet',
      facts: [
        { title: 'State', value: 'Investigating' },
        { title: 'Impact', value: 'Minor impact' },
        { title: 'Services', value: 'API: major outage' },
        { title: 'Posted', value: '1 Jan 2025, 08:05 GMT+8' },
      ],
    });
    expect(card.content.actions).toEqual([{ type: 'Action.OpenUrl', title: 'View on T', url: view.url }]);
  });
});

describe('webhookPayload', () => {
  it('has the Statuspage shape with every update so far, newest first, keyed by time', () => {
    const p = webhookPayload(announce(resolved), record);
    expect(p.page).toEqual({ id: 'page1', status_indicator: 'critical', status_description: 'Major Service Outage' });
    if (!('incident' in p)) throw new Error('expected an incident');
    expect(p.incident).toMatchObject({
      id: stableId('incident', 'outage'),
      status: 'resolved',
      impact: 'minor',
      created_at: '2025-01-01T00:05:00.000Z',
      resolved_at: '2025-01-01T02:00:00.000Z',
      shortlink: 'https://t.example/incidents/outage/',
    });
    expect(p.incident.incident_updates.map((u) => [u.id, u.status])).toEqual([
      [stableId('update', 'incident/outage/20250101T020000Z'), 'resolved'],
      [stableId('update', 'incident/outage/20250101T000500Z'), 'investigating'],
    ]);
  });
  it('sends a notice as its own object', () => {
    expect(webhookPayload(announce(note), record)).toMatchObject({
      meta: { documentation: 'https://t.example/subscribe/' },
      notice: { name: 'note', level: 'info', body: 'b' },
    });
  });
});

describe('emailMessage', () => {
  it('gives each update a stable Message-ID and threads later ones under the first', () => {
    const one = emailMessage(announce(first), record);
    expect(one).toMatchObject({ subject: '[T] Investigating: outage', messageId: '<incident.outage.20250101T000500Z@t.example>' });
    expect(one.inReplyTo).toBeUndefined();
    expect(one.text).toContain(
      'Requests fail with 502 & time out. Investigating.\n\nState: Investigating\nImpact: Minor impact\nServices: API: major outage\nPosted: 1 Jan 2025, 08:05 GMT+8\n\nView the update: https://t.example/incidents/outage/#u0',
    );
    expect(one.html).toContain('<p>Requests fail with 502 &amp; time out. <em>Investigating</em>.</p>');
    const two = emailMessage(announce(resolved), record);
    expect(two).toMatchObject({
      messageId: '<incident.outage.20250101T020000Z@t.example>',
      inReplyTo: '<incident.outage.20250101T000500Z@t.example>',
      references: ['<incident.outage.20250101T000500Z@t.example>'],
    });
  });
  it('sends a correction as a new message answering the update it corrects', () => {
    const fix = emailMessage(announce(resolved, 'correction'), record);
    expect(fix.messageId).toBe(`<correction.${resolved.hash.slice(0, 16)}.incident.outage.20250101T020000Z@t.example>`);
    expect(fix).toMatchObject({
      inReplyTo: '<incident.outage.20250101T020000Z@t.example>',
      references: ['<incident.outage.20250101T000500Z@t.example>', '<incident.outage.20250101T020000Z@t.example>'],
    });
  });
});

describe('signature', () => {
  it('is HMAC-SHA256 in hex (RFC 4231 test case 2)', () => {
    expect(signature('what do ya want for nothing?', 'Jefe')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });
});

describe('messages in a channel’s language', () => {
  const bilingual = buildRecord(bilingualContent(), new Date('2025-01-02T00:00Z'), {
    id: 'page1',
    status: { indicator: 'critical', description: 'Major Service Outage' },
  });
  const [entry] = bilingual.entries;

  it('word the default language’s message in its catalog, with its dates', () => {
    expect(messageView(announce(entry!), bilingual)).toMatchObject({
      headline: '调查中：接口报错',
      state: '调查中',
      impact: '轻微影响',
      services: ['API：重大中断'],
      text: '正在调查。',
      url: 'https://t.example/incidents/outage/#u0',
      lang: 'zh-CN',
    });
    const mail = emailMessage(announce(entry!, 'correction'), bilingual);
    expect(mail.subject).toBe('[T] 更正：调查中：接口报错');
    expect(mail.text).toContain('状态：调查中\n影响：轻微影响\n服务：API：重大中断\n');
    expect(mail.text).toContain('查看此更新：https://t.example/incidents/outage/#u0');
  });
  it('word another language’s message in its own words, texts and links', () => {
    const english = recordIn(bilingual, 'en');
    const view = messageView(announce(english.entries[0]!), english, 'en');
    expect(view).toMatchObject({
      headline: 'Investigating: API errors',
      services: ['API: major outage'],
      text: 'Looking into it.',
      url: 'https://t.example/en/incidents/outage/#u0',
      lang: 'en',
    });
    expect(slackPayload(view).blocks[3]).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '<https://t.example/en/incidents/outage/#u0|View on T>' }],
    });
    const hook = webhookPayload(announce(english.entries[0]!), english);
    if (!('incident' in hook)) throw new Error('expected an incident');
    expect([hook.incident.name, hook.incident.shortlink, hook.incident.incident_updates[0]!.body]).toEqual([
      'API errors',
      'https://t.example/en/incidents/outage/',
      'Looking into it.',
    ]);
  });
});
