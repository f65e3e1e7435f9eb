/**
 * HTTP response headers for the hosts people put a static site on. One list of rules
 * produces `_headers` (Netlify, Cloudflare Pages) at build time and is what the test
 * server sends; docs/nginx.conf spells out the same rules for nginx.
 *
 * The policy: HTML, feeds and JSON are fresh for 60 s and may be served stale for 10
 * minutes while revalidating (a status page must not be cached for long, nor fall over
 * when its origin is slow); fingerprinted assets are immutable for a year; the API, the
 * feeds, the calendar and the badges are open to other origins; every script is
 * forbidden. Each page also carries a <meta> policy with the hashes of its inline styles.
 */

/** Enforced by the header on every response, HTML or not. */
export const CONTENT_SECURITY_POLICY = "script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
export const FRESH = 'public, max-age=60, stale-while-revalidate=600';
export const IMMUTABLE = 'public, max-age=31536000, immutable';

export interface HeaderRule {
  /** A path under the base; `*` matches any run of characters. */
  path: string;
  headers: Record<string, string>;
}

export function headerRules(base: string): HeaderRule[] {
  const b = base.endsWith('/') ? base : `${base}/`;
  const open = { 'Access-Control-Allow-Origin': '*' };
  return [
    {
      path: `${b}*`,
      headers: {
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'strict-origin-when-cross-origin',
        'Cache-Control': FRESH,
      },
    },
    { path: `${b}_astro/*`, headers: { 'Cache-Control': IMMUTABLE } },
    { path: `${b}api/*`, headers: open },
    { path: `${b}*.rss`, headers: open },
    { path: `${b}*.atom`, headers: open },
    { path: `${b}maintenance.ics`, headers: open },
    { path: `${b}badges/*`, headers: open },
  ];
}

/** The `_headers` file format of Netlify and Cloudflare Pages. */
export function headersFile(rules: HeaderRule[]): string {
  return rules.map((r) => `${r.path}\n${Object.entries(r.headers).map(([k, v]) => `  ${k}: ${v}`).join('\n')}\n`).join('\n');
}

/** The headers a request path gets: every matching rule, later rules winning. */
export function headersFor(path: string, rules: HeaderRule[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rule of rules) {
    const pattern = new RegExp(`^${rule.path.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    if (pattern.test(path)) Object.assign(out, rule.headers);
  }
  return out;
}
