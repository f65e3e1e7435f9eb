import { describe, expect, it } from 'vitest';
import { statusBadge } from './badges.ts';

describe('statusBadge', () => {
  it('draws the status in words and colour', () => {
    const svg = statusBadge('API', 'partial_outage');
    expect(svg).toContain('<title>API: partial outage</title>');
    expect(svg).toContain('#bc4c00');
  });
  it('escapes the label', () => {
    expect(statusBadge('<script>&', 'operational')).toContain('&lt;script&gt;&amp;');
  });
});
