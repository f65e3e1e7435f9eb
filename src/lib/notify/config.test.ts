import { describe, expect, it } from 'vitest';
import { formatProblem } from '../content/problems.ts';
import { channelEnv, channelWants, looksSecret, parseNotifyConfig } from './config.ts';
import { CAPABILITY_URLS } from '../../dev/capability-urls.ts';

const ids = new Set(['api', 'web-chat']);
const parse = (text: string) => parseNotifyConfig('content/notify.yaml', text, ids);
const problems = (text: string) => parse(text).problems.map(formatProblem);

const NO_URL = (env: string) =>
  `a receiver's URL is never written in notify.yaml (teams commit it, often publicly, and the URL alone lets anyone post); put it in an environment variable (a CI secret) and name it: url_env: ${env}`;

const GOOD = `channels:
  - name: ops
    type: webhook
    url_env: OPS_WEBHOOK_URL
    secret_env: OPS_WEBHOOK_SECRET
    services: [api]
    min_impact: major
  - name: team-slack
    type: slack
    url_env: SLACK_WEBHOOK_URL
    join: https://join.slack.com/t/nimbus/shared_invite/abc
  - name: announce
    type: email
    smtp:
      host: smtp.example.com
      user_env: SMTP_USER
      password_env: SMTP_PASSWORD
    from: Nimbus status <status@nimbus.example>
    to: status-announce@lists.nimbus.example
    unsubscribe: mailto:status-announce+unsubscribe@lists.nimbus.example
`;

describe('parseNotifyConfig', () => {
  it("takes a channel's language from the site's languages, in the site's spelling, and names one the site lacks", () => {
    const text = `channels:
  - { name: cn, type: slack, url_env: A }
  - { name: en, type: slack, url_env: B, language: EN }
  - name: fr
    type: slack
    url_env: C
    language: fr
`;
    const both = ['zh-CN', 'en'];
    const result = parseNotifyConfig('content/notify.yaml', text, ids, both);
    expect(result.problems.map(formatProblem)).toEqual([
      'content/notify.yaml:7: channels.2.language: "fr" is not one of the site\'s languages (site.yaml languages: zh-CN, en)',
    ]);
    const fine = parseNotifyConfig('content/notify.yaml', text.replace('language: fr', 'language: zh-cn'), ids, both);
    expect(fine.value!.channels.map((c) => c.language)).toEqual([undefined, 'en', 'zh-CN']);
  });

  it('reads channels and fills defaults', () => {
    const { value, problems: p } = parse(GOOD);
    expect(p).toEqual([]);
    expect(value!.channels.map((c) => [c.name, c.type, c.min_impact, c.timeout])).toEqual([
      ['ops', 'webhook', 'major', 10],
      ['team-slack', 'slack', 'none', 10],
      ['announce', 'email', 'none', 10],
    ]);
    const email = value!.channels[2]!;
    expect(email.type === 'email' && email.smtp).toEqual({
      host: 'smtp.example.com',
      port: 587,
      secure: false,
      tls: 'required',
      user_env: 'SMTP_USER',
      password_env: 'SMTP_PASSWORD',
    });
    expect(value!.channels.map(channelEnv)).toEqual([
      ['OPS_WEBHOOK_URL', 'OPS_WEBHOOK_SECRET'],
      ['SLACK_WEBHOOK_URL'],
      ['SMTP_USER', 'SMTP_PASSWORD'],
    ]);
  });

  it('refuses a secret written in the file, naming its line', () => {
    const text = GOOD.replace('url_env: SLACK_WEBHOOK_URL', 'url_env: https://hooks.slack.com/services/T000/B000/XXXXXXXX');
    expect(problems(text)).toEqual([
      'content/notify.yaml:10: channels.1.url_env: looks like a secret (a webhook URL, token or password); put it in an environment variable and name the variable here (url_env, secret_env, password_env)',
      'content/notify.yaml:10: channels.1.url_env: must be the NAME of an environment variable, e.g. SLACK_WEBHOOK_URL (the value stays out of the repository)',
    ]);
  });

  it('names unknown services, types, fields and duplicate names with their lines', () => {
    const text = `channels:
  - name: a
    type: pager
  - name: a
    type: discord
    url_env: D
    services: [api, billing]
    colour: red
  - name: b
    type: webhook
    url_env: X
    url: https://r.example/
`;
    expect(problems(text)).toEqual([
      'content/notify.yaml:3: channels.0.type: must be one of webhook | slack | discord | teams | mattermost | email (got "pager")',
      'content/notify.yaml:8: channels.1.colour: unknown field; expected one of name, type, services, min_impact, include, join, timeout, language, url_env',
      `content/notify.yaml:12: channels.2.url: ${NO_URL('B_URL')}`,
    ]);
    expect(problems(text.replace('    colour: red\n', ''))).toEqual([
      'content/notify.yaml:3: channels.0.type: must be one of webhook | slack | discord | teams | mattermost | email (got "pager")',
      'content/notify.yaml:7: channels.1.services.1: "billing" is not a service in services.yaml; known: api, web-chat',
      `content/notify.yaml:11: channels.2.url: ${NO_URL('B_URL')}`,
    ]);
    expect(problems(text.replace('    colour: red\n', '').replace('type: pager', 'type: teams\n    url_env: T'))).toEqual([
      'content/notify.yaml:5: channels.1.name: "a" is already used at line 2',
      'content/notify.yaml:8: channels.1.services.1: "billing" is not a service in services.yaml; known: api, web-chat',
      `content/notify.yaml:12: channels.2.url: ${NO_URL('B_URL')}`,
    ]);
  });

  it('refuses a literal url: for every channel type, a plain one too, naming the line and the url_env way', () => {
    for (const type of ['webhook', 'slack', 'discord', 'teams', 'mattermost', 'email']) {
      expect(problems(`channels:\n  - name: ops-${type}\n    type: ${type}\n    url: https://receiver.example/in\n`), type).toEqual([
        `content/notify.yaml:4: channels.0.url: ${NO_URL(`OPS_${type.toUpperCase()}_URL`)}`,
      ]);
    }
  });

  it('refuses each of 11 capability-URL shapes wherever it is written, a join: link too', () => {
    for (const url of CAPABILITY_URLS) {
      expect(problems(`channels:\n  - name: a\n    type: slack\n    url_env: A\n    join: ${url}\n`), url).toEqual([
        'content/notify.yaml:5: channels.0.join: looks like a secret (a webhook URL, token or password); put it in an environment variable and name the variable here (url_env, secret_env, password_env)',
      ]);
    }
    // A public invitation stays allowed.
    expect(
      problems('channels:\n  - name: a\n    type: slack\n    url_env: A\n    join: https://join.slack.com/t/nimbus/shared_invite/abc\n'),
    ).toEqual([]);
  });

  it('reports broken YAML', () => {
    expect(problems('channels: [\n')[0]).toMatch(/^content\/notify\.yaml:\d+: yaml: /);
  });
});

describe('looksSecret', () => {
  it('spots each capability-URL shape', () => {
    for (const url of CAPABILITY_URLS) expect(looksSecret(url), url).toBe(true);
  });

  it('spots credentials and leaves ordinary values alone', () => {
    for (const s of [
      'https://hooks.slack.com/services/T0/B0/abc',
      'https://discord.com/api/webhooks/123/abc',
      'https://prod-01.westeurope.logic.azure.com/workflows/x/triggers/manual/paths/invoke?sig=abc',
      'https://chat.example.com/hooks/abcdefghijklmnopqrstuvwxyz',
      'smtp://user:hunter2@smtp.example.com',
      'xoxb-1234567890-abcdefgh',
      'c2VjcmV0LWtleS0xMjM0NTY3ODkwYWJjZGVmZ2hpams=',
    ])
      expect(looksSecret(s), s).toBe(true);
    for (const s of [
      'https://hooks.example.com/statusmark',
      'SLACK_WEBHOOK_URL',
      'Nimbus status <status@nimbus.example>',
      'smtp.example.com',
      'mailto:x+unsubscribe@lists.example',
    ]) {
      expect(looksSecret(s), s).toBe(false);
    }
  });
});

describe('channelWants', () => {
  const base = {
    include: ['incidents', 'maintenance', 'notices'] as ('incidents' | 'maintenance' | 'notices')[],
    min_impact: 'none' as const,
  };
  it('filters incidents by impact and service, lets notices through', () => {
    const ch = { ...base, min_impact: 'major' as const, services: ['api'] };
    expect(channelWants(ch, { kind: 'incident', impact: 'critical', services: [{ id: 'api' }] })).toBe(true);
    expect(channelWants(ch, { kind: 'incident', impact: 'minor', services: [{ id: 'api' }] })).toBe(false);
    expect(channelWants(ch, { kind: 'incident', impact: 'critical', services: [{ id: 'web-chat' }] })).toBe(false);
    expect(channelWants(ch, { kind: 'maintenance', services: [{ id: 'api' }] })).toBe(true);
    expect(channelWants(ch, { kind: 'notice', services: [] })).toBe(true);
    expect(channelWants({ ...base, include: ['incidents'] }, { kind: 'notice', services: [] })).toBe(false);
  });
});
