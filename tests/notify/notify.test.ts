/**
 * A sequence of deploys announced to real receivers on 127.0.0.1: a new incident, two
 * updates, its resolution, a maintenance, a notice during which one receiver fails, a
 * re-run, a correction and a re-run of that. Each receiver must get each announcement
 * exactly once and in order; one that answers 500 twice and one that answers 429 get
 * there by retrying; one that is down gets nothing and keeps it all pending.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMail } from 'mailparser';
import { parseNotifyConfig, type NotifyConfig } from '../../src/lib/notify/config.ts';
import { buildRecord, type PublishedRecord } from '../../src/lib/notify/record.ts';
import { dispatch, emptyState, type ChannelSummary, type SentState } from '../../src/lib/notify/send.ts';
import { content, incident, maintenance, notice, service } from '../../src/dev/test-helpers.ts';
import type { Content, IncidentState } from '../../src/lib/content/model.ts';
import { closedPort, endpoint, startHttp, startSmtp, type HttpReceivers, type SmtpReceiver } from './receivers.ts';
import { discordMessage, mattermostMessage, slackMessage, statuspageWebhook, teamsMessage } from './schemas.ts';
import { stretched } from '../../src/dev/work.ts';

/** A test's time limit here on an idle machine, stretched by how busy the machine is (src/dev/work.ts). */
const TIME_LIMIT = stretched(60_000);

const SECRET = 'a-test-signing-secret';

// ---------------------------------------------------------------- the content of each deploy

const services = [service('api', { name: 'API' }), service('web', { name: 'Web' })];
const site = {
  name: 'Nimbus Status',
  url: 'https://status.nimbus.example',
  base: '/',
  description: '',
  timeZone: 'Asia/Shanghai',
  locale: 'en-GB',
  languages: ['en-GB'],
  links: {},
  historyDays: 7,
};
const old = incident('old-outage', '2024-12-20T00:00Z', { api: 'partial_outage' }, '2024-12-20T01:00Z', [
  '2024-12-20T00:05Z',
  '2024-12-20T01:00Z',
]);
const STATES: IncidentState[] = ['investigating', 'identified', 'monitoring', 'resolved'];
const full = incident(
  'api-errors',
  '2025-01-01T00:00Z',
  { api: 'major_outage' },
  '2025-01-01T02:00Z',
  ['2025-01-01T00:05Z', '2025-01-01T01:00Z', '2025-01-01T01:30Z', '2025-01-01T02:00Z'],
  { impact: 'critical' },
);
full.title = 'API errors';
full.updates.forEach((u, i) => {
  u.state = STATES[i]!;
  u.message = `Update ${i + 1} about the <b>API</b>.`;
});
const win = {
  ...maintenance('db-upgrade', '2025-01-03T00:00Z', '2025-01-03T01:00Z', ['web'], ['2025-01-01T03:00Z']),
  title: 'Database upgrade',
};
const note = { ...notice('phone-support', '2025-01-01T04:00Z'), title: 'Phone support closed' };

/** The API incident with its first `n` updates. */
const apiErrors = (n: number) => ({ ...full, updates: full.updates.slice(0, n) });
const corrected = {
  ...full,
  updates: full.updates.map((u, i) => (i === 1 ? { ...u, message: 'Update 2, corrected: a faulty load balancer.' } : u)),
};

const deploys: { name: string; content: Content }[] = [
  { name: 'first run on the archive', content: content({ services, incidents: [old] }) },
  { name: 'new incident', content: content({ services, incidents: [apiErrors(1), old] }) },
  { name: 'two updates', content: content({ services, incidents: [apiErrors(3), old] }) },
  { name: 'resolved', content: content({ services, incidents: [apiErrors(4), old] }) },
  { name: 'maintenance', content: content({ services, incidents: [apiErrors(4), old], maintenance: [win] }) },
  {
    name: 'notice (the webhook fails)',
    content: content({ services, incidents: [apiErrors(4), old], maintenance: [win], notices: [note] }),
  },
  { name: 'correction', content: content({ services, incidents: [corrected, old], maintenance: [win], notices: [note] }) },
];
const now = new Date('2025-01-05T00:00Z');
const page = { id: 'nimbuspage01', status: { indicator: 'none', description: 'All Systems Operational' } };
const records: PublishedRecord[] = deploys.map((d) => buildRecord({ ...d.content, site }, now, page));

/** What every receiver that takes everything must get, in this order. */
const EVERYTHING = [
  'Investigating: API errors',
  'Identified: API errors',
  'Monitoring: API errors',
  'Resolved: API errors',
  'Maintenance scheduled: Database upgrade',
  'Notice: Phone support closed',
  'Correction: Identified: API errors',
];

// ---------------------------------------------------------------- receivers and channels

let http: HttpReceivers;
let smtp: SmtpReceiver;
let config: NotifyConfig;
const env: Record<string, string> = {};
const waits: number[] = [];
const summaries: ChannelSummary[][] = [];

const endpoints = new Map([
  ['/hook', endpoint(statuspageWebhook, { secret: SECRET })],
  ['/flaky', endpoint(statuspageWebhook, { failures: [500, 500] })],
  ['/slack', endpoint(slackMessage)],
  ['/busy', endpoint(slackMessage, { failures: [429] })],
  ['/teams', endpoint(teamsMessage)],
  ['/mattermost', endpoint(mattermostMessage)],
  ['/discord', endpoint(discordMessage)],
]);

async function run(before: PublishedRecord | null, after: PublishedRecord, state: SentState): Promise<SentState> {
  const result = await dispatch(config, before, after, state, {
    env,
    retries: 2,
    backoffMs: 2,
    sleep: (ms) => {
      waits.push(ms);
      return new Promise((done) => setTimeout(done, 1));
    },
  });
  summaries.push(result.summary);
  return result.state;
}

beforeAll(async () => {
  http = await startHttp(endpoints);
  smtp = await startSmtp();
  const down = await closedPort();
  Object.assign(env, {
    HOOK_SECRET: SECRET,
    HOOK_URL: http.url('/hook'),
    FLAKY_URL: http.url('/flaky'),
    SLACK_URL: http.url('/slack'),
    BUSY_URL: http.url('/busy'),
    TEAMS_URL: http.url('/teams'),
    MATTERMOST_URL: http.url('/mattermost'),
    DISCORD_URL: http.url('/discord'),
    DOWN_URL: `http://127.0.0.1:${down}/webhook`,
  });
  const yaml = `channels:
  - { name: hook, type: webhook, url_env: HOOK_URL, secret_env: HOOK_SECRET }
  - { name: flaky, type: webhook, url_env: FLAKY_URL }
  - { name: slack, type: slack, url_env: SLACK_URL }
  - { name: busy, type: slack, url_env: BUSY_URL }
  - { name: teams, type: teams, url_env: TEAMS_URL }
  - { name: discord, type: discord, url_env: DISCORD_URL }
  - { name: ops-only, type: mattermost, url_env: MATTERMOST_URL, include: [maintenance, notices], services: [web] }
  - { name: down, type: discord, url_env: DOWN_URL, timeout: 2 }
  - name: list
    type: email
    smtp: { host: 127.0.0.1, port: ${smtp.port} }
    from: Nimbus Status <status@nimbus.example>
    to: status-announce@lists.nimbus.example
    unsubscribe: mailto:status-announce+unsubscribe@lists.nimbus.example
`;
  const parsed = parseNotifyConfig('notify.yaml', yaml, new Set(['api', 'web']));
  expect(parsed.problems).toEqual([]);
  config = parsed.value!;

  // The sequence: each deploy compares the live record before it with its own.
  let state = emptyState();
  state = await run(null, records[0]!, state);
  for (let i = 1; i <= 4; i++) state = await run(records[i - 1]!, records[i]!, state);
  endpoints.get('/hook')!.down = 503;
  state = await run(records[4]!, records[5]!, state); // the notice: the webhook fails
  delete endpoints.get('/hook')!.down;
  state = await run(records[4]!, records[5]!, state); // re-run of the same deploy
  state = await run(records[5]!, records[6]!, state); // the correction
  await run(records[5]!, records[6]!, state); // re-run after success
}, TIME_LIMIT);

afterAll(async () => {
  await http?.close();
  await smtp?.close();
});

const headlines = {
  webhook: (path: string) =>
    endpoints.get(path)!.accepted.map(({ body, headers }) => {
      const b = body as { meta: { correction: boolean }; incident?: { name: string; status: string }; notice?: { name: string } };
      return `${b.meta.correction ? 'correction ' : ''}${String(headers['x-statusmark-delivery']).split('@')[0]}`;
    }),
  slack: (path: string) =>
    endpoints.get(path)!.accepted.map(({ body }) => (body as { blocks: { text: { text: string } }[] }).blocks[0]!.text.text),
};

describe('a sequence of deploys', () => {
  it('every receiver accepted every request it got (schemas and signatures hold)', () => {
    expect([...endpoints.values()].flatMap((e) => e.errors)).toEqual([]);
  });

  it('the webhook got each announcement once, in order, signed, with a stable delivery id', () => {
    expect(headlines.webhook('/hook')).toEqual([
      'incident/api-errors/20250101T000500Z',
      'incident/api-errors/20250101T010000Z',
      'incident/api-errors/20250101T013000Z',
      'incident/api-errors/20250101T020000Z',
      'maintenance/db-upgrade/20250101T030000Z',
      'notice/phone-support',
      'correction incident/api-errors/20250101T010000Z',
    ]);
    // The failed run tried the notice three times (1 + 2 retries), all answered 503.
    expect(endpoints.get('/hook')!.requests).toBe(7 + 3);
    const resolved = endpoints.get('/hook')!.accepted[3]!.body as {
      incident: { status: string; resolved_at: string; incident_updates: { status: string }[] };
    };
    expect(resolved.incident.status).toBe('resolved');
    expect(resolved.incident.resolved_at).toBe('2025-01-01T02:00:00.000Z');
    expect(resolved.incident.incident_updates.map((u) => u.status)).toEqual(['resolved', 'monitoring', 'identified', 'investigating']);
  });

  it('a receiver answering 500 twice got everything once after two retries', () => {
    expect(headlines.webhook('/flaky')).toHaveLength(7);
    expect(new Set(headlines.webhook('/flaky')).size).toBe(7);
    expect(endpoints.get('/flaky')!.requests).toBe(7 + 2);
  });

  it('a receiver answering 429 with Retry-After: 1 was waited for 1000 ms, then got everything once', () => {
    expect(headlines.slack('/busy')).toEqual(EVERYTHING);
    expect(endpoints.get('/busy')!.requests).toBe(8);
    expect(waits).toContain(1000);
  });

  it('Slack, Teams and Discord got everything once, in order', () => {
    expect(headlines.slack('/slack')).toEqual(EVERYTHING);
    expect(
      endpoints
        .get('/teams')!
        .accepted.map(
          ({ body }) => (body as { attachments: { content: { body: { text: string }[] } }[] }).attachments[0]!.content.body[0]!.text,
        ),
    ).toEqual(EVERYTHING);
    expect(endpoints.get('/discord')!.accepted.map(({ body }) => (body as { embeds: { title: string }[] }).embeds[0]!.title)).toEqual(
      EVERYTHING,
    );
  });

  it('a filtered channel got only maintenance on its service and the notice', () => {
    expect(endpoints.get('/mattermost')!.accepted.map(({ body }) => (body as { text: string }).text.split('\n')[0])).toEqual([
      '#### Maintenance scheduled: Database upgrade',
      '#### Notice: Phone support closed',
    ]);
  });

  it('the channel that is down got nothing and keeps everything pending, run after run', () => {
    const down = summaries.map((s) => s.find((c) => c.channel === 'down')!);
    expect(down.map((d) => [d.sent, d.pending])).toEqual([
      [0, 0],
      [0, 1],
      [0, 3],
      [0, 4],
      [0, 5],
      [0, 6],
      [0, 6],
      [0, 6],
      [0, 6],
    ]);
    expect(down[1]!.error).toMatch(/^incident\/api-errors\/20250101T000500Z: 127\.0\.0\.1:\d+: ECONNREFUSED$/);
  });

  it('the first run announced nothing old, and the runs after success sent nothing', () => {
    const totals = summaries.map((s) => s.filter((c) => c.channel !== 'down').reduce((n, c) => n + c.sent, 0));
    // Per run: archive, new incident (7 channels but ops-only), two updates, resolved, maintenance (8), notice failing on hook, re-run (hook only), correction, re-run.
    expect(totals).toEqual([0, 7, 14, 7, 8, 7, 1, 7, 0]);
    expect(summaries[5]!.find((c) => c.channel === 'hook')).toMatchObject({
      sent: 0,
      pending: 1,
      error: expect.stringMatching(/^notice\/phone-support: 127\.0\.0\.1:\d+: HTTP 503 Service Unavailable$/),
    });
  });
});

describe('the e-mail list', () => {
  const mail = () => smtp.mail;
  const byId = (id: string) => mail().find((m) => m.messageId === id) as ParsedMail;

  it('got each announcement once, in order, addressed to the list', () => {
    expect(mail().map((m) => m.subject)).toEqual(EVERYTHING.map((h) => `[Nimbus Status] ${h}`));
    expect(smtp.recipients.every((r) => r.length === 1 && r[0] === 'status-announce@lists.nimbus.example')).toBe(true);
  });

  it('threads an incident: stable Message-IDs, later ones answering the first', () => {
    expect(
      mail()
        .slice(0, 4)
        .map((m) => [m.messageId, m.inReplyTo ?? null]),
    ).toEqual([
      ['<incident.api-errors.20250101T000500Z@status.nimbus.example>', null],
      ['<incident.api-errors.20250101T010000Z@status.nimbus.example>', '<incident.api-errors.20250101T000500Z@status.nimbus.example>'],
      ['<incident.api-errors.20250101T013000Z@status.nimbus.example>', '<incident.api-errors.20250101T000500Z@status.nimbus.example>'],
      ['<incident.api-errors.20250101T020000Z@status.nimbus.example>', '<incident.api-errors.20250101T000500Z@status.nimbus.example>'],
    ]);
    expect(byId('<incident.api-errors.20250101T020000Z@status.nimbus.example>').references).toBe(
      '<incident.api-errors.20250101T000500Z@status.nimbus.example>',
    );
    const fix = mail()[6]!;
    expect(fix.inReplyTo).toBe('<incident.api-errors.20250101T010000Z@status.nimbus.example>');
    expect(fix.references).toEqual([
      '<incident.api-errors.20250101T000500Z@status.nimbus.example>',
      '<incident.api-errors.20250101T010000Z@status.nimbus.example>',
    ]);
  });

  it('has a List-Unsubscribe header and both bodies, without raw HTML from the message', () => {
    const first = mail()[0]!;
    // mailparser gathers the List-* headers under 'list'.
    expect(first.headers.get('list')).toMatchObject({ unsubscribe: { mail: 'status-announce+unsubscribe@lists.nimbus.example' } });
    expect(first.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toBe(
      'List-Unsubscribe: <mailto:status-announce+unsubscribe@lists.nimbus.example>',
    );
    expect(first.text).toContain(
      'Investigating: API errors\n\nUpdate 1 about the API.\n\nState: Investigating\nImpact: Critical impact\nServices: API: major outage\nPosted: 1 Jan 2025, 08:05 GMT+8\n\nView the update: https://status.nimbus.example/incidents/api-errors/#u0',
    );
    expect(first.html).toContain('<h1 style="font-size:1.25em">Investigating: API errors</h1>');
    expect(first.html).toContain('<a href="https://status.nimbus.example/incidents/api-errors/#u0">View the update on Nimbus Status</a>');
    expect(first.text).not.toContain('<b>');
  });
});

describe('a receiver that never answers', () => {
  it('is given up after the channel timeout, and retried like any network error', async () => {
    const slow = endpoint(statuspageWebhook, { hang: true });
    const receivers = await startHttp(new Map([['/slow', slow]]));
    try {
      const parsed = parseNotifyConfig(
        'notify.yaml',
        'channels:\n  - { name: slow, type: webhook, url_env: SLOW_URL, timeout: 0.2 }\n',
        new Set(),
      );
      const { summary } = await dispatch(parsed.value!, records[0]!, records[1]!, emptyState(), {
        env: { SLOW_URL: receivers.url('/slow') },
        retries: 1,
        backoffMs: 1,
      });
      expect(summary).toEqual([
        {
          channel: 'slow',
          type: 'webhook',
          sent: 0,
          pending: 1,
          error: expect.stringMatching(/^incident\/api-errors\/20250101T000500Z: 127\.0\.0\.1:\d+: no answer in 0\.2 s$/),
        },
      ]);
      expect(slow.requests).toBe(2);
    } finally {
      await receivers.close();
    }
  });
});

describe('an SMTP server that refuses', () => {
  const listConfig = (port: number) =>
    parseNotifyConfig(
      'notify.yaml',
      `channels:
  - name: list
    type: email
    smtp: { host: 127.0.0.1, port: ${port} }
    from: status@nimbus.example
    to: announce@lists.nimbus.example
    unsubscribe: mailto:announce+unsubscribe@lists.nimbus.example
`,
      new Set(),
    ).value!;

  it('is tried again after a 4xx reply, and the mail goes through once', async () => {
    const server = await startSmtp([451, 451]);
    try {
      const { summary } = await dispatch(listConfig(server.port), records[0]!, records[1]!, emptyState(), {
        env: {},
        retries: 3,
        backoffMs: 1,
      });
      expect(summary).toEqual([{ channel: 'list', type: 'email', sent: 1, pending: 0 }]);
      expect(server.attempts()).toBe(3);
      expect(server.mail.map((m) => m.messageId)).toEqual(['<incident.api-errors.20250101T000500Z@status.nimbus.example>']);
    } finally {
      await server.close();
    }
  });

  it('is not tried again after a 5xx reply', async () => {
    const server = await startSmtp([550]);
    try {
      const { summary, state } = await dispatch(listConfig(server.port), records[0]!, records[1]!, emptyState(), {
        env: {},
        retries: 3,
        backoffMs: 1,
      });
      expect(summary).toEqual([
        {
          channel: 'list',
          type: 'email',
          sent: 0,
          pending: 1,
          error: expect.stringMatching(/^incident\/api-errors\/20250101T000500Z: SMTP: 550 /),
        },
      ]);
      expect(server.attempts()).toBe(1);
      expect(state.channels['list']!.pending).toEqual({ 'incident/api-errors/20250101T000500Z': 'new' });
    } finally {
      await server.close();
    }
  });
});

describe('SMTP credentials and TLS', () => {
  const withLogin = (port: number, extra = '') =>
    parseNotifyConfig(
      'notify.yaml',
      `channels:
  - name: list
    type: email
    smtp: { host: 127.0.0.1, port: ${port}, user_env: SMTP_USER, password_env: SMTP_PASSWORD${extra} }
    from: status@nimbus.example
    to: announce@lists.nimbus.example
    unsubscribe: mailto:announce+unsubscribe@lists.nimbus.example
`,
      new Set(),
    ).value!;
  const env = { SMTP_USER: 'status', SMTP_PASSWORD: 'hunter2-for-the-test' };

  it('refuses a server that offers AUTH without STARTTLS: a clear message, no login, nothing sent, kept pending', async () => {
    const server = await startSmtp([], { auth: true });
    try {
      const { summary, state } = await dispatch(withLogin(server.port), records[0]!, records[1]!, emptyState(), {
        env,
        retries: 3,
        backoffMs: 1,
      });
      expect(summary).toEqual([
        {
          channel: 'list',
          type: 'email',
          sent: 0,
          pending: 1,
          error: `incident/api-errors/20250101T000500Z: SMTP: 127.0.0.1:${server.port} offers no STARTTLS, and TLS is required before credentials or mail are sent; use secure: true (port 465) if it speaks TLS from the start, or tls: none-trusted-relay for a relay you trust on your own network`,
        },
      ]);
      expect(server.logins()).toEqual([]);
      expect(server.attempts()).toBe(0);
      expect(server.mail).toEqual([]);
      expect(state.channels['list']!.pending).toEqual({ 'incident/api-errors/20250101T000500Z': 'new' });
    } finally {
      await server.close();
    }
  });

  it('logs in and sends in the clear only when the channel says tls: none-trusted-relay', async () => {
    const server = await startSmtp([], { auth: true });
    try {
      const { summary } = await dispatch(withLogin(server.port, ', tls: none-trusted-relay'), records[0]!, records[1]!, emptyState(), {
        env,
        retries: 0,
        backoffMs: 1,
      });
      expect(summary).toEqual([{ channel: 'list', type: 'email', sent: 1, pending: 0 }]);
      expect(server.logins()).toEqual(['status:hunter2-for-the-test']);
      expect(server.mail.map((m) => m.subject)).toEqual(['[Nimbus Status] Investigating: API errors']);
    } finally {
      await server.close();
    }
  });
});
