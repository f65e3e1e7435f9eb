/**
 * A catalog phrase with parts of the page in it, as HTML: the phrase is called with
 * placeholders and each placeholder becomes the HTML part of its position, so
 * "since <time>" and "<time>時点で" come from the same template. The phrase's own words
 * are escaped; the parts are HTML the caller built (from escaped text). Synchronous and
 * cheap: the banners and footer on each of thousands of pages use it.
 */
import { escapeHtml } from '../content/markdown.ts';
import { isolateDir } from '../content/bidi.ts';

// For the components that show a title inside a phrase (they already load this module through Say.astro).
export { isolateDir };
import type { ServiceStatus } from '../content/model.ts';
import { statusRow } from '../status/statuses.ts';
import { formatDate, formatDateTime, formatTime, type Zone } from './time.ts';

/** Placeholders from Unicode's private use area: never in a catalog's words. */
export const MARKS = ['\uE000', '\uE001', '\uE002'] as const;
const SPLIT = /([\uE000-\uE002])/;

/** `phrase` with its first, second and third arguments replaced by `parts` (HTML). */
export function fillPhrase(phrase: (a: string, b: string, c: string) => string, parts: readonly string[]): string {
  return phrase(...MARKS)
    .split(SPLIT)
    .map((piece) => {
      const i = (MARKS as readonly string[]).indexOf(piece);
      return i >= 0 ? (parts[i] ?? '') : escapeHtml(piece);
    })
    .join('');
}

export type TimeStyle = 'datetime' | 'date' | 'time';

/** A `<time>` element: always absolute, in the site's zone; a date or time alone carries the full date and time as its title. */
export function timeHtml(date: Date, zone: Zone, style: TimeStyle = 'datetime'): string {
  const text = style === 'date' ? formatDate(date, zone) : style === 'time' ? formatTime(date, zone) : formatDateTime(date, zone);
  const title = style === 'datetime' ? '' : ` title="${escapeHtml(formatDateTime(date, zone))}"`;
  return `<time datetime="${date.toISOString()}"${title}>${escapeHtml(text)}</time>`;
}

/** A status badge: a shape per status (so colour is never the only cue) and its name; styled by StatusBadge.astro. */
export function badgeHtml(status: ServiceStatus, label: string): string {
  return `<span class="badge" data-status="${status}" data-icon="${statusRow(status).icon}"><span class="icon" aria-hidden="true"></span>${escapeHtml(label)}</span>`;
}

/** Text as HTML, inside a `lang` span when it is in another language than the page. */
export function textHtml(text: string, lang?: string): string {
  // Right-to-left text or bidi controls are isolated from the phrase around them (bidi.ts).
  const dir = isolateDir(text);
  return lang || dir
    ? `<span${lang ? ` lang="${escapeHtml(lang)}"` : ''}${dir ? ` dir="${dir}"` : ''}>${escapeHtml(text)}</span>`
    : escapeHtml(text);
}
