/**
 * Responses for the non-HTML routes: JSON documents and feeds. Each route file names
 * only what it serves; the shapes come from src/lib, the data from data.ts.
 */
import rss from '@astrojs/rss';
import { getFeedEntries, getIncidentFeedEntries, getStatusData, getContentIn } from './data.ts';
import { atomFeed, feedHead, rssChannel } from '../lib/outputs/feed-documents.ts';
import type { FeedFormat } from '../lib/outputs/paths.ts';
import type { PageContext } from './page.ts';

const ATOM_TYPE = 'application/atom+xml; charset=utf-8';

/** A JSON response, pretty enough to read with curl. */
export function json(value: unknown): Response {
  return new Response(`${JSON.stringify(value, null, 2)}\n`, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
}

/** An SVG image response. */
export function svg(text: string): Response {
  return new Response(text, { headers: { 'Content-Type': 'image/svg+xml; charset=utf-8' } });
}

/** A feed in the route's language: one entry per update (site-wide or for one service), or `incidents`, Statuspage's shape. */
export async function feedResponse(
  format: FeedFormat,
  { lang, language }: Pick<PageContext, 'lang' | 'language'>,
  serviceId?: string,
  shape: 'updates' | 'incidents' = 'updates',
): Promise<Response> {
  const { clock } = getStatusData();
  // The site's and the service's names as this language's readers see them.
  const content = getContentIn(lang);
  const service = serviceId ? content.services.find((s) => s.id === serviceId) : undefined;
  const head = feedHead(content.site, clock.now, format, language, service, shape);
  const entries = shape === 'incidents' ? getIncidentFeedEntries(lang) : getFeedEntries(lang, serviceId);
  if (format === 'atom') return new Response(atomFeed(head, entries), { headers: { 'Content-Type': ATOM_TYPE } });
  return rss(rssChannel(head, entries));
}
