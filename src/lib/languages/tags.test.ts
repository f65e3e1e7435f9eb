import { describe, expect, it } from 'vitest';
import { CATALOG_TAGS, catalogTag, declaredLanguage, primary, undeclaredLanguage } from './tags.ts';

describe('catalogTag', () => {
  it('finds the catalog by exact tag, script or region, or primary language', () => {
    expect(catalogTag('zh-CN')).toBe('zh-CN');
    expect(catalogTag('zh-cn')).toBe('zh-CN');
    expect(catalogTag('zh-Hant')).toBe('zh-TW');
    expect(catalogTag('zh-HK')).toBe('zh-TW');
    expect(catalogTag('zh')).toBe('zh-CN');
    expect(catalogTag('pt-PT')).toBe('pt-BR');
    expect(catalogTag('PT-br')).toBe('pt-BR');
    expect(catalogTag('de-AT')).toBe('de');
    expect(catalogTag('en-GB')).toBe('en');
    expect(catalogTag('it')).toBeUndefined();
  });
  it('finds each shipped tag as itself', () => {
    for (const tag of CATALOG_TAGS) expect(catalogTag(tag)).toBe(tag);
  });
});

describe('primary', () => {
  it('is the first subtag in lower case', () => {
    expect(primary('en-GB')).toBe('en');
    expect(primary('ZH-Hant-TW')).toBe('zh');
    expect(primary('de')).toBe('de');
  });
});

describe('declaredLanguage and undeclaredLanguage', () => {
  it("gives the site's own spelling of a tag it declares, whatever the case", () => {
    expect(declaredLanguage('en-gb', ['zh-CN', 'en-GB'])).toBe('en-GB');
    expect(declaredLanguage('en', ['zh-CN', 'en-GB'])).toBeUndefined();
  });
  it("names the tag and the site's languages", () => {
    expect(undeclaredLanguage('fr', ['zh-CN', 'en'])).toBe('"fr" is not one of the site\'s languages (site.yaml languages: zh-CN, en)');
  });
});
