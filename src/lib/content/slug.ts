/** Slugs: turning titles and names into URL-safe, file-safe words, and the rules a slug or id must follow. */

/** A slug: lowercase letters and digits in words joined by single hyphens (`security-patching-window`). */
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** An incident's slug starts with the day it began: `2025-01-27-registrations-restricted`. */
export const INCIDENT_SLUG = /^(\d{4})-(\d{2})-(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** The longest slug a file name may give. */
export const MAX_SLUG_LENGTH = 120;
/** A service id: like a slug, at most 64 characters (`web-chat`). */
export const SERVICE_ID = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** An incident's slug from the day it began and its title: `2025-01-27-registrations-restricted`. */
export function incidentSlug(day: string, title: string): string {
  return `${day}-${slugify(title) || 'incident'}`;
}

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
