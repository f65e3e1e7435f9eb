/**
 * The Subscribe page's content: every way to follow the page, as absolute URLs a
 * visitor can copy: feeds (site-wide and per service), the maintenance calendar, the
 * JSON API, and the e-mail list and chat channels that notify.yaml gives a `join` link.
 */
import type { Content } from '../content/model.ts';
import type { NotifyConfig } from '../notify/config.ts';
import { absoluteUrl, paths } from './paths.ts';
import type { Vocabulary } from '../languages/vocabulary.ts';

export interface SubscribeLink {
  label: string;
  url: string;
}

export interface SubscribeOptions {
  /** One entry per update. */
  feeds: SubscribeLink[];
  /** One entry per incident, in Statuspage's shape. */
  incidentFeeds: SubscribeLink[];
  /** Each service's feeds; `nameLang` when its name is not in the page's language. */
  services: { name: string; nameLang?: string; rss: string; atom: string }[];
  calendar: string;
  api: string;
  /** E-mail lists and chat channels a visitor can join. */
  channels: { kind: 'email' | 'chat'; label: string; url: string; address?: string }[];
}

/**
 * @param t the vocabulary of the page's language.
 * @param prefix where that language's feeds and calendar live under the base (`languagePrefix`); the JSON API exists once, at the base.
 */
export function subscribeOptions(content: Content, config: NotifyConfig | undefined, t: Vocabulary, prefix = ''): SubscribeOptions {
  const { site } = content;
  const UI = t.ui;
  const url = (path: string) => absoluteUrl(site.url, site.base, `${prefix}${path}`);
  return {
    feeds: [
      { label: UI.footer.rss, url: url(paths.feed('rss')) },
      { label: UI.footer.atom, url: url(paths.feed('atom')) },
    ],
    incidentFeeds: [
      { label: UI.footer.rss, url: url(paths.incidentFeed('rss')) },
      { label: UI.footer.atom, url: url(paths.incidentFeed('atom')) },
    ],
    services: content.services.map((s) => {
      return {
        name: s.name,
        ...(s.nameLang ? { nameLang: s.nameLang } : {}),
        rss: url(paths.feed('rss', s.id)),
        atom: url(paths.feed('atom', s.id)),
      };
    }),
    calendar: url(paths.calendar()),
    api: absoluteUrl(site.url, site.base, paths.api('summary')),
    channels: (config?.channels ?? []).flatMap((c) =>
      c.join
        ? [
            {
              kind: c.type === 'email' ? ('email' as const) : ('chat' as const),
              label: UI.subscribe.channel[c.type],
              url: c.join,
              ...(c.type === 'email' ? { address: c.to } : {}),
            },
          ]
        : [],
    ),
  };
}
