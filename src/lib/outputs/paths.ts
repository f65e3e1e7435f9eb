/**
 * Paths: every internal link is built here, under the site's base path, so the site
 * works the same at https://status.example.com/ and at https://example.github.io/status/.
 */

/** Joins the base (`/` or `/status/`) and a path without a leading slash. */
export function withBase(base: string, path: string): string {
  const b = base.endsWith('/') ? base : `${base}/`;
  return `${b}${path.replace(/^\/+/, '')}`;
}

export const paths = {
  home: () => '',
  incident: (slug: string) => `incidents/${slug}/`,
  maintenance: (slug: string) => `maintenance/${slug}/`,
  service: (id: string) => `services/${id}/`,
  /** History page 1 is `/history/`, later pages `/history/2/`. */
  history: (page = 1) => (page <= 1 ? 'history/' : `history/${page}/`),
  notices: () => 'notices/',
  notice: (slug: string) => `notices/#notice-${slug}`,
  /** The archive of one month, `history/2025-01/`. */
  month: (month: string) => `history/${month}/`,
  /** A day within its month's archive, `history/2025-01/#day-2025-01-27`. */
  day: (day: string) => `history/${day.slice(0, 7)}/#day-${day}`,
  /** An update's anchor on its incident's or maintenance's page. */
  update: (page: string, updateId: string) => `${page}#${updateId}`,
  /** The feed with one entry per update: site-wide, or one service's. */
  feed: (format: FeedFormat, serviceId?: string) => (serviceId ? `services/${serviceId}/history.${format}` : `updates.${format}`),
  /** The feed with one entry per incident or maintenance, listing its updates, where Statuspage publishes it. */
  incidentFeed: (format: FeedFormat) => `history.${format}`,
  /** The page's own badge (`status`) or a service's. */
  badge: (id: string) => `badges/${id}.svg`,
  calendar: () => 'maintenance.ics',
  /** A Statuspage v2 document: `api('summary')` is `api/v2/summary.json`. */
  api: (name: string) => `api/v2/${name}.json`,
  uptime: () => 'api/uptime.json',
  favicon: () => 'favicon.svg',
  /** How to follow the page: feeds, calendar, API, e-mail list and chat. */
  subscribe: () => 'subscribe/',
  /** Where the sign-up service sends a visitor when it cannot take a sign-up (built only with `subscriptions:` in site.yaml). */
  subscribeUnavailable: () => 'subscribe/unavailable/',
  /** What the page has published, for `statusmark notify` (see src/lib/notify/record.ts). */
  notifyRecord: () => 'api/notify-record.json',
};

export type FeedFormat = 'rss' | 'atom';

/** An absolute URL for feeds and the API: origin + base + path. */
export function absoluteUrl(origin: string, base: string, path: string): string {
  return `${origin.replace(/\/+$/, '')}${withBase(base, path)}`;
}
