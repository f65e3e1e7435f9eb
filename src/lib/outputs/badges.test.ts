import { describe, expect, it } from 'vitest';
import { pageBadge, statusBadge } from './badges.ts';
import { catalogFor } from '../languages/languages.ts';
import { en } from '../languages/catalogs/en.ts';

describe('statusBadge', () => {
  it('draws the status in words and colour', () => {
    const svg = statusBadge('API', 'partial_outage', en);
    expect(svg).toContain('<title>API: partial outage</title>');
    expect(svg).toContain('#bc4c00');
  });
  it('escapes the label', () => {
    expect(statusBadge('<script>&', 'operational', en)).toContain('&lt;script&gt;&amp;');
  });
  it("says the status in the badge's language, as each writes it", () => {
    expect(statusBadge('API', 'partial_outage', catalogFor('zh-CN'))).toContain('<title>API: 部分中断</title>');
    expect(statusBadge('API', 'major_outage', catalogFor('fr'))).toContain('<title>API: panne majeure</title>');
    // German keeps its nouns capitalised.
    expect(statusBadge('API', 'partial_outage', catalogFor('de'))).toContain('<title>API: Teilausfall</title>');
  });
  it("draws the page's own badge with its headline", () => {
    expect(pageBadge('S', 'major', 'partial_outage', en)).toContain('<title>S: partial system outage</title>');
    expect(pageBadge('S', 'none', 'operational', catalogFor('ja'))).toContain('<title>S: すべてのシステムが正常に稼働中</title>');
  });
});
