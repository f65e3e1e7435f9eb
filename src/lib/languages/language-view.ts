/**
 * One language as the feeds, the calendar, the badges and the messages write it: the tag
 * they declare, where that language's pages live, and its words. The one place these
 * outputs learn their language from. A build makes one per language (src/astro/data.ts,
 * `getLanguageView`); a page's, with its route data, comes from the route (`languageOfRoute`).
 */
import { catalogFor, defaultLanguage, languagePrefix, localeFor } from './languages.ts';
import type { Site } from '../content/model.ts';
import type { Vocabulary } from './vocabulary.ts';

export interface LanguageView {
  /** The language as `site.yaml` names it: `zh-CN`, `en`. */
  lang: string;
  /** The tag the output declares and its dates are written in (`localeFor`): RSS `<language>`, Atom `xml:lang`. */
  locale: string;
  /** Where its pages live under the base (`languagePrefix`): '' for the default, `en/` for English. */
  prefix: string;
  words: Vocabulary;
  /** The site's default language: the one `site.yaml`'s own texts (its description) are written in. */
  isDefault: boolean;
}

export function languageView(site: Pick<Site, 'languages' | 'locale'>, lang: string = defaultLanguage(site)): LanguageView {
  return {
    lang,
    locale: localeFor(site, lang),
    prefix: languagePrefix(site.languages, lang),
    words: catalogFor(lang),
    isDefault: lang === defaultLanguage(site),
  };
}
