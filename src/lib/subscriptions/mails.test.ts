import { describe, expect, it } from 'vitest';
import { de } from '../languages/catalogs/de.ts';
import { en } from '../languages/catalogs/en.ts';
import type { PublishedRecord, RecordEntry } from '../notify/record.ts';
import { confirmationMail, goodbyeMail, mailLanguage, updateMail } from './mails.ts';

const site = { name: 'Acme Status', pageUrl: 'https://status.acme.example/', zone: { timeZone: 'Europe/Berlin', locale: 'de-DE' } };

describe('confirmationMail', () => {
  it('says the expiry in the site zone and the language format, with the link in text and HTML', () => {
    const expires = new Date('2026-03-03T11:00:00Z');
    const mail = confirmationMail(site, 'de', 'https://subs.acme.example/confirm?t=abc&lang=de', expires);
    expect(mail.subject).toBe(de.ui.subscriptions.confirmSubject('Acme Status'));
    // The oracle: Intl itself, in Berlin (UTC+1 in March): 12:00.
    const day = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: 'numeric' }).format(expires);
    expect(mail.text).toContain('12:00');
    expect(mail.text).toContain(day);
    expect(mail.text).toContain('https://subs.acme.example/confirm?t=abc&lang=de');
    expect(mail.html).toContain('href="https://subs.acme.example/confirm?t=abc&amp;lang=de"');
    expect(mail.html).toContain('<html lang="de">');
  });

  it('escapes a site name with markup in the HTML', () => {
    const mail = goodbyeMail({ ...site, name: 'A <b>&</b> B' }, 'en');
    expect(mail.subject).toBe(en.ui.subscriptions.goodbyeSubject('A <b>&</b> B'));
    expect(mail.html).toContain('A &lt;b&gt;&amp;&lt;/b&gt; B');
    expect(mail.html).not.toContain('<b>');
  });
});

const entry: RecordEntry = {
  key: 'incident/api/20260301T100000Z',
  kind: 'incident',
  slug: 'api',
  ordinal: 2,
  first: 'incident/api/20260301T090000Z',
  hash: 'h',
  title: 'API errors',
  state: 'identified',
  at: '2026-03-01T10:00:00.000Z',
  services: [{ id: 'api', name: 'API', status: 'major_outage' }],
  text: 'We found it.',
  html: '<p>We found it.</p>',
  url: 'https://status.acme.example/incidents/api/#u2',
  texts: {
    de: {
      hash: 'hd',
      title: 'API-Fehler',
      text: 'Gefunden.',
      html: '<p>Gefunden.</p>',
      url: 'https://status.acme.example/de/incidents/api/#u2',
    },
  },
};
const record: PublishedRecord = {
  version: 2,
  site: { name: 'Acme Status', url: 'https://status.acme.example/', timeZone: 'UTC', locale: 'en', languages: ['en', 'de'] },
  page: { id: 'p', status: { indicator: 'major', description: 'x' } },
  entries: [entry],
};

describe('updateMail', () => {
  const links = { manage: 'https://subs.acme.example/manage?s=1&t=m', unsubscribe: 'https://subs.acme.example/unsubscribe?s=1&t=u' };
  it('is the update in the subscriber language, threaded on the first update, with their links', () => {
    const mail = updateMail({ type: 'new', entry }, record, 'de', links);
    expect(mail.subject).toContain('API-Fehler');
    expect(mail.text).toContain('Gefunden.');
    expect(mail.messageId).toBe('<incident.api.20260301T100000Z@status.acme.example>');
    expect(mail.inReplyTo).toBe('<incident.api.20260301T090000Z@status.acme.example>');
    expect(mail.text).toContain(`${de.ui.subscriptions.unsubscribe}: ${links.unsubscribe}`);
    expect(mail.html).toContain('href="https://subs.acme.example/manage?s=1&amp;t=m"');
  });

  it('falls back to the record default language for a language it does not carry', () => {
    expect(mailLanguage(record, 'fr')).toBe('en');
    expect(mailLanguage(record, 'de')).toBe('de');
    expect(updateMail({ type: 'new', entry }, record, 'fr', links).subject).toContain('API errors');
  });
});
