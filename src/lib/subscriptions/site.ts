/**
 * The site as the subscription service names it to one language's reader: the language a
 * form asked for (one of the site's, else its default), the site's name in it, the page's
 * address in it, where the form's failure page is, and the zone and locale of its dates.
 */
import type { Content } from '../content/model.ts';
import { contentIn, declaredLanguage, defaultLanguage, languagePrefix, localeFor } from '../languages/languages.ts';
import { absoluteUrl, paths } from '../outputs/paths.ts';
import type { MailSite } from './mails.ts';

/** The site's own spelling of `tag` when it declares it, else its default language. */
export function siteLanguage(content: Content, tag: string | undefined): string {
  return (tag && declaredLanguage(tag, content.site.languages)) || defaultLanguage(content.site);
}

export interface SiteView extends MailSite {
  lang: string;
  /** The static page the Subscribe form falls back to when the service cannot take a sign-up (built with the page). */
  unavailableUrl: string;
  /** The page's origin: the only one a sign-up form may be posted from. */
  origin: string;
}

export function siteView(content: Content, lang: string): SiteView {
  const { site } = content;
  const prefix = languagePrefix(site.languages, lang);
  return {
    lang,
    name: contentIn(content, lang).site.name,
    pageUrl: absoluteUrl(site.url, site.base, `${prefix}${paths.home()}`),
    unavailableUrl: absoluteUrl(site.url, site.base, `${prefix}${paths.subscribe()}unavailable/`),
    origin: new URL(site.url).origin,
    zone: { timeZone: site.timeZone, locale: localeFor(site, lang) },
  };
}
