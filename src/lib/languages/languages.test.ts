import { describe, expect, it } from 'vitest';
import {
  catalogFor,
  contentIn,
  defaultLanguage,
  languageOfRoute,
  languagePrefix,
  localeFor,
  missingTranslations,
  describeMissingTranslations,
  statusIn,
} from './languages.ts';
import { statusAt } from '../status/status.ts';
import { zhCN } from './catalogs/zh-CN.ts';
import { zhTW } from './catalogs/zh-TW.ts';
import { en } from './catalogs/en.ts';
import { content, incident, maintenance, notice, service } from '../../dev/test-helpers.ts';

describe('catalogFor', () => {
  it('gives the catalog of the tag catalogTag finds (tags.test.ts)', () => {
    expect(catalogFor('zh-CN')).toBe(zhCN);
    expect(catalogFor('zh-HK')).toBe(zhTW);
    expect(catalogFor('en-US')).toBe(en);
  });
});

describe('localeFor', () => {
  it("uses the site's locale for its own language and the tag for others", () => {
    expect(localeFor({ locale: 'en-GB' }, 'en')).toBe('en-GB');
    expect(localeFor({ locale: 'en-GB' }, 'zh-CN')).toBe('zh-CN');
    expect(defaultLanguage({ languages: ['zh-CN', 'en'] })).toBe('zh-CN');
  });
});

describe('contentIn', () => {
  const site = { languages: ['zh-CN', 'en'] };
  const base = incident('attack', '2025-01-27T00:00:00Z', { registration: 'major_outage' }, '2025-01-27T03:00:00Z', [
    '2025-01-27T01:00:00Z',
    '2025-01-27T02:00:00Z',
    '2025-01-27T03:00:00Z',
  ]);
  const [u0, u1, u2] = base.updates as [(typeof base.updates)[0], (typeof base.updates)[0], (typeof base.updates)[0]];
  const bilingual = {
    ...base,
    title: '注册受限',
    titles: { 'zh-CN': '注册受限', en: 'Registrations restricted' },
    updates: [
      {
        ...u0,
        message: '正在调查',
        texts: {
          'zh-CN': { message: '正在调查', html: '<p>正在调查</p>' },
          en: { message: 'Looking into it', html: '<p>Looking into it</p>' },
        },
      },
      { ...u1, message: 'English only', texts: { en: { message: 'English only', html: '<p>English only</p>' } } },
      { ...u2, message: '已解决' },
    ],
  };
  const c = content({
    incidents: [bilingual],
    notices: [
      {
        ...notice('n', '2025-01-27T00:00:00Z'),
        body: 'Only English',
        bodies: { en: { body: 'Only English', html: '<p>Only English</p>' } },
      },
    ],
  });
  const cz = { ...c, site: { ...c.site, ...site } };

  it('gives each text in the language asked for, when written in it', () => {
    const i = contentIn(cz, 'en').incidents[0]!;
    expect(i.title).toBe('Registrations restricted');
    expect(i.titleLang).toBeUndefined();
    expect(i.updates[0]!.message).toBe('Looking into it');
    expect(i.updates[0]!.lang).toBeUndefined();
  });
  it('falls back to the language a text was written in, and marks it', () => {
    const zh = contentIn(cz, 'zh-CN').incidents[0]!;
    expect(zh.title).toBe('注册受限');
    expect(zh.updates[1]!.message).toBe('English only');
    expect(zh.updates[1]!.lang).toBe('en');
    const enView = contentIn(cz, 'en').incidents[0]!;
    // Written without translations: in the default language, marked as such on English pages.
    expect(enView.updates[2]!.message).toBe('已解决');
    expect(enView.updates[2]!.lang).toBe('zh-CN');
  });
  it('marks a notice body written only in English on the Chinese pages', () => {
    const n = contentIn(cz, 'zh-CN').notices[0]!;
    expect(n.body).toBe('Only English');
    expect(n.bodyLang).toBe('en');
    // Its title has no translations: in the default language, so unmarked there and marked in English.
    expect(n.titleLang).toBeUndefined();
    expect(contentIn(cz, 'en').notices[0]!.titleLang).toBe('zh-CN');
  });
  it('counts the updates not written in each other language', () => {
    // Of the three updates, one is in both languages, one in English only, one in Chinese only.
    expect(missingTranslations(cz)).toEqual([
      { lang: 'zh-CN', missing: 1, total: 3 },
      { lang: 'en', missing: 1, total: 3 },
    ]);
    expect(missingTranslations({ ...cz, site: { ...cz.site, languages: ['zh-CN', 'en', 'ja'] } })).toEqual([
      { lang: 'zh-CN', missing: 1, total: 3 },
      { lang: 'en', missing: 1, total: 3 },
      { lang: 'ja', missing: 3, total: 3 },
    ]);
    expect(missingTranslations(c)).toEqual([]);
    expect(describeMissingTranslations(cz)).toEqual([
      'zh-CN: 1 of 3 updates have no zh-CN text; its pages show them in the language they were written in',
      'en: 1 of 3 updates have no en text; its pages show them in the language they were written in',
    ]);
  });
  it('leaves single-language content in the default language untouched', () => {
    expect(contentIn(cz, 'zh-CN').incidents[0]!.updates[2]).toEqual(bilingual.updates[2]);
  });
});

describe('languagePrefix and languageOfRoute', () => {
  const languages = ['zh-CN', 'en', 'zh-TW'];
  it('puts the default language at the root and the others under their tag', () => {
    expect(languagePrefix(languages, 'zh-CN')).toBe('');
    expect(languagePrefix(languages, 'en')).toBe('en/');
    expect(languagePrefix(languages, 'zh-TW')).toBe('zh-tw/');
  });
  it('reads the language back from a route pattern', () => {
    expect(languageOfRoute(languages, '/incidents/[slug]')).toBe('zh-CN');
    expect(languageOfRoute(languages, '/')).toBe('zh-CN');
    expect(languageOfRoute(languages, '/en/incidents/[slug]')).toBe('en');
    expect(languageOfRoute(languages, '/zh-tw')).toBe('zh-TW');
    // A default-language page whose own first segment happens to look like a tag is still the default's.
    expect(languageOfRoute(['en'], '/en/x')).toBe('en');
  });
});

describe('contentIn: services, groups and the site', () => {
  const reg = service('registration', {
    name: '注册',
    names: { 'zh-CN': '注册', en: 'Registration' },
    group: '账户',
    groups: { 'zh-CN': '账户', en: 'Accounts' },
    description: 'Only Chinese',
  });
  const api = service('api', { name: 'API' });
  const c = content({
    services: [reg, api],
    groups: [{ id: 'accounts', name: '账户', names: { 'zh-CN': '账户', en: 'Accounts' }, services: [reg, api] }],
  });
  const cz = { ...c, site: { ...c.site, languages: ['zh-CN', 'en'], name: '状态', names: { 'zh-CN': '状态', en: 'Status' } } };

  it('names services, groups and the site in the language asked for', () => {
    const en = contentIn(cz, 'en');
    expect(en.services[0]).toMatchObject({ name: 'Registration', group: 'Accounts', descriptionLang: 'zh-CN' });
    expect(en.services[0]!.nameLang).toBeUndefined();
    expect(en.groups[0]!.name).toBe('Accounts');
    expect(en.groups[0]!.services[0]!.name).toBe('Registration');
    expect(en.site.name).toBe('Status');
    // Written once, in the default language: shown as written, marked.
    expect(en.services[1]).toMatchObject({ name: 'API', nameLang: 'zh-CN' });
  });
  it('leaves the default language unmarked', () => {
    const zh = contentIn(cz, 'zh-CN');
    expect(zh.services[0]!.name).toBe('注册');
    expect(zh.services[1]!.nameLang).toBeUndefined();
    expect(zh.site.nameLang).toBeUndefined();
  });
});

describe('statusIn', () => {
  const open = {
    ...incident('attack', '2025-01-27T00:00:00Z', { registration: 'partial_outage' }),
    title: '注册受限',
    titles: { 'zh-CN': '注册受限', en: 'Registrations restricted' },
  };
  const window = maintenance('db', '2025-01-27T01:00:00Z', '2025-01-27T05:00:00Z', ['registration']);
  const c = content({ incidents: [open], maintenance: [window], notices: [notice('n', '2025-01-26T00:00:00Z')] });
  const cz = { ...c, site: { ...c.site, languages: ['zh-CN', 'en'] } };
  const now = new Date('2025-01-27T02:00:00Z');
  const status = statusAt(cz, now);

  it('keeps every status and swaps in the English titles, marking what is not in English', () => {
    const en = statusIn(status, contentIn(cz, 'en'));
    expect(en.statuses).toBe(status.statuses);
    expect(en.indicator).toBe(status.indicator);
    expect(en.activeIncidents.map((i) => i.title)).toEqual(['Registrations restricted']);
    expect(en.banners.map((b) => [b.kind, b.title, b.titleLang])).toEqual([
      ['incident', 'Registrations restricted', undefined],
      // The maintenance has one title, in the default language: marked as Chinese on English pages.
      ['maintenance', window.title, 'zh-CN'],
    ]);
    expect(en.activeMaintenance[0]!.titleLang).toBe('zh-CN');
    expect(en.activeNotices[0]!.titleLang).toBe('zh-CN');
  });
  it('gives the default language its own titles, unmarked', () => {
    const zh = statusIn(status, contentIn(cz, 'zh-CN'));
    expect(zh.banners.map((b) => [b.title, b.titleLang])).toEqual([
      ['注册受限', undefined],
      [window.title, undefined],
    ]);
  });
});
