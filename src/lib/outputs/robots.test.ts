import { describe, expect, it } from 'vitest';
import { robotsTxt } from './robots.ts';

describe('robotsTxt', () => {
  it('allows every page and names the sitemap under the base path', () => {
    expect(robotsTxt('https://status.nimbus.example', '/')).toBe(
      'User-agent: *\nAllow: /\n\nSitemap: https://status.nimbus.example/sitemap-index.xml\n',
    );
    expect(robotsTxt('https://example.github.io/', '/status/')).toContain(
      '\nSitemap: https://example.github.io/status/sitemap-index.xml\n',
    );
  });
});
