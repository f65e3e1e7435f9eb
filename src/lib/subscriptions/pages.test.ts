import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../content/load.ts';
import { en } from '../languages/catalogs/en.ts';
import { confirmPage, managePage, messagePage, SERVICE_STYLE_SOURCE } from './pages.ts';

const content = loadContent(join(import.meta.dirname, '../../../content')).content!;

describe('the service pages', () => {
  it("carry one stylesheet, the one the policy's style-src allows by its hash, and both colour schemes", () => {
    const html = messagePage('confirmed', 'de', 'https://status.nimbus.example/', 'Nimbus AI Status');
    const styles = [...html.matchAll(/<style>([^<]*)<\/style>/g)].map((m) => m[1] ?? '');
    expect(styles).toHaveLength(1);
    expect(SERVICE_STYLE_SOURCE).toBe(`'sha256-${createHash('sha256').update(styles[0]!).digest('base64')}'`);
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    expect(html).not.toMatch(/\sstyle=/);
  });
  it('word a message page in its language and link back to the page', () => {
    const html = messagePage('checkInbox', 'en', 'https://status.nimbus.example/en/', 'Nimbus AI Status');
    expect(html).toContain(`<h1>${en.ui.subscriptions.checkInboxTitle}</h1>`);
    expect(html).toContain('href="https://status.nimbus.example/en/"');
  });

  it('escape a token in the confirm form', () => {
    expect(confirmPage('en', '"><script>', 'https://x.example/', 'X')).toContain('value="&quot;&gt;&lt;script&gt;"');
  });

  it('group the services as the page does, checked as followed, with the site languages', () => {
    const html = managePage(
      content,
      'en',
      { services: ['login'], language: 'en', subscriber: 's1', manageToken: 'm', unsubscribeToken: 'u' },
      'https://status.nimbus.example/en/',
    );
    // One fieldset for all the services, one inside it per group, legended with the group's name.
    expect(html.match(/<fieldset>/g)).toHaveLength(content.groups.length + 1);
    expect(html).toContain(`<legend>${content.groups.find((g) => g.services.some((x) => x.id === 'login'))!.names?.en}</legend>`);
    expect(html).toContain('value="login" checked');
    expect(html).not.toContain('value="api" checked');
    expect(html.match(/type="checkbox" name="service"/g)).toHaveLength(content.services.length);
    // Language names from Intl, each in its own language.
    expect(html).toContain(`>${new Intl.DisplayNames(['zh-CN'], { type: 'language' }).of('zh-CN')}</option>`);
    expect(html).toContain('<option value="en" selected>');
    expect(html).toContain('action="unsubscribe?s=s1&amp;t=u"');
  });
});
