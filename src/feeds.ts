/**
 * The feed routes (site-wide and per service, RSS and Atom) share this code;
 * each route file only names its format.
 */
import rss from '@astrojs/rss';
import { getFeedEntries, getStatusData } from './data.ts';
import { escapeHtml } from './lib/markdown.ts';
import { atomFeed, feedHead, rssItems } from './lib/feed-documents.ts';

const ATOM_TYPE = 'application/atom+xml; charset=utf-8';

export async function feedResponse(format: 'rss' | 'atom', serviceId?: string): Promise<Response> {
  const { content, clock } = getStatusData();
  const service = serviceId ? content.services.find((s) => s.id === serviceId) : undefined;
  const head = feedHead(content.site, clock.now, format, service);
  const entries = getFeedEntries(serviceId);
  if (format === 'atom') return new Response(atomFeed(head, entries), { headers: { 'Content-Type': ATOM_TYPE } });
  return rss({
    title: head.title,
    description: head.description,
    site: head.link,
    items: rssItems(entries),
    xmlns: { atom: 'http://www.w3.org/2005/Atom' },
    customData: `<language>${escapeHtml(content.site.locale)}</language><atom:link href="${escapeHtml(head.self)}" rel="self" type="application/rss+xml"/>`,
  });
}
