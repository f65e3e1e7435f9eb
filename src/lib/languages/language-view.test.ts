import { describe, expect, it } from 'vitest';
import { languageView } from './language-view.ts';

describe('languageView', () => {
  const site = { languages: ['zh-CN', 'en'], locale: 'en-GB' };
  it('puts the default language at the root, with its own words and dates', () => {
    const v = languageView(site);
    expect([v.lang, v.locale, v.prefix, v.isDefault, v.words.state.identified]).toEqual(['zh-CN', 'zh-CN', '', true, '已确认']);
  });
  it('puts another language under its tag, with the site locale when it is a region of it', () => {
    const v = languageView(site, 'en');
    expect([v.lang, v.locale, v.prefix, v.isDefault, v.words.state.identified]).toEqual(['en', 'en-GB', 'en/', false, 'Identified']);
  });
  it('gives a one-language site its locale and no prefix', () => {
    const v = languageView({ languages: ['de-AT'], locale: 'de-AT' });
    expect([v.locale, v.prefix, v.isDefault, v.words.state.resolved]).toEqual(['de-AT', '', true, 'Behoben']);
  });
});
