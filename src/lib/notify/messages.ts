/**
 * What each channel receives for one announcement: the same facts (incident, state,
 * services and their status, the message as plain text, the time in the site's zone,
 * the link to the update's anchor) in each receiver's documented shape.
 * Pure: the payloads are built here and sent by `send.ts`.
 */
import { createHmac } from 'node:crypto';
import { stableId } from '../outputs/api.ts';
import { statusColour } from '../status/colours.ts';
import { escapeHtml } from '../content/markdown.ts';
import { paths } from '../outputs/paths.ts';
import type { ServiceStatus } from '../content/model.ts';
import { incidentTone, worst } from '../status/status.ts';
import { catalogFor, localeFor } from '../languages/languages.ts';
import { formatDateTime } from '../languages/time.ts';
import { recordLanguage, type Announcement, type PublishedRecord, type RecordEntry } from './record.ts';

/** The facts every message shows, in words. */
export interface MessageView {
  /** "Identified: API errors", or "Correction: Identified: API errors". */
  headline: string;
  correction: boolean;
  /** "Identified", "Scheduled"; empty for a notice, whose headline says what it is. */
  state: string;
  /** "Major impact"; incidents only. */
  impact?: string;
  /** "API: partial outage" for each service. */
  services: string[];
  /** The message as plain text. */
  text: string;
  /** "27 Jan 2025, 10:20 GMT+8" in the site's zone. */
  time: string;
  /** Maintenance only: "from … to …". */
  window?: string;
  url: string;
  /** The colour of the worst status it reports, `#rrggbb`. */
  colour: string;
  site: string;
  /** The language it is worded in (the channel's). */
  lang: string;
}

const NOTICE_COLOUR = '#57606a';

/**
 * The facts of an announcement in words of `lang` (default: the record's default language).
 * The entry is expected as that language's readers see it (`entryIn`, done by `send.ts`).
 */
export function messageView(a: Announcement, record: PublishedRecord, lang: string = recordLanguage(record)): MessageView {
  const { entry } = a;
  const words = catalogFor(lang);
  const zone = { timeZone: record.site.timeZone, locale: localeFor(record.site, lang) };
  const state = entry.kind === 'notice' ? '' : (words.state[entry.state as keyof typeof words.state] ?? entry.state);
  // Worded as the feeds word their entries.
  const title =
    entry.kind === 'notice'
      ? words.ui.feed.noticeTitle(entry.title)
      : entry.kind === 'maintenance'
        ? words.ui.feed.maintenanceTitle(state, entry.title)
        : words.ui.feed.updateTitle(state, entry.title);
  // An incident as its banner shows it (its impact's colour when it names no services); maintenance by its services.
  const statuses = entry.services.map((s) => s.status);
  const status: ServiceStatus = entry.kind === 'incident' ? incidentTone(statuses, entry.impact ?? 'none') : worst(statuses);
  return {
    headline: a.type === 'correction' ? words.ui.notify.correction(title) : title,
    correction: a.type === 'correction',
    state,
    ...(entry.impact ? { impact: words.impact[entry.impact] } : {}),
    services: entry.services.map((s) => words.ui.notify.serviceStatus(s.name, words.statusWords[s.status])),
    text: entry.text,
    time: formatDateTime(new Date(entry.at), zone),
    ...(entry.window
      ? {
          window: words.ui.notify.windowRange(
            formatDateTime(new Date(entry.window.from), zone),
            formatDateTime(new Date(entry.window.until), zone),
          ),
        }
      : {}),
    url: entry.url,
    colour: entry.kind === 'notice' ? NOTICE_COLOUR : statusColour(status),
    site: record.site.name,
    lang,
  };
}

/** The words of a view's language. */
const said = (view: MessageView) => catalogFor(view.lang).ui.notify;

/** The facts as label/value pairs, in the order every channel lists them. */
export function facts(view: MessageView): [string, string][] {
  const w = said(view);
  return [
    ...(view.state ? [[w.state, view.state] as [string, string]] : []),
    ...(view.impact ? [[w.impact, view.impact] as [string, string]] : []),
    ...(view.services.length ? [[w.services, view.services.join(', ')] as [string, string]] : []),
    ...(view.window ? [[w.window, view.window] as [string, string]] : []),
    [w.posted, view.time],
  ];
}

/** Cuts text to `max` characters, ending with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

// ------------------------------------------------------------------ chat

/**
 * Slack's mrkdwn needs only &, < and > escaped: every link, user or channel mention
 * (`<!channel>`, `<@U123>`) is written between < and >, so none can come from staff text.
 */
function slackEscape(text: string): string {
  return text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string);
}

/** Slack incoming webhook, Block Kit (header ≤ 150, section text ≤ 3000, fields ≤ 2000 each). */
export function slackPayload(view: MessageView) {
  return {
    // The notification text is mrkdwn too: the headline is escaped like every other text.
    text: clip(`${slackEscape(view.headline)}: ${view.url}`, 3000),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(view.headline, 150), emoji: false } },
      { type: 'section', text: { type: 'mrkdwn', text: clip(slackEscape(view.text || view.headline), 3000) } },
      {
        type: 'section',
        fields: facts(view)
          .slice(0, 10)
          .map(([k, v]) => ({ type: 'mrkdwn', text: clip(`*${k}*\n${slackEscape(v)}`, 2000) })),
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: clip(`<${view.url}|${slackEscape(said(view).viewOn(view.site))}>`, 3000) }] },
    ],
  };
}

/** Markdown special characters, escaped so staff text shows as written in Discord and Mattermost. */
function markdownEscape(text: string): string {
  return text.replace(/([\\`*_~|#>[\]()])/g, '\\$1').replace(/@/g, '@\u200b');
}

/** Mattermost incoming webhook: Slack-compatible `text` in Markdown. */
export function mattermostPayload(view: MessageView) {
  const lines = facts(view).map(([k, v]) => `**${k}:** ${markdownEscape(v)}`);
  return {
    text: clip(
      [
        `#### ${markdownEscape(view.headline)}`,
        markdownEscape(view.text),
        lines.join('\n'),
        `[${markdownEscape(said(view).viewOn(view.site))}](${view.url})`,
      ]
        .filter(Boolean)
        .join('\n\n'),
      16_000,
    ),
  };
}

/** Discord webhook: one embed (title ≤ 256, description ≤ 4096, field value ≤ 1024), no pings. */
export function discordPayload(view: MessageView, at: string) {
  return {
    allowed_mentions: { parse: [] as string[] },
    embeds: [
      {
        title: clip(view.headline, 256),
        url: view.url,
        description: clip(markdownEscape(view.text), 4096),
        color: Number.parseInt(view.colour.slice(1), 16),
        timestamp: at,
        fields: facts(view).map(([name, value]) => ({
          name,
          value: clip(markdownEscape(value), 1024),
          inline: name !== said(view).services,
        })),
        footer: { text: clip(view.site, 2048) },
      },
    ],
  };
}

/**
 * Adaptive Card TextBlocks and facts read a CommonMark subset (bold, italic, lists, links):
 * its punctuation is escaped with a backslash, as CommonMark allows for any ASCII
 * punctuation, and so is a list marker opening a line, so staff text forms no link or
 * list. A mention needs an `<at>` entity the card does not carry, so text cannot ping.
 */
function teamsEscape(text: string): string {
  return text
    .replace(/([\\`*_~[\]()<>#|!])/g, '\\$1')
    .replace(/^(\s*)([-+]|\d+(?=\.))/gm, (_all, space: string, marker: string) =>
      /\d/.test(marker) ? `${space}${marker}\\` : `${space}\\${marker}`,
    );
}

/** Microsoft Teams workflow webhook ("When a Teams webhook request is received"): an Adaptive Card. */
export function teamsPayload(view: MessageView) {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: teamsEscape(view.headline), weight: 'Bolder', size: 'Medium', wrap: true },
            { type: 'TextBlock', text: teamsEscape(view.text), wrap: true },
            { type: 'FactSet', facts: facts(view).map(([title, value]) => ({ title, value: teamsEscape(value) })) },
          ],
          actions: [{ type: 'Action.OpenUrl', title: said(view).viewOn(view.site), url: view.url }],
        },
      },
    ],
  };
}

// ------------------------------------------------------------------ webhook

/** The entries of the same incident or maintenance up to `entry`, newest first. */
function thread(entry: RecordEntry, record: PublishedRecord): RecordEntry[] {
  return record.entries
    .filter((e) => e.kind === entry.kind && e.slug === entry.slug && e.ordinal <= entry.ordinal)
    .sort((a, b) => b.ordinal - a.ordinal);
}

/**
 * The generic webhook: Statuspage's webhook shape (`meta`, `page`, `incident` with its
 * `incident_updates` newest first), so receivers written for it work. Maintenance is an
 * incident with `impact: "maintenance"`, as there. A notice, which Statuspage lacks, is
 * sent as `meta`, `page` and a `notice` object.
 */
export function webhookPayload(a: Announcement, record: PublishedRecord) {
  const { entry } = a;
  const meta = {
    unsubscribe: null,
    documentation: `${record.site.url}${paths.subscribe()}`,
    generated_by: 'statusmark',
    correction: a.type === 'correction',
  };
  const page = { id: record.page.id, status_indicator: record.page.status.indicator, status_description: record.page.status.description };
  if (entry.kind === 'notice') {
    return {
      meta,
      page,
      notice: {
        id: stableId('notice', entry.slug),
        name: entry.title,
        level: entry.state,
        body: entry.text,
        created_at: entry.at,
        shortlink: entry.url,
      },
    };
  }
  const id = stableId(entry.kind, entry.slug);
  const updates = thread(entry, record);
  const first = updates[updates.length - 1]!;
  const monitoring = updates.find((u) => u.state === 'monitoring');
  const closed = entry.state === 'resolved' || entry.state === 'completed';
  return {
    meta,
    page,
    incident: {
      id,
      name: entry.title,
      status: entry.state,
      impact: entry.kind === 'maintenance' ? 'maintenance' : (entry.impact ?? 'none'),
      created_at: first.at,
      updated_at: entry.at,
      monitoring_at: monitoring?.at ?? null,
      resolved_at: closed ? entry.at : null,
      shortlink: entry.url.replace(/#.*$/, ''),
      page_id: record.page.id,
      backfilled: false,
      scheduled_for: entry.window?.from ?? null,
      scheduled_until: entry.window?.until ?? null,
      components: entry.services.map((s) => ({ id: stableId('component', s.id), name: s.name, status: s.status })),
      incident_updates: updates.map((u) => ({
        id: stableId('update', u.key),
        incident_id: id,
        status: u.state,
        body: u.text,
        created_at: u.at,
        updated_at: u.at,
        display_at: u.at,
        affected_components: u.services.map((s) => ({
          code: stableId('component', s.id),
          name: s.name,
          old_status: updates.find((p) => p.ordinal === u.ordinal - 1)?.services.find((q) => q.id === s.id)?.status ?? 'operational',
          new_status: s.status,
        })),
      })),
    },
  };
}

// ------------------------------------------------------------------ e-mail

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** The incident's first message, so mail clients thread it. */
  inReplyTo?: string;
  references?: string[];
}

/** `<incident.registrations-restricted.20250127T022000Z@status.nimbus.example>`: one per update, from its key. */
export function messageIdFor(key: string, host: string): string {
  return `<${key.replace(/\//g, '.')}@${host}>`;
}

/** The e-mail of an announcement, in `lang` (default: the record's default language). */
export function emailMessage(a: Announcement, record: PublishedRecord, lang: string = recordLanguage(record)): EmailMessage {
  const view = messageView(a, record, lang);
  const { fact } = catalogFor(lang).ui;
  const { entry } = a;
  const host = new URL(record.site.url).host;
  const own = messageIdFor(entry.key, host);
  // A correction is a message of its own (a client keeps only one message per id), answering the update it corrects.
  const messageId = a.type === 'correction' ? `<correction.${entry.hash.slice(0, 16)}.${own.slice(1)}` : own;
  const root = entry.first ? messageIdFor(entry.first, host) : undefined;
  const parent = a.type === 'correction' ? own : root !== own ? root : undefined;
  const references = [...new Set([root, parent].filter((r): r is string => r !== undefined && r !== messageId))];
  const list = facts(view);
  const text = [
    view.headline,
    '',
    view.text,
    '',
    ...list.map(([k, v]) => fact(k, v)),
    '',
    fact(said(view).viewUpdate, view.url),
    '',
    `-- \n${view.site}`,
  ].join('\n');
  const html = [
    `<h1 style="font-size:1.25em">${escapeHtml(view.headline)}</h1>`,
    entry.html,
    `<table>${list.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`,
    `<p><a href="${escapeHtml(view.url)}">${escapeHtml(said(view).viewUpdateOn(view.site))}</a></p>`,
  ].join('\n');
  return {
    subject: `[${record.site.name}] ${view.headline}`,
    text,
    html,
    messageId,
    ...(parent ? { inReplyTo: parent } : {}),
    ...(references.length ? { references } : {}),
  };
}

/** HMAC-SHA256 of the exact body with the secret, as sent in `X-Statusmark-Signature`: `sha256=<hex>`. */
export function signature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
