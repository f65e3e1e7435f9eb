/**
 * Feed documents: the same entries as RSS 2.0 items (for `@astrojs/rss`) and as an
 * Atom 1.0 document (written by the `feed` library).
 */
import { Feed } from 'feed';
import type { FeedEntry } from './feeds.ts';
import { escapeHtml } from '../content/markdown.ts';
import type { LanguageView } from '../languages/language-view.ts';
import { absoluteUrl, paths, type FeedFormat } from './paths.ts';

export interface FeedHead {
  title: string;
  description: string;
  /** The page the feed is about (absolute). */
  link: string;
  /** The feed's own absolute URL. */
  self: string;
  /** The tag it is written in: RSS `<language>`, Atom `xml:lang`. */
  language: string;
  /** When the newest entry was posted, or the build's now for an empty feed. */
  updated: Date;
  /** Who publishes the entries: the page's name. */
  author: string;
}

export function atomFeed(head: FeedHead, entries: FeedEntry[]): string {
  const feed = new Feed({
    id: head.self,
    title: head.title,
    description: head.description,
    link: head.link,
    language: head.language,
    updated: entries[0]?.date ?? head.updated,
    generator: 'Statusmark',
    feedLinks: { atom: head.self },
    copyright: '',
    // RFC 4287 wants an author on the feed or on every entry: the page itself speaks.
    author: { name: head.author },
  });
  for (const e of entries) {
    // `feed` marks Atom titles as type="html": escape them so markup in a title stays text.
    feed.addItem({
      id: e.id,
      title: escapeHtml(e.title),
      link: e.link,
      date: e.date,
      published: e.date,
      content: e.html,
      author: [{ name: head.author }],
      category: e.categories.map((term) => ({ name: term, term })),
    });
  }
  // `feed` writes no xml:lang; the root element declares the language every text inherits.
  return feed
    .atom1()
    .replace(/<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/, (root) => `${root} xml:lang="${escapeHtml(head.language)}"`);
}

/**
 * What `@astrojs/rss` writes as the RSS 2.0 document. The channel's <description>, like an
 * item's, is HTML to the readers: its text is escaped as HTML here, and then as XML by the library,
 * so a `<` or `&` in site.yaml's description (or a service's name) shows as written.
 */
export function rssChannel(head: FeedHead, entries: FeedEntry[]) {
  return {
    title: head.title,
    description: escapeHtml(head.description),
    site: head.link,
    items: rssItems(entries),
    xmlns: { atom: 'http://www.w3.org/2005/Atom' },
    customData: `<language>${escapeHtml(head.language)}</language><atom:link href="${escapeHtml(head.self)}" rel="self" type="application/rss+xml"/>`,
  };
}

export function rssItems(entries: FeedEntry[]) {
  return entries.map((e) => ({
    title: e.title,
    link: e.link,
    pubDate: e.date,
    // Readers that show only <description> get the same sanitised text as those that read content:encoded.
    description: e.html,
    content: e.html,
    categories: e.categories,
  }));
}

/**
 * Where a feed lives and what it says about itself, in `language`; per service when
 * `service` is given. site.yaml's description is written in the default language, so the
 * other languages' feeds describe themselves with their catalog's words.
 */
export function feedHead(
  site: { name: string; url: string; base: string; description: string },
  now: Date,
  format: FeedFormat,
  language: Pick<LanguageView, 'locale' | 'prefix' | 'words' | 'isDefault'>,
  service?: { id: string; name: string },
  /** `incidents`: the Statuspage-shaped feed at history.rss / history.atom. */
  shape: 'updates' | 'incidents' = 'updates',
): FeedHead {
  const url = (path: string) => absoluteUrl(site.url, site.base, `${language.prefix}${path}`);
  const { feed } = language.words.ui;
  return {
    title: service ? feed.serviceTitle(service.name, site.name) : site.name,
    description: service
      ? feed.serviceDescription(service.name, site.name)
      : (language.isDefault && site.description) || feed.siteDescription(site.name),
    link: url(service ? paths.service(service.id) : paths.home()),
    self: url(shape === 'incidents' ? paths.incidentFeed(format) : paths.feed(format, service?.id)),
    language: language.locale,
    updated: now,
    author: site.name,
  };
}
