/**
 * robots.txt: every page may be crawled, and the sitemap (written by @astrojs/sitemap as
 * sitemap-index.xml under the base path) is named with its absolute URL. Crawlers read
 * robots.txt only at the root of a host: a page under a base path ships it too, and the
 * manual ("Hosting") says to copy its Sitemap line into the host's own.
 */
import { absoluteUrl } from './paths.ts';

export const SITEMAP_INDEX = 'sitemap-index.xml';

export function robotsTxt(origin: string, base: string): string {
  return ['User-agent: *', 'Allow: /', '', `Sitemap: ${absoluteUrl(origin, base, SITEMAP_INDEX)}`, ''].join('\n');
}
