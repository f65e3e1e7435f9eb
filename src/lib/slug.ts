/** Slugs: turning titles and names into URL-safe, file-safe words. */

/**
 * "New registrations restricted!" → "new-registrations-restricted".
 * Accents are folded (é → e); characters with no Latin form are dropped, so the
 * result may be empty: callers supply a fallback.
 */
export function slugify(text: string, maxLength = 60): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= maxLength) return slug;
  const cut = slug.slice(0, maxLength);
  const lastHyphen = cut.lastIndexOf('-');
  return (lastHyphen > maxLength / 2 ? cut.slice(0, lastHyphen) : cut).replace(/-+$/, '');
}
