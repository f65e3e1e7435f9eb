import { describe, expect, it } from 'vitest';
import { parseNotifyConfig } from '../notify/config.ts';
import { formActionSources, SUBSCRIBE_FIELDS, subscribeForm, subscribeOptions, unavailableUrl } from './subscribe.ts';
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

describe('the sign-up form', () => {
  const api = service('api', { name: 'API' });
  const web = service('web', { name: 'Web chat', group: 'Chat', groupId: 'chat', nameLang: 'en' });
  const billing = service('billing', { name: 'Billing', group: 'Back office', groupId: 'back-office', hiddenUntilAffected: true });
  const signUp = content({
    services: [api, web, billing],
    groups: [
      { id: 'platform', name: 'Platform', services: [api] },
      { id: 'chat', name: 'Chat', nameLang: 'en', services: [web] },
      { id: 'back-office', name: 'Back office', services: [billing] },
    ],
  });
  const site = { ...signUp.site, url: 'https://status.example.com', base: '/status/', subscriptions: { url: 'https://mail.example.org' } };
  const withService = { ...signUp, site };
  const languages = [
    { lang: 'de', name: 'Deutsch' },
    { lang: 'en', name: 'English' },
  ];

  it('is there only when site.yaml names a sign-up service', () => {
    expect(subscribeForm(signUp, languages, 'de')).toBeUndefined();
    expect(formActionSources(signUp.site)).toEqual([]);
  });
  it("posts to the service's /subscribe, lists every service as the home page groups them, and selects the page's language", () => {
    expect(subscribeForm(withService, languages, 'en')).toEqual({
      action: 'https://mail.example.org/subscribe',
      groups: [
        { id: 'platform', name: 'Platform', services: [{ id: 'api', name: 'API' }] },
        { id: 'chat', name: 'Chat', nameLang: 'en', services: [{ id: 'web', name: 'Web chat', nameLang: 'en' }] },
        // Listed on the home page only while affected, but followed all the same.
        { id: 'back-office', name: 'Back office', services: [{ id: 'billing', name: 'Billing' }] },
      ],
      languages: [
        { tag: 'de', name: 'Deutsch', selected: false },
        { tag: 'en', name: 'English', selected: true },
      ],
      // site.yaml says nothing of notices: they go to every subscriber, and the form says so.
      noticesToAll: true,
    });
  });
  it('says notices reach every subscriber only when they do (site.yaml subscriptions.notices)', () => {
    const choosing = (notices: 'all' | 'none') => ({
      ...withService,
      site: { ...site, subscriptions: { ...site.subscriptions, notices } },
    });
    expect(subscribeForm(choosing('all'), languages, 'en')?.noticesToAll).toBe(true);
    expect(subscribeForm(choosing('none'), languages, 'en')?.noticesToAll).toBe(false);
  });
  it("lets the form post to the service and the service send a visitor to the site's own page when it cannot sign them up", () => {
    expect(formActionSources(site)).toEqual([
      'https://mail.example.org/subscribe',
      'https://status.example.com/status/subscribe/unavailable/',
    ]);
    expect(unavailableUrl(site, 'en/')).toBe('https://status.example.com/status/en/subscribe/unavailable/');
    const service = { ...site, subscriptions: { url: 'http://127.0.0.1:4000/mail' } };
    expect(formActionSources(service)[0]).toBe('http://127.0.0.1:4000/mail/subscribe');
  });
  it('names the fields as the service reads them', () => {
    expect(Object.values(SUBSCRIBE_FIELDS)).toEqual(['email', 'service', 'language', 'website']);
  });
});
