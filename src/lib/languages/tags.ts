/**
 * The languages Statusmark's pages are written in, by tag, and how a tag staff write finds
 * one of them. No words here: the schema checks tags against this list without loading
 * a catalog (catalogs/index.ts holds one catalog for each of these tags).
 */

/** The tags a catalog is shipped for (catalogs/index.ts), English first. */
export const CATALOG_TAGS = ['en', 'zh-CN', 'zh-TW', 'ja', 'ko', 'de', 'fr', 'es', 'pt-BR'] as const;
export type CatalogTag = (typeof CATALOG_TAGS)[number];

/** The primary language subtag: `en` for `en-GB`. */
export function primary(tag: string): string {
  return (tag.split('-')[0] ?? tag).toLowerCase();
}

/**
 * The catalog a language tag is shown with: the exact tag (`zh-TW`), else the script or
 * region that decides it (`zh-Hant`, `zh-HK` → zh-TW; other Chinese → zh-CN; Portuguese →
 * pt-BR), else the primary language (`de-AT` → de). Undefined when no catalog fits.
 */
export function catalogTag(tag: string): CatalogTag | undefined {
  const lower = tag.toLowerCase();
  const exact = CATALOG_TAGS.find((k) => k.toLowerCase() === lower);
  if (exact) return exact;
  const lang = primary(tag);
  if (lang === 'zh') return /-(hant|tw|hk|mo)\b/.test(lower) ? 'zh-TW' : 'zh-CN';
  if (lang === 'pt') return 'pt-BR';
  return CATALOG_TAGS.find((k) => k === lang);
}

/** The site's own spelling of a language it declares (`en-gb` → `en-GB`), or undefined when it does not declare it. */
export function declaredLanguage(tag: string, languages: readonly string[]): string | undefined {
  return languages.find((l) => l.toLowerCase() === tag.toLowerCase());
}

/** What validation, the CLI and notify.yaml say of a language the site does not declare. */
export function undeclaredLanguage(tag: string, languages: readonly string[]): string {
  return `"${tag}" is not one of the site's languages (site.yaml languages: ${languages.join(', ')})`;
}
