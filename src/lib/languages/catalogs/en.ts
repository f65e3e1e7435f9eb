/**
 * English: the reference catalog (every other language's is checked against it, see
 * vocabulary.ts), and the words of the Statuspage-compatible API and the staff's command
 * line. The names of statuses, states, impacts and the overall headline are those hosted
 * status pages use, so visitors and tools recognise them.
 */
import type { Impact, IncidentState, MaintenanceState, ServiceStatus } from '../../content/model.ts';
import type { Indicator } from '../../status/status.ts';
import type { Vocabulary } from '../vocabulary.ts';
import { count } from '../plural.ts';
import { num } from '../format.ts';
import { SERVICE_STATUSES } from '../../status/statuses.ts';

/** A number in English digits grouping ("1,234"). */
const n$ = (n: number) => num('en', n);

/** A service's status, as a label ("Partial outage"). */
const STATUS_LABEL: Record<ServiceStatus, string> = {
  operational: 'Operational',
  under_maintenance: 'Under maintenance',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

/** The state an update announces ("Identified", "In progress"). */
const STATE_LABEL: Record<IncidentState | MaintenanceState, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
};

/** An incident's impact ("Major impact"). */
const IMPACT_LABEL: Record<Impact, string> = {
  none: 'No impact',
  minor: 'Minor impact',
  major: 'Major impact',
  critical: 'Critical impact',
};

/**
 * The page's headline for each overall indicator: the home page, the 404 page, the
 * status badge and `status.json`'s `description` all print this.
 */
const HEADLINE: Record<Indicator, string> = {
  none: 'All Systems Operational',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major Service Outage',
  maintenance: 'Service Under Maintenance',
};

/** A status inside a sentence ("partial outage, 2 h 10 min"). */
function statusWords(status: ServiceStatus): string {
  return status === 'under_maintenance' ? 'maintenance' : STATUS_LABEL[status].toLowerCase();
}

/** Each status as it reads inside a sentence ("Registration (partial outage)"), from `statusWords`. */
const STATUS_WORDS = Object.fromEntries(SERVICE_STATUSES.map((s) => [s, statusWords(s)])) as Record<ServiceStatus, string>;

/** Why an item is listed under a day it did not begin on. */
const DAY_ROLE_LABEL: Record<'started' | 'updated' | 'ongoing', string> = {
  started: 'Began',
  updated: 'Updated',
  ongoing: 'Ongoing',
};

/** Every other word the pages, feeds and calendar show; its shape is every catalog's (vocabulary.ts). */
export const UI = {
  /** The language's name in itself, for the link to its pages. */
  languageName: 'English',
  /** A label and what it labels: "Partial outage: Registration". */
  labelled: (label: string, text: string) => `${label}: ${text}`,
  /** Two facts side by side: "Identified, 27 Jan 2025, 01:12 GMT+8". */
  pair: (first: string, second: string) => `${first}, ${second}`,
  /** Names in a list: "Web chat, Mobile app, API". */
  names: (names: readonly string[]) => names.join(', '),
  /** Parts of one description: "partial outage, 2 h; 99.41% uptime; 1 incident". */
  clauses: (parts: readonly string[]) => parts.join('; '),
  /** Whole sentences one after another: a space between them, or none where the language writes none (Chinese, Japanese). */
  sentences: (parts: readonly string[]) => parts.join(' '),
  /** A stretch of time: "01:12 GMT+8 to 09:30 GMT+8 (8 h 18 min)". */
  period: (from: string, to: string, length: string) => `${from} to ${to} (${length})`,
  skipLink: 'Skip to content',
  nav: {
    label: 'Site',
    history: 'History',
    notices: 'Notices',
    subscribe: 'Subscribe',
    support: 'Support',
    home: 'Home page',
    languages: 'Languages',
  },
  footer: {
    generated: (time: string) => `Page generated ${time}.`,
    asOf: (time: string) => `Status as of ${time}.`,
    zone: (zone: string) => `Times are shown in ${zone.replace(/_/g, ' ')}.`,
    follow: 'Follow this page:',
    rss: 'RSS',
    atom: 'Atom',
    calendar: 'maintenance calendar',
    api: 'JSON API',
    about: 'Published with Statusmark, from files in git; served as plain files so it stays up when the service does not.',
  },
  feedTitle: (site: string, format: string) => `${site} (${format})`,
  /** A label and its value in running text: "State: Identified", "Affected: API (partial outage)". */
  fact: (label: string, value: string) => `${label}: ${value}`,
  overall: { asOf: 'As of', updated: 'Updated' },
  banner: { incident: 'Active incident', maintenance: 'Maintenance in progress', notice: 'Notice' },
  notice: { info: 'Notice', warning: 'Important', posted: 'Posted', until: 'until' },
  home: {
    notices: 'Notices',
    active: 'Active incidents',
    maintenance: 'Maintenance',
    pastDays: (n: number) => `Past ${n$(n)} days`,
    quietDay: 'No incidents reported.',
    allHistory: 'All incidents and maintenance →',
  },
  services: { heading: 'Services', allServices: 'All services', eventDays: 'Days with incidents or maintenance in these strips' },
  incident: {
    /** The closing note `statusmark resolve` writes when staff give none. */
    resolvedNote: 'This incident has been resolved.',
    history: 'Incident history',
    state: 'State',
    impact: 'Impact',
    started: 'Started',
    resolved: 'Resolved',
    duration: 'Duration',
    lasted: (d: string) => `lasted ${d}`,
    ongoing: (d: string, time: string) => `ongoing for ${d} as of ${time}`,
    since: 'since',
    posted: 'Posted',
    postmortem: 'Postmortem',
    readReport: 'Read the full report',
    affected: 'Affected services',
    affectedLabel: 'Affected services',
    now: 'now',
    noteResolved: 'The status each service was in, and when, while the incident was open.',
    noteOpen: 'The status each service has been in, and when; it lasts until the incident is resolved.',
  },
  timeline: { heading: 'Updates', changes: 'Status changes', link: 'Link to this update' },
  maintenance: {
    kind: 'Maintenance',
    opens: 'Window opens',
    closes: 'Window closes',
    length: 'Length',
    under: 'Services under maintenance',
    affects: 'Affects',
    window: (d: string) => `window of ${d}`,
  },
  history: {
    title: 'Incident history',
    page: (n: number, of: number) => `Incident history, page ${n$(n)} of ${n$(of)}`,
    empty: 'No incidents or maintenance have been reported yet.',
    summary: (total: number, from: number, to: number) =>
      `${n$(total)} incidents and maintenance windows, newest first. Showing ${n$(from)}–${n$(to)}.`,
    pages: 'History pages',
    newer: '← Newer',
    older: 'Older →',
    pageOf: (n: number, of: number) => `Page ${n$(n)} of ${n$(of)}`,
    month: (month: string) => `${month}: incidents and maintenance`,
    months: 'Months',
  },
  service: {
    description: (name: string) => `Status and incident history of ${name}`,
    current: 'Current status:',
    follow: (name: string) => `Follow ${name}:`,
    badge: 'status badge',
    uptime: 'Uptime',
    totals: { last30: 'Last 30 days:', last90: 'last 90 days:' },
    monthByMonth: 'Month by month',
    method: 'Uptime counts a major outage as down, a partial outage as 30% down and degraded performance as up; maintenance is left out.',
    recent: 'Incidents and maintenance',
    none: (name: string) => `None reported for ${name}.`,
    older: (n: number, link: string) => `${n$(n)} older ones are in the ${link}.`,
    fullHistory: 'full history',
  },
  uptime: {
    noData: 'no data',
    operational: 'operational',
    total: (percent: string) => `${percent} uptime`,
    spent: (status: ServiceStatus, d: string) => `${statusWords(status)}, ${d}`,
    incidents: (n: number) => count(n, 'incident'),
    maintenance: (n: number) => count(n, 'maintenance window'),
    days: (name: string, n: number, range: string) => `${name}, each of the last ${n$(n)} days${range}`,
    range: (from: string, to: string) => `, ${from} to ${to}`,
    eventDays: (name: string) => `${name}, days with incidents or maintenance`,
  },
  notices: { title: 'Notices', current: 'Current', none: 'No notices right now.', past: 'Past and scheduled' },
  notFound: {
    title: 'Page not found',
    heading: 'This page does not exist',
    text: 'The address may be mistyped, or the page may have moved. The status page itself is working.',
    now: 'Right now:',
    status: 'Current status of every service',
    history: 'Incident history',
  },
  feed: {
    affected: 'Affected',
    underMaintenance: 'Under maintenance',
    view: (kind: 'incident' | 'maintenance') => `View the ${kind} on the status page`,
    maintenanceTitle: (state: string, title: string) => `Maintenance ${state.toLowerCase()}: ${title}`,
    noticeTitle: (title: string) => `Notice: ${title}`,
    serviceTitle: (service: string, site: string) => `${service} · ${site}`,
    serviceDescription: (service: string, site: string) => `Incidents and maintenance affecting ${service}, from ${site}`,
    siteDescription: (site: string) => `Incidents, maintenance and notices from ${site}`,
    /** An incident update's entry: its state, then the incident's title. */
    updateTitle: (state: string, title: string) => `${state}: ${title}`,
    /** One affected service with its status in words (`statusWords`). */
    serviceStatus: (service: string, status: string) => `${service} (${status})`,
  },
  calendar: {
    name: (site: string) => `${site}: maintenance`,
    description: (site: string) => `Planned maintenance announced on ${site}`,
    summary: (title: string) => `Maintenance: ${title}`,
    affects: (names: string) => `Affects: ${names}`,
  },
  /** A badge's right half: a status or headline label as badges print it. */
  badge: { message: (label: string) => label.toLowerCase() },
  /** The chat messages and e-mails `statusmark notify` sends. */
  notify: {
    correction: (headline: string) => `Correction: ${headline}`,
    state: 'State',
    impact: 'Impact',
    services: 'Services',
    window: 'Window',
    windowRange: (from: string, to: string) => `${from} to ${to}`,
    posted: 'Posted',
    viewOn: (site: string) => `View on ${site}`,
    viewUpdate: 'View the update',
    viewUpdateOn: (site: string) => `View the update on ${site}`,
    /** A service and its status in words (`statusWords`). */
    serviceStatus: (service: string, status: string) => `${service}: ${status}`,
  },
  /** The Subscribe page. */
  subscribe: {
    title: 'Subscribe',
    description: 'Follow this status page: feeds, calendar, JSON API, e-mail and chat.',
    intro: 'Each address below is a link: open it, or copy it into your feed reader, calendar or tool.',
    join: 'E-mail and chat',
    joinIntro: 'Every new update is announced on these as soon as it is published.',
    joinList: (address?: string) => `Join the e-mail list${address ? ` (${address})` : ''}`,
    joinChat: (channel: string) => `Join us on ${channel}`,
    channel: {
      email: 'E-mail list',
      slack: 'Slack',
      discord: 'Discord',
      teams: 'Microsoft Teams',
      mattermost: 'Mattermost',
      webhook: 'Webhook',
    },
    feeds: 'Feeds',
    feedsIntro: 'One entry for each incident update, maintenance update and notice.',
    incidentFeeds: 'One entry per incident',
    incidentFeedsIntro:
      'The shape hosted status pages publish: one entry for each incident or maintenance, listing all its updates; for readers and tools written for them.',
    serviceFeeds: 'Feeds for one service',
    serviceFeedsIntro: 'Only what affects that service.',
    calendar: 'Maintenance calendar',
    calendarIntro: 'Add it to your calendar app as a subscription ("from URL"); moved windows update in place.',
    api: 'JSON API',
    apiIntro: 'The same shapes as the Statuspage v2 public API, so existing tools and widgets read it unchanged.',
    /** The sign-up form, when site.yaml names a sign-up service. */
    form: {
      heading: 'Get e-mail updates',
      intro:
        'We e-mail you when an incident or maintenance touches a service you follow. First we send a link to confirm your address; every e-mail has links to change your choice or unsubscribe.',
      email: 'E-mail address',
      services: 'Services to follow',
      servicesHint: 'All are selected; clear the ones you do not use. With none selected, you follow all of them.',
      /** Under the services when notices, which name no service, go to every subscriber (site.yaml subscriptions.notices). */
      noticesToAll: 'Notices about the page as a whole reach every subscriber, whatever services they follow.',
      language: 'Language of the e-mails',
      website: 'Leave this field empty',
      privacy: 'We use your address only to send you these e-mails.',
      submit: 'Subscribe',
    },
    /** The page the sign-up service sends a visitor to when it cannot take a sign-up. */
    unavailable: {
      title: 'Sign-up unavailable',
      description: 'E-mail sign-up cannot be taken right now; follow the page with its feeds instead.',
      heading: 'E-mail sign-up is not available right now',
      message:
        'We could not take your sign-up just now. Please try again later. In the meantime, you can follow this page in any of the ways below.',
    },
  },
  duration: {
    underAMinute: 'under a minute',
  },
  /** The pages and e-mails of the subscription service (statusmark serve). */
  subscriptions: {
    checkInboxTitle: 'Check your inbox',
    checkInbox:
      'If this address can receive e-mail, a message is on its way to it. Open the link in it to confirm: nothing is sent before you do.',
    backToPage: 'Back to the status page',
    confirmSubject: (site: string) => `Confirm your subscription to ${site}`,
    confirmIntro: (site: string) => `Someone, we hope you, asked for e-mail updates from ${site}.`,
    confirmAction: 'Confirm the subscription',
    confirmExpires: (time: string) => `The link works once, until ${time}.`,
    confirmIgnore: 'If this was not you, ignore this message: without a confirmation you receive nothing, and the request is deleted.',
    confirmedTitle: 'Subscription confirmed',
    confirmed: 'You will receive an e-mail when an update concerns a service you follow.',
    badLinkTitle: 'This link does not work',
    badLink: 'It has expired, has been used already, or is incomplete. You can subscribe again from the status page.',
    manageTitle: 'Your subscription',
    manageIntro: 'Choose the services you follow and the language of the e-mails.',
    allServices: 'All services, including ones added later',
    services: 'Services',
    language: 'Language',
    save: 'Save',
    saved: 'Your choice is saved.',
    unsubscribe: 'Unsubscribe',
    unsubscribedTitle: 'Unsubscribed',
    unsubscribed: 'You will receive no more e-mails from this page, and your address has been deleted.',
    goodbyeSubject: (site: string) => `You have unsubscribed from ${site}`,
    goodbye: 'This is the last e-mail you receive from us. You can subscribe again at any time from the status page.',
    footer: (site: string) => `You receive this because you subscribed to updates from ${site}.`,
    manage: 'Change services or language',
    refusedTitle: 'Not accepted',
    refused: 'This is not an e-mail address we can send to. Go back and check it.',
    tooManyTitle: 'Too many requests',
    tooMany: 'Too many requests came from here. Please wait a while and try again.',
  },
} as const;

/** The English vocabulary, the one every other language's catalog is checked against. */
export const en: Vocabulary = {
  status: STATUS_LABEL,
  state: STATE_LABEL,
  impact: IMPACT_LABEL,
  headline: HEADLINE,
  dayRole: DAY_ROLE_LABEL,
  statusWords: STATUS_WORDS,
  ui: UI,
};
