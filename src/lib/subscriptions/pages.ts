/**
 * The pages the subscription service answers with: plain HTML forms that work without
 * JavaScript, in the visitor's language with the page's words. Every value is escaped.
 */
import { createHash } from 'node:crypto';
import { escapeHtml } from '../content/markdown.ts';
import type { Content } from '../content/model.ts';
import { catalogFor, contentIn } from '../languages/languages.ts';
import type { Vocabulary } from '../languages/vocabulary.ts';

type Words = Vocabulary['ui']['subscriptions'];

/**
 * The service's pages' only styling: readable measure and spacing on a phone, and the browser's
 * own light and dark colours (`color-scheme`), so text stays legible in either. Allowed by its
 * hash in the pages' security policy (SERVICE_STYLE_SOURCE), nothing else is.
 */
export const SERVICE_STYLE =
  ':root{color-scheme:light dark}body{font:1rem/1.5 system-ui,sans-serif;margin:0 auto;max-width:36rem;padding:1.5rem 1rem}' +
  'h1{font-size:1.5rem;line-height:1.25}button{font:inherit;padding:.5rem 1rem;min-height:2.75rem}fieldset{margin:1rem 0}' +
  'label{display:block;padding:.25rem 0}';

/** The policy's source for SERVICE_STYLE: `'sha256-…'`. */
export const SERVICE_STYLE_SOURCE = `'sha256-${createHash('sha256').update(SERVICE_STYLE).digest('base64')}'`;

/** A whole page: its title as the heading, `body` (HTML, already escaped), and the way back to the status page. */
export function servicePage(lang: string, title: string, body: string, pageUrl: string, siteName: string): string {
  const w = catalogFor(lang).ui.subscriptions;
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(lang)}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="color-scheme" content="light dark"><style>${SERVICE_STYLE}</style>`,
    `<meta name="robots" content="noindex"><title>${escapeHtml(title)} · ${escapeHtml(siteName)}</title></head>`,
    '<body>',
    `<main><h1>${escapeHtml(title)}</h1>`,
    body,
    `<p><a href="${escapeHtml(pageUrl)}">${escapeHtml(w.backToPage)}</a></p></main>`,
    '</body></html>',
    '',
  ].join('\n');
}

/** A page of one message: which of the words' title/message pairs. */
export type MessagePage = 'checkInbox' | 'confirmed' | 'badLink' | 'unsubscribed' | 'refused' | 'tooMany';

const TITLES: Record<MessagePage, keyof Words> = {
  checkInbox: 'checkInboxTitle',
  confirmed: 'confirmedTitle',
  badLink: 'badLinkTitle',
  unsubscribed: 'unsubscribedTitle',
  refused: 'refusedTitle',
  tooMany: 'tooManyTitle',
};

export function messagePage(which: MessagePage, lang: string, pageUrl: string, siteName: string): string {
  const w = catalogFor(lang).ui.subscriptions;
  return servicePage(lang, w[TITLES[which]] as string, `<p>${escapeHtml(w[which])}</p>`, pageUrl, siteName);
}

/** The page behind a confirmation link: one button that POSTs the token (a link scanner's GET confirms nothing). */
export function confirmPage(lang: string, token: string, pageUrl: string, siteName: string): string {
  const w = catalogFor(lang).ui.subscriptions;
  const form = [
    `<form method="post" action="confirm?lang=${encodeURIComponent(lang)}">`,
    `<input type="hidden" name="t" value="${escapeHtml(token)}">`,
    `<button type="submit">${escapeHtml(w.confirmAction)}</button>`,
    '</form>',
  ].join('\n');
  return servicePage(lang, w.confirmAction, form, pageUrl, siteName);
}

/** The name of language `tag` in language `lang` (Intl's), e.g. "Deutsch" for de in de. */
function languageName(tag: string, lang: string): string {
  try {
    return new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return new Intl.DisplayNames([lang], { type: 'language' }).of(tag) ?? tag;
  }
}

export interface ManageState {
  /** null: every service. */
  services: readonly string[] | null;
  language: string;
  /** The link token and subscriber id, sent back with each form. */
  subscriber: string;
  manageToken: string;
  unsubscribeToken: string;
  saved?: boolean;
}

/**
 * The manage page: the services grouped as on the status page, each a checkbox, "all
 * services" (which also follows services added later), the language of the mails, and
 * a separate form to unsubscribe.
 */
export function managePage(content: Content, lang: string, state: ManageState, pageUrl: string): string {
  const w = catalogFor(lang).ui.subscriptions;
  const view = contentIn(content, lang);
  const all = state.services === null;
  const groups = view.groups.map((g) =>
    [
      `<fieldset><legend>${escapeHtml(g.name || w.services)}</legend>`,
      ...g.services.map(
        (s) =>
          `<label><input type="checkbox" name="service" value="${escapeHtml(s.id)}"${all || state.services!.includes(s.id) ? ' checked' : ''}> ${escapeHtml(s.name)}</label><br>`,
      ),
      '</fieldset>',
    ].join('\n'),
  );
  const hidden = `<input type="hidden" name="s" value="${escapeHtml(state.subscriber)}">`;
  const body = [
    state.saved ? `<p role="status"><strong>${escapeHtml(w.saved)}</strong></p>` : '',
    `<p>${escapeHtml(w.manageIntro)}</p>`,
    '<form method="post" action="manage">',
    hidden,
    `<input type="hidden" name="t" value="${escapeHtml(state.manageToken)}">`,
    `<fieldset><legend>${escapeHtml(w.services)}</legend>`,
    `<label><input type="checkbox" name="all" value="1"${all ? ' checked' : ''}> ${escapeHtml(w.allServices)}</label>`,
    ...groups,
    '</fieldset>',
    `<label>${escapeHtml(w.language)} <select name="language">`,
    ...content.site.languages.map(
      (tag) =>
        `<option value="${escapeHtml(tag)}"${tag === state.language ? ' selected' : ''}>${escapeHtml(languageName(tag, lang))}</option>`,
    ),
    '</select></label>',
    `<p><button type="submit">${escapeHtml(w.save)}</button></p>`,
    '</form>',
    `<form method="post" action="unsubscribe?s=${encodeURIComponent(state.subscriber)}&amp;t=${encodeURIComponent(state.unsubscribeToken)}">`,
    `<p><button type="submit">${escapeHtml(w.unsubscribe)}</button></p>`,
    '</form>',
  ]
    .filter(Boolean)
    .join('\n');
  return servicePage(lang, w.manageTitle, body, pageUrl, view.site.name);
}

/** The page behind an unsubscribe link: one button (a GET changes nothing; mail clients' one-click POST needs no page). */
export function unsubscribePage(lang: string, subscriber: string, token: string, pageUrl: string, siteName: string): string {
  const w = catalogFor(lang).ui.subscriptions;
  const form = [
    `<form method="post" action="unsubscribe?s=${encodeURIComponent(subscriber)}&amp;t=${encodeURIComponent(token)}">`,
    `<button type="submit">${escapeHtml(w.unsubscribe)}</button>`,
    '</form>',
  ].join('\n');
  return servicePage(lang, w.unsubscribe, form, pageUrl, siteName);
}
