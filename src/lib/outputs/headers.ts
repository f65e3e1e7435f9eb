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
 * A site whose url is https tells browsers to use https only, for a year
 * (Strict-Transport-Security, without `preload`); `hsts: false` in site.yaml turns it off.
 */

/** Enforced by the header on every response, HTML or not, of a site without a sign-up service. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/**
 * The header's policy. With a sign-up service (`formActions`, from `formActionSources` in
 * src/lib/outputs/subscribe.ts) its form-action names the form's action on every path: the hosts
 * join the values of every rule that matches a path, and two policies are both enforced, so a
 * Subscribe-page rule could never loosen a catch-all `form-action 'none'`. Each page's own
 * <meta> policy (csp.ts) keeps every page but the Subscribe page at `form-action 'none'`.
 */
export function contentSecurityPolicy(formActions: readonly string[] = []): string {
  const forms = formActions.length ? formActions.join(' ') : "'none'";
  return `script-src 'none'; object-src 'none'; base-uri 'none'; form-action ${forms}; frame-ancestors 'none'`;
}
export const FRESH = 'public, max-age=60, stale-while-revalidate=600';
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** One year, the whole host (subdomains are the owner's to decide), not on the browsers' preload list. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000';

/** Whether responses carry Strict-Transport-Security: the site is served over https and site.yaml does not say `hsts: false`. */
export function sendsHsts(site: { url: string; hsts?: boolean | undefined }): boolean {
  return /^https:/i.test(site.url) && site.hsts !== false;
}

export interface HeaderRule {
  /** A path under the base; `*` matches any run of characters. */
  path: string;
  headers: Record<string, string>;
}

/**
 * No header is set by two rules that match one path: Cloudflare Pages and Netlify join
 * the values of every matching rule (`max-age=60, …, max-age=31536000, immutable`), so a
 * catch-all Cache-Control cannot be overridden below it. Security headers, the same on
 * every path, are the only catch-all; everything else is named by the URLs it covers.
 */
export function headerRules(
  base: string,
  { hsts = false, formActions = [] }: { hsts?: boolean; formActions?: readonly string[] } = {},
): HeaderRule[] {
  const b = base.endsWith('/') ? base : `${base}/`;
  const fresh = { 'Cache-Control': FRESH };
  const open = { 'Cache-Control': FRESH, 'Access-Control-Allow-Origin': '*' };
  return [
    {
      path: `${b}*`,
      headers: {
        'Content-Security-Policy': contentSecurityPolicy(formActions),
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'strict-origin-when-cross-origin',
        ...(hsts ? { 'Strict-Transport-Security': STRICT_TRANSPORT_SECURITY } : {}),
      },
    },
    // Pages: every page URL ends in a slash (trailingSlash: 'always').
    { path: b, headers: fresh },
    { path: `${b}*/`, headers: fresh },
    { path: `${b}favicon.svg`, headers: fresh },
    { path: `${b}robots.txt`, headers: fresh },
    { path: `${b}sitemap-*`, headers: fresh },
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
  return rules
    .map(
      (r) =>
        `${r.path}\n${Object.entries(r.headers)
          .map(([k, v]) => `  ${k}: ${v}`)
          .join('\n')}\n`,
    )
    .join('\n');
}

/** Whether a rule's path (with `*` for any run of characters) matches a request path. */
export function ruleMatches(rule: HeaderRule, path: string): boolean {
  return new RegExp(
    `^${rule.path
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  ).test(path);
}

/**
 * The headers a request path gets, as the hosts apply `_headers`: every matching rule,
 * and a header set by two of them gets both values joined by ", ".
 */
export function headersFor(path: string, rules: HeaderRule[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rule of rules.filter((r) => ruleMatches(r, path))) {
    for (const [name, value] of Object.entries(rule.headers)) out[name] = out[name] === undefined ? value : `${out[name]}, ${value}`;
  }
  return out;
}
