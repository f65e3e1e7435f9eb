/**
 * The mails the subscription service sends, in the subscriber's language with the page's
 * words and date formats, each as plain text and HTML: the confirmation, the goodbye, and
 * an update (notify's own e-mail for it, from src/lib/notify/messages.ts, threaded per
 * incident the same way, with the subscriber's manage and unsubscribe links below).
 */
import { escapeHtml } from '../content/markdown.ts';
import { catalogFor } from '../languages/languages.ts';
import { formatDateTime, type Zone } from '../languages/time.ts';
import { type EmailMessage, emailMessage } from '../notify/messages.ts';
import { type Announcement, entryIn, type PublishedRecord, recordHas, recordLanguage } from '../notify/record.ts';

export interface Mail {
  subject: string;
  text: string;
  html: string;
}

/** The site as one language's reader sees it in a mail: its name and the page's address in that language. */
export interface MailSite {
  name: string;
  pageUrl: string;
  /** The site's zone and the locale its dates are written in for this language. */
  zone: Zone;
}

function htmlDocument(lang: string, body: string[]): string {
  return `<!doctype html>\n<html lang="${escapeHtml(lang)}"><body>\n${body.join('\n')}\n</body></html>`;
}

/** The confirmation mail: the single-use link, when it expires (in the site's zone and the language's format), and what happens if it is ignored. */
export function confirmationMail(site: MailSite, lang: string, confirmUrl: string, expires: Date): Mail {
  const w = catalogFor(lang).ui.subscriptions;
  const until = w.confirmExpires(formatDateTime(expires, site.zone));
  return {
    subject: w.confirmSubject(site.name),
    text: [
      w.confirmIntro(site.name),
      '',
      `${w.confirmAction}:`,
      confirmUrl,
      '',
      until,
      '',
      w.confirmIgnore,
      '',
      `-- \n${site.name}\n${site.pageUrl}`,
    ].join('\n'),
    html: htmlDocument(lang, [
      `<p>${escapeHtml(w.confirmIntro(site.name))}</p>`,
      `<p><a href="${escapeHtml(confirmUrl)}">${escapeHtml(w.confirmAction)}</a></p>`,
      `<p>${escapeHtml(until)}</p>`,
      `<p>${escapeHtml(w.confirmIgnore)}</p>`,
      `<p><a href="${escapeHtml(site.pageUrl)}">${escapeHtml(site.name)}</a></p>`,
    ]),
  };
}

/** The last mail, after an unsubscribe. */
export function goodbyeMail(site: MailSite, lang: string): Mail {
  const w = catalogFor(lang).ui.subscriptions;
  return {
    subject: w.goodbyeSubject(site.name),
    text: [w.goodbye, '', `-- \n${site.name}\n${site.pageUrl}`].join('\n'),
    html: htmlDocument(lang, [
      `<p>${escapeHtml(w.goodbye)}</p>`,
      `<p><a href="${escapeHtml(site.pageUrl)}">${escapeHtml(site.name)}</a></p>`,
    ]),
  };
}

export interface SubscriberLinks {
  manage: string;
  unsubscribe: string;
}

/** The language a subscriber's update mail is written in: theirs when the record carries it, else the record's default. */
export function mailLanguage(record: PublishedRecord, lang: string): string {
  return recordHas(record, lang) ? lang : recordLanguage(record);
}

/**
 * An update as a subscriber receives it: notify's e-mail for the announcement in their
 * language (same subject, Message-ID and threading headers), with why they get it and
 * their manage and unsubscribe links at the end.
 */
export function updateMail(a: Announcement, record: PublishedRecord, lang: string, links: SubscriberLinks): EmailMessage {
  const language = mailLanguage(record, lang);
  const message = emailMessage({ type: a.type, entry: entryIn(a.entry, language) }, record, language);
  const w = catalogFor(language).ui.subscriptions;
  const site = record.site.name;
  return {
    ...message,
    text: [message.text, '', w.footer(site), `${w.manage}: ${links.manage}`, `${w.unsubscribe}: ${links.unsubscribe}`].join('\n'),
    html: htmlDocument(language, [
      message.html,
      '<hr>',
      `<p style="font-size:0.875em">${escapeHtml(w.footer(site))}<br>`,
      `<a href="${escapeHtml(links.manage)}">${escapeHtml(w.manage)}</a> · <a href="${escapeHtml(links.unsubscribe)}">${escapeHtml(w.unsubscribe)}</a></p>`,
    ]),
  };
}
