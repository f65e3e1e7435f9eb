import { describe, expect, it } from 'vitest';
import { parseNotifyConfig } from '../notify/config.ts';
import { subscribeOptions } from './subscribe.ts';
import { en } from '../languages/catalogs/en.ts';
import { content, service } from '../../dev/test-helpers.ts';

const base = content({ services: [service('api', { name: 'API' })] });
const c = { ...base, site: { ...base.site, url: 'https://status.example.com', base: '/status/' } };

describe('subscribeOptions', () => {
  it('lists feeds, per-service feeds, the calendar and the API as absolute URLs', () => {
    expect(subscribeOptions(c, undefined, en)).toEqual({
      feeds: [
        { label: 'RSS', url: 'https://status.example.com/status/updates.rss' },
        { label: 'Atom', url: 'https://status.example.com/status/updates.atom' },
      ],
      incidentFeeds: [
        { label: 'RSS', url: 'https://status.example.com/status/history.rss' },
        { label: 'Atom', url: 'https://status.example.com/status/history.atom' },
      ],
      services: [
        {
          name: 'API',
          rss: 'https://status.example.com/status/services/api/history.rss',
          atom: 'https://status.example.com/status/services/api/history.atom',
        },
      ],
      calendar: 'https://status.example.com/status/maintenance.ics',
      api: 'https://status.example.com/status/api/v2/summary.json',
      channels: [],
    });
  });
  it('adds the e-mail list and chats that have a join link, never a webhook URL', () => {
    const config = parseNotifyConfig(
      'notify.yaml',
      `channels:
  - { name: chat, type: slack, url_env: SLACK_URL, join: "https://join.slack.com/t/x/shared_invite/y" }
  - { name: quiet, type: discord, url_env: DISCORD_URL }
  - name: list
    type: email
    smtp: { host: smtp.example.com }
    from: s@example.com
    to: announce@lists.example.com
    unsubscribe: mailto:announce+unsubscribe@lists.example.com
    join: https://lists.example.com/announce
`,
      new Set(['api']),
    ).value;
    expect(subscribeOptions(c, config, en).channels).toEqual([
      { kind: 'chat', label: 'Slack', url: 'https://join.slack.com/t/x/shared_invite/y' },
      { kind: 'email', label: 'E-mail list', url: 'https://lists.example.com/announce', address: 'announce@lists.example.com' },
    ]);
  });
});
