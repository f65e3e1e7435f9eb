/**
 * The Subscribe page's content: every way to follow the page, as absolute URLs a
 * visitor can copy: feeds (site-wide and per service), the maintenance calendar, the
 * JSON API, and the e-mail list and chat channels that notify.yaml gives a `join` link.
 */
import type { Content, Site } from '../content/model.ts';
import type { NotifyConfig } from '../notify/config.ts';
import { absoluteUrl, paths } from './paths.ts';
import type { Vocabulary } from '../languages/vocabulary.ts';
import { noticesToAll } from '../subscriptions/policy.ts';

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

/**
 * The sign-up form's field names: the contract with the service (`statusmark serve`), which reads
 * exactly these. `service` comes once per chosen service id, and a form without any means all of
 * them; `website` is the trap only bots fill (the service drops a sign-up that has it).
 */
export const SUBSCRIBE_FIELDS = { email: 'email', service: 'service', language: 'language', website: 'website' } as const;

/** Where the form posts: the service's `/subscribe`. */
export function subscribeAction(serviceUrl: string): string {
  return `${serviceUrl}/subscribe`;
}

/** The page the service sends a visitor to when it cannot take a sign-up, in the language under `prefix`. */
export function unavailableUrl(site: Pick<Site, 'url' | 'base'>, prefix = ''): string {
  return absoluteUrl(site.url, site.base, `${prefix}${paths.subscribeUnavailable()}`);
}

/**
 * What a page's `form-action` allows when the site has a sign-up service; empty (the policy
 * then says 'none') when it has none. Two sources, each exact: the form's action, and the
 * site's own "sign-up unavailable" page, because browsers check the target of a redirect
 * after a form post against form-action too, so the service could not send a visitor there
 * otherwise. After a redirect, browsers compare only the origin, so any language's page can
 * be the target; before one, only these two URLs match.
 */
export function formActionSources(site: Pick<Site, 'url' | 'base' | 'subscriptions'>): string[] {
  return site.subscriptions ? [subscribeAction(site.subscriptions.url), unavailableUrl(site)] : [];
}

export interface SubscribeForm {
  action: string;
  /** The site's services, grouped and ordered as on the home page, every one of them. */
  groups: { id: string; name: string; nameLang?: string; services: { id: string; name: string; nameLang?: string }[] }[];
  /** The languages the mails can be written in (the site's), with the page's own marked; one entry for a site in one language. */
  languages: { tag: string; name: string; selected: boolean }[];
  /** Whether notices, which name no service, reach every subscriber whatever they follow (the form says so). */
  noticesToAll: boolean;
}

/**
 * The Subscribe page's sign-up form, or undefined when site.yaml names no service.
 * @param content the content as the page's readers see it (`contentIn`), for the names.
 * @param languages each language of the site by its own name (the page context's `languages`).
 * @param lang the page's language.
 */
export function subscribeForm(
  content: Content,
  languages: readonly { lang: string; name: string }[],
  lang: string,
): SubscribeForm | undefined {
  const { subscriptions } = content.site;
  if (!subscriptions) return undefined;
  const named = <T extends { id: string; name: string; nameLang?: string | undefined }>(x: T) => ({
    id: x.id,
    name: x.name,
    ...(x.nameLang ? { nameLang: x.nameLang } : {}),
  });
  return {
    action: subscribeAction(subscriptions.url),
    groups: content.groups.map((g) => ({ ...named(g), services: g.services.map(named) })),
    languages: languages.map((l) => ({ tag: l.lang, name: l.name, selected: l.lang === lang })),
    noticesToAll: noticesToAll(content.site),
  };
}
