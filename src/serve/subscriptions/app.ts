/**
 * The subscription routes. Every page is plain HTML that works without JavaScript.
 *   POST /subscribe         the Subscribe page's form: the same "check your inbox" page for
 *                           a new, pending or confirmed address (or a filled honeypot)
 *   GET|POST /confirm       the confirmation link (GET shows a button; the POST confirms)
 *   GET|POST /manage        change services and language
 *   GET|POST /unsubscribe   GET shows a button; POST unsubscribes (RFC 8058 one-click too)
 *   POST /handoff           `statusmark notify` hands over what a deploy made public
 * When a sign-up cannot be taken (database or relay down, no relay configured) the answer
 * is 303 to the page's static failure page, which lists the feeds instead.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import { type Context, Hono } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { bodyLimit } from 'hono/body-limit';
import { parseRecord } from '../../lib/notify/record.ts';
import { deliveryId, isLoopback } from '../../lib/notify/send.ts';
import { parseAddress } from '../../lib/subscriptions/address.ts';
import { confirmationMail, goodbyeMail } from '../../lib/subscriptions/mails.ts';
import {
  confirmPage,
  managePage,
  type MessagePage,
  messagePage,
  SERVICE_STYLE_SOURCE,
  unsubscribePage,
} from '../../lib/subscriptions/pages.ts';
import {
  checkLinkToken,
  chooseServices,
  linkToken,
  noticesToAll,
  RATE_LIMITS,
  readServices,
  tokenHash,
} from '../../lib/subscriptions/policy.ts';
import { siteLanguage, siteView } from '../../lib/subscriptions/site.ts';
import type { ServeParts } from '../app.ts';
import type { EntryPayload } from './sender.ts';
import { addEntries, confirm, deleteSubscriber, type HandedEntry, recordSignUp, subscriberById, takeRate, updateChoice } from './store.ts';

/** A form is a few hundred bytes; anything much larger is refused before it is read. */
export const FORM_LIMIT = 16 * 1024;
/** A hand-off carries the entries of one deploy. */
export const HANDOFF_LIMIT = 8 * 1024 * 1024;

/** Security headers of every page the service answers with: nothing loads, forms post only to the service. */
const PAGE_HEADERS = {
  'Content-Security-Policy': `default-src 'none'; style-src ${SERVICE_STYLE_SOURCE}; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  'X-Content-Type-Options': 'nosniff',
  // Not no-referrer: with it browsers send `Origin: null` on the page's own forms, which the service checks.
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

export function subscriptionsApp(parts: ServeParts): Hono {
  const { content, log, config } = parts;
  const app = new Hono();
  const siteIds = content.services.map((s) => s.id);

  const page = (c: Context, html: string, status: 200 | 400 | 403 | 404 | 413 | 429 = 200) => {
    for (const [name, value] of Object.entries(PAGE_HEADERS)) c.header(name, value);
    return c.html(html, status);
  };
  const message = (c: Context, which: MessagePage, lang: string, status: 200 | 400 | 403 | 404 | 413 | 429 = 200) => {
    const view = siteView(content, lang);
    return page(c, messagePage(which, lang, view.pageUrl, view.name), status);
  };
  const formLimit = (lang: (c: Context) => string) =>
    bodyLimit({
      maxSize: FORM_LIMIT,
      onError: (c) => {
        log.warn('refused', { path: new URL(c.req.url).pathname, reason: 'body too large' });
        return message(c, 'refused', lang(c), 413);
      },
    });
  const queryLang = (c: Context) => siteLanguage(content, c.req.query('lang'));

  /** The client a request came from, for the rate limits: the socket's peer, or the proxy's X-Forwarded-For when trusted. */
  const client = (c: Context): string => {
    if (config.trustProxy) {
      const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
      if (forwarded) return forwarded;
    }
    return getConnInfo(c).remote.address ?? 'unknown';
  };

  const subs = parts.subscriptions;

  /**
   * Browsers hide a form's origin (send \`Origin: null\`) when an https page posts to plain
   * http: the Fetch standard's rule for the default referrer policy. The manual allows http
   * only for a service on this machine (127.0.0.1, localhost), to try it out; there, and only
   * there, a null origin from an https page is taken as the page's.
   */
  const serviceUrl = new URL(subs?.publicUrl ?? config.publicUrl ?? content.site.subscriptions?.url ?? 'https://invalid');
  const nullOriginIsPage =
    serviceUrl.protocol === 'http:' && isLoopback(serviceUrl.hostname) && new URL(content.site.url).protocol === 'https:';

  app.post('/subscribe', formLimit(queryLang), async (c) => {
    const origin = c.req.header('origin');
    const form = await c.req.parseBody({ all: true });
    const one = (name: string) => {
      const v = form[name];
      return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
    };
    const lang = siteLanguage(content, one('language'));
    const view = siteView(content, lang);
    if (origin !== view.origin && !(origin === 'null' && nullOriginIsPage)) {
      log.warn('refused', { path: '/subscribe', reason: origin ? `origin ${origin} is not the page's` : 'no Origin header' });
      return message(c, 'refused', lang, 403);
    }
    if (one('website')) {
      log.info('honeypot', {});
      return message(c, 'checkInbox', lang);
    }
    const address = parseAddress(one('email'));
    const chosen = [form.service ?? []].flat().filter((s): s is string => typeof s === 'string');
    const services = chooseServices(chosen, siteIds);
    if (!address.ok || !services.ok) {
      log.warn('refused', { path: '/subscribe', reason: address.ok ? 'unknown service' : `address: ${address.reason}` });
      return message(c, 'refused', lang, 400);
    }
    if (!subs) return c.redirect(view.unavailableUrl, 303);
    try {
      const now = new Date();
      if (!(await takeRate(subs.db, `client:${log.who(client(c))}`, RATE_LIMITS.client, now))) {
        log.warn('rate-limited', { path: '/subscribe', by: 'client' });
        return message(c, 'tooMany', lang, 429);
      }
      if (!(await takeRate(subs.db, `address:${log.who(address.address)}`, RATE_LIMITS.address, now))) {
        log.warn('rate-limited', { path: '/subscribe', by: 'address', who: log.who(address.address) });
        return message(c, 'tooMany', lang, 429);
      }
      const result = await recordSignUp(
        subs.db,
        { address: address.address, language: lang, services: services.services },
        (t) => tokenHash(config.secret, t),
        now,
      );
      // No mail due (a confirmed address, or one mailed within the hour): the relay is still asked whether it answers, so
      // that such an address is answered as a new one would be while the relay is down (303), and in about the same time.
      // A turn that comes after the service began to stop starts nothing (the mailer's rule): the sign-up is undone and the
      // visitor sent to try later.
      const stopped = () => new Error('the service is stopping');
      if (!result.mail && !(await parts.lifecycle.track(subs.mailer.check()))) throw stopped();
      if (result.mail) {
        const link = `${subs.publicUrl}/confirm?t=${result.mail.token}&lang=${encodeURIComponent(lang)}`;
        const mail = confirmationMail(view, lang, link, result.mail.expires);
        try {
          if (!(await parts.lifecycle.track(subs.mailer.send({ to: address.address, ...mail })))) throw stopped();
        } catch (error) {
          await result.mail.undo();
          throw error;
        }
      }
      log.info('signup', { who: log.who(address.address), action: result.action, language: lang });
      return message(c, 'checkInbox', lang);
    } catch (error) {
      log.error('signup-failed', { reason: (error as Error).message });
      return c.redirect(view.unavailableUrl, 303);
    }
  });

  if (!subs) return app;
  const { db } = subs;

  /** A form the service served itself is posted from the service's own origin; anything else is refused. */
  const ownOrigin = new URL(subs.publicUrl).origin;
  const fromOwnForm = (c: Context) => c.req.header('origin') === ownOrigin;

  app.get('/confirm', (c) => {
    const lang = queryLang(c);
    const token = c.req.query('t') ?? '';
    const view = siteView(content, lang);
    return page(c, confirmPage(lang, token, view.pageUrl, view.name));
  });

  app.post('/confirm', formLimit(queryLang), async (c) => {
    const form = await c.req.parseBody();
    const token = typeof form.t === 'string' ? form.t : '';
    if (!fromOwnForm(c)) return message(c, 'refused', queryLang(c), 403);
    const subscriber = token ? await confirm(db, tokenHash(config.secret, token), new Date()) : undefined;
    if (!subscriber) {
      log.warn('refused', { path: '/confirm', reason: 'unknown, used or expired token' });
      return message(c, 'badLink', queryLang(c), 404);
    }
    log.info('confirmed', { who: log.who(subscriber.address) });
    return message(c, 'confirmed', subscriber.language);
  });

  /** The subscriber a manage or unsubscribe link names, when its token is right. */
  const linked = async (purpose: 'manage' | 'unsubscribe', id: string, token: string) => {
    if (!id || !token || !checkLinkToken(config.secret, purpose, id, token)) return undefined;
    const s = await subscriberById(db, id);
    return s && s.state !== 'pending' ? s : undefined;
  };
  const manageView = (c: Context, s: NonNullable<Awaited<ReturnType<typeof linked>>>, saved: boolean) =>
    page(
      c,
      managePage(
        content,
        s.language,
        {
          services: readServices(s.services),
          language: s.language,
          subscriber: s.id,
          manageToken: linkToken(config.secret, 'manage', s.id),
          unsubscribeToken: linkToken(config.secret, 'unsubscribe', s.id),
          saved,
        },
        siteView(content, s.language).pageUrl,
      ),
    );

  app.get('/manage', async (c) => {
    const s = await linked('manage', c.req.query('s') ?? '', c.req.query('t') ?? '');
    if (!s) return message(c, 'badLink', queryLang(c), 404);
    return manageView(c, s, false);
  });

  app.post('/manage', formLimit(queryLang), async (c) => {
    const form = await c.req.parseBody({ all: true });
    const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
    if (!fromOwnForm(c)) return message(c, 'refused', queryLang(c), 403);
    const s = await linked('manage', text('s'), text('t'));
    if (!s) return message(c, 'badLink', queryLang(c), 404);
    const chosen = text('all') ? [] : [form.service ?? []].flat().filter((v): v is string => typeof v === 'string');
    const services = chooseServices(chosen, siteIds);
    if (!services.ok) return message(c, 'refused', s.language, 400);
    const language = siteLanguage(content, text('language') || s.language);
    await updateChoice(db, s.id, language, services.services);
    log.info('managed', { who: log.who(s.address), language, services: services.services === null ? 'all' : services.services.length });
    return manageView(c, { ...s, language, services: services.services === null ? null : JSON.stringify(services.services) }, true);
  });

  app.get('/unsubscribe', async (c) => {
    const id = c.req.query('s') ?? '';
    const token = c.req.query('t') ?? '';
    const s = await linked('unsubscribe', id, token);
    if (!s) return message(c, 'badLink', queryLang(c), 404);
    const view = siteView(content, s.language);
    return page(c, unsubscribePage(s.language, id, token, view.pageUrl, view.name));
  });

  app.post('/unsubscribe', formLimit(queryLang), async (c) => {
    const form = await c.req.parseBody();
    // RFC 8058: a mail client's one-click POST carries List-Unsubscribe=One-Click and no Origin; the token in the URL authenticates it.
    const oneClick = form['List-Unsubscribe'] === 'One-Click';
    if (!oneClick && !fromOwnForm(c)) return message(c, 'refused', queryLang(c), 403);
    const s = await linked('unsubscribe', c.req.query('s') ?? '', c.req.query('t') ?? '');
    if (!s) return message(c, 'badLink', queryLang(c), 404);
    const view = siteView(content, s.language);
    await deleteSubscriber(db, s.id);
    log.info('unsubscribed', { who: log.who(s.address), oneClick });
    if (s.state === 'confirmed') {
      try {
        const sent = await parts.lifecycle.track(subs.mailer.send({ to: s.address, ...goodbyeMail(view, s.language) }));
        if (!sent) log.warn('goodbye-failed', { who: log.who(s.address), reason: 'the service was stopping' });
      } catch (error) {
        log.warn('goodbye-failed', { who: log.who(s.address), reason: (error as Error).message });
      }
    }
    return message(c, 'unsubscribed', s.language);
  });

  app.post(
    '/handoff',
    async (c, next) => {
      if (!config.handoffToken) return c.json({ error: 'the hand-off is off: set STATUSMARK_SERVE_TOKEN on the service' }, 403);
      return bearerAuth({ token: config.handoffToken })(c, next);
    },
    bodyLimit({ maxSize: HANDOFF_LIMIT, onError: (c) => c.json({ error: `larger than ${HANDOFF_LIMIT} bytes` }, 413) }),
    async (c) => {
      const text = await c.req.text();
      let handed: HandedEntry[];
      try {
        const record = parseRecord(text, 'the hand-off');
        const corrections = new Set((JSON.parse(text) as { corrections?: unknown }).corrections as string[] | undefined);
        handed = record.entries.map((entry) => {
          const payload: EntryPayload = {
            type: corrections.has(entry.key) ? 'correction' : 'new',
            entry,
            site: record.site,
            page: record.page,
          };
          return { id: deliveryId(entry), entry, payload: JSON.stringify(payload) };
        });
      } catch (error) {
        return c.json({ error: (error as Error).message }, 400);
      }
      const added = await addEntries(db, handed, noticesToAll(content.site), new Date());
      log.info('handoff', { entries: handed.length, new: added.entries, deliveries: added.deliveries });
      subs.sender.wake();
      return c.json({ received: handed.length, new: added.entries, deliveries: added.deliveries });
    },
  );

  return app;
}
