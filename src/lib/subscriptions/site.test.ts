import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../content/load.ts';
import { siteLanguage, siteView } from './site.ts';

const content = loadContent(join(import.meta.dirname, '../../../content')).content!;

describe('siteView', () => {
  it('places each language page and the failure page under its prefix', () => {
    expect(siteLanguage(content, 'EN')).toBe('en');
    expect(siteLanguage(content, 'xx')).toBe('zh-CN');
    expect(siteView(content, 'en')).toMatchObject({
      pageUrl: 'https://status.nimbus.example/en/',
      unavailableUrl: 'https://status.nimbus.example/en/subscribe/unavailable/',
      origin: 'https://status.nimbus.example',
      name: 'Nimbus AI Status',
    });
    expect(siteView(content, 'zh-CN').unavailableUrl).toBe('https://status.nimbus.example/subscribe/unavailable/');
  });
});
