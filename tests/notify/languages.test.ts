/**
 * Channels in two languages of a bilingual site ([zh-CN, en]) announce the same update to
 * real receivers on 127.0.0.1: each in its language's words, texts and links, and a
 * correction made only to the English text reaches only the English channels.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNotifyConfig } from '../../src/lib/notify/config.ts';
import { buildRecord, type PublishedRecord } from '../../src/lib/notify/record.ts';
import { dispatch, emptyState, type SentState } from '../../src/lib/notify/send.ts';
import { bilingualContent } from '../../src/dev/test-helpers.ts';
import { endpoint, startHttp, startSmtp, type HttpReceivers, type SmtpReceiver } from './receivers.ts';
import { slackMessage, statuspageWebhook } from './schemas.ts';
import { stretched } from '../../src/dev/work.ts';

/** A test's time limit here on an idle machine, stretched by how busy the machine is (src/dev/work.ts). */
const TIME_LIMIT = stretched(30_000);

const now = new Date('2025-01-02T00:00Z');
const page = { id: 'nimbuspage01', status: { indicator: 'major', description: 'Partial System Outage' } };
const record = (englishTitle?: string): PublishedRecord => buildRecord(bilingualContent(englishTitle), now, page);
const nothingYet = { ...record(), entries: [] };

const endpoints = new Map([
  ['/zh', endpoint(slackMessage)],
  ['/en', endpoint(slackMessage)],
  ['/en-hook', endpoint(statuspageWebhook)],
]);
let http: HttpReceivers;
let smtp: SmtpReceiver;

beforeAll(async () => {
  http = await startHttp(endpoints);
  smtp = await startSmtp();
  const yaml = `channels:
  - { name: zh, type: slack, url_env: ZH_URL }
  - { name: en, type: slack, url_env: EN_URL, language: en }
  - { name: en-hook, type: webhook, url_env: EN_HOOK_URL, language: en }
  - name: en-list
    type: email
    language: en
    smtp: { host: 127.0.0.1, port: ${smtp.port} }
    from: Nimbus Status <status@nimbus.example>
    to: status-announce@lists.nimbus.example
    unsubscribe: mailto:status-announce+unsubscribe@lists.nimbus.example
`;
  const parsed = parseNotifyConfig('notify.yaml', yaml, new Set(['api']), ['zh-CN', 'en']);
  expect(parsed.problems).toEqual([]);
  const options = {
    env: { ZH_URL: http.url('/zh'), EN_URL: http.url('/en'), EN_HOOK_URL: http.url('/en-hook') },
    retries: 0,
    backoffMs: 1,
  };
  let state: SentState = emptyState();
  state = (await dispatch(parsed.value!, nothingYet, record(), state, options)).state;
  // Only the English title is corrected.
  await dispatch(parsed.value!, record(), record('API errors in Europe'), state, options);
}, TIME_LIMIT);

afterAll(async () => {
  await http?.close();
  await smtp?.close();
});

const slack = (path: string) =>
  endpoints
    .get(path)!
    .accepted.map(
      ({ body }) => body as { blocks: { text?: { text: string }; fields?: { text: string }[]; elements?: { text: string }[] }[] },
    );

describe('channels in two languages', () => {
  it('every receiver accepted what it got', () => {
    expect([...endpoints.values()].flatMap((e) => e.errors)).toEqual([]);
  });

  it('the default-language channel got the update in Chinese, linking the Chinese page, and no correction', () => {
    const [only, ...rest] = slack('/zh');
    expect(rest).toEqual([]);
    expect(only!.blocks[0]!.text!.text).toBe('调查中：接口报错');
    expect(only!.blocks[1]!.text!.text).toBe('正在调查。');
    expect(only!.blocks[2]!.fields!.map((f) => f.text)).toContain('*服务*\nAPI：重大中断');
    expect(only!.blocks[3]!.elements![0]!.text).toBe('<https://t.example/incidents/outage/#u0|在 T 上查看>');
  });

  it('the English channels got it in English, linking the English page, then the correction of the English title', () => {
    expect(slack('/en').map((m) => m.blocks[0]!.text!.text)).toEqual([
      'Investigating: API errors',
      'Correction: Investigating: API errors in Europe',
    ]);
    expect(slack('/en')[0]!.blocks[1]!.text!.text).toBe('Looking into it.');
    expect(slack('/en')[0]!.blocks[3]!.elements![0]!.text).toBe('<https://t.example/en/incidents/outage/#u0|View on T>');
    const hook = endpoints
      .get('/en-hook')!
      .accepted.map(({ body }) => (body as { incident: { name: string; shortlink: string } }).incident);
    expect(hook).toEqual([
      expect.objectContaining({ name: 'API errors', shortlink: 'https://t.example/en/incidents/outage/' }),
      expect.objectContaining({ name: 'API errors in Europe', shortlink: 'https://t.example/en/incidents/outage/' }),
    ]);
    expect(smtp.mail.map((m) => m.subject)).toEqual([
      '[T] Investigating: API errors',
      '[T] Correction: Investigating: API errors in Europe',
    ]);
    expect(smtp.mail[0]!.text).toContain('State: Investigating\nImpact: Minor impact\nServices: API: major outage\n');
    expect(smtp.mail[0]!.text).toContain('View the update: https://t.example/en/incidents/outage/#u0');
  });
});
