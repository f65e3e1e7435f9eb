/**
 * A Content-Security-Policy for each built page, in a <meta> element: no script at all,
 * only the page's own inline stylesheet, by its SHA-256 hash, and no form but the sign-up
 * form of the Subscribe page, when the site has one (its sources come from
 * src/lib/outputs/subscribe.ts, `formActionSources`). This protects pages
 * on hosts that cannot send headers (GitHub Pages); where headers can be sent,
 * src/lib/outputs/headers.ts adds frame-ancestors, which a <meta> cannot carry.
 */
import { createHash } from 'node:crypto';

const STYLE = /<style>([\s\S]*?)<\/style>/g;

const hashes = new Map<string, string>();

/** `'sha256-…'` for a stylesheet; remembered, since pages of one kind share theirs. */
function hashOf(style: string): string {
  let hash = hashes.get(style);
  if (hash === undefined) hashes.set(style, (hash = `'sha256-${createHash('sha256').update(style, 'utf8').digest('base64')}'`));
  return hash;
}

/** The policy for a page whose inline stylesheets are `styles` and whose forms may post to `formActions` (none by default). */
export function pagePolicy(styles: string[], formActions: readonly string[] = []): string {
  const hashes = [...new Set(styles.map(hashOf))];
  return [
    "default-src 'none'",
    "script-src 'none'",
    `style-src ${hashes.length ? hashes.join(' ') : "'none'"}`,
    "img-src 'self' data:",
    // Nothing on the page can fetch (no script runs), but tools that audit the page fetch
    // from it: Lighthouse reads robots.txt that way and fails the SEO audit under 'none'.
    "connect-src 'self'",
    "base-uri 'none'",
    `form-action ${formActions.length ? formActions.join(' ') : "'none'"}`,
  ].join('; ');
}

/** The page with its policy added as the first element of <head>. */
export function withPolicy(html: string, formActions: readonly string[] = []): string {
  const styles = [...html.matchAll(STYLE)].map((m) => m[1] as string);
  const meta = `<meta http-equiv="content-security-policy" content="${pagePolicy(styles, formActions)}">`;
  return html.replace(/<head>/i, `<head>${meta}`);
}
