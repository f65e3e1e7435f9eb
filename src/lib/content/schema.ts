/**
 * The content schema: every field staff may write, in one place.
 * Used by the build and by the `statusmark` command line alike, so the two can
 * never disagree about what a valid file is.
 */
import { z } from 'zod';
import { IMPACTS, INCIDENT_SERVICE_STATUSES, NOTICE_LEVELS } from './model.ts';
import { isSupportedLocale, isTimeZone, LOCALES, parseCalendarDate, parseInstant, type Zone } from '../languages/time.ts';
import type { Problem } from './problems.ts';
import { SERVICE_ID } from './slug.ts';
import { CATALOG_TAGS, catalogTag, declaredLanguage, undeclaredLanguage } from '../languages/tags.ts';
import { changedIn, URL_PATH_RELEASE } from './releases.ts';
import { accentProblem } from '../outputs/accent.ts';
import { BIDI_CLOSE, BIDI_OPEN } from './bidi.ts';

/** An instant with an explicit offset (see `parseInstant`). */
export const instant = z.string({ error: 'must be a time with an offset, e.g. 2025-01-27T09:30:00+08:00' }).transform((text, ctx) => {
  const result = parseInstant(text);
  if (result.ok) return result.date;
  // The text travels with the issue, so `validate` can say it again with the site's zone.
  ctx.addIssue({ code: 'custom', message: result.message, params: { instant: text } });
  return z.NEVER;
});

/** A calendar date, `YYYY-MM-DD`. */
const calendarDate = z.string({ error: 'must be a date such as 2025-01-10' }).transform((text, ctx) => {
  const result = parseCalendarDate(text);
  if (result.ok) return result.day;
  ctx.addIssue({ code: 'custom', message: result.message });
  return z.NEVER;
});

/** An absolute http(s) URL, with no character a page or feed could not carry (textProblem). */
export const httpUrl = z
  .string()
  .refine((s) => /^https?:\/\/[^\s/?#]+[^\s]*$/i.test(s) && URL.canParse(s) && textProblem(s) === undefined, {
    message: 'must be an http:// or https:// URL',
  });

/** The hosts a sign-up service may be reached on over plain http: this machine, for tests and trials. */
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost'];

/**
 * The public URL of the sign-up service (`subscriptions.url` in site.yaml), without a trailing
 * slash. It becomes the form's action and a source in the page's security policy, so it is held
 * to what both can carry: https (http only on this machine: the form sends e-mail addresses), a
 * host by name or IPv4 address (a policy cannot name an IPv6 one), no user name or password, no
 * query or fragment, and a path of plain characters only.
 */
export const serviceUrl = z
  .string('must be the https:// URL of the sign-up service, e.g. https://status-mail.example.com')
  .superRefine((s, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (!/^https?:\/\/[^\s/?#]+[^\s]*$/i.test(s) || !URL.canParse(s) || textProblem(s) !== undefined)
      return fail('must be the https:// URL of the sign-up service, e.g. https://status-mail.example.com');
    const u = new URL(s);
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && LOOPBACK_HOSTS.includes(u.hostname)))
      return fail(
        `must start with https:// (http:// only for 127.0.0.1 or localhost): the form sends visitors' e-mail addresses; write https://${u.host}${u.pathname.replace(/\/$/, '')}`,
      );
    if (u.username || u.password) return fail('holds a user name or password (before "@"); write only the public URL of the service');
    if (u.search || u.hash || /[?#]/.test(s))
      return fail(`has a query or fragment (${JSON.stringify(u.search + u.hash)}); write only the service's URL, e.g. ${u.origin}`);
    if (u.hostname.startsWith('[')) return fail("names an IPv6 address, which a page's security policy cannot name; use a host name");
    // A policy source's host is labels of letters, digits and hyphens (an international name as
    // the URL parser writes it, xn--…); anything else (a quote, ";", ",", "*", "_") would end the
    // page's <meta> attribute, split the policy, or widen it into a wildcard.
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(u.hostname))
      return fail(
        `has a host (${JSON.stringify(u.hostname)}) with characters other than letters, digits, "-" and dots between labels, which the page's security policy cannot carry`,
      );
    if (!/^[A-Za-z0-9._~/-]*$/.test(u.pathname))
      return fail(
        `has a path with characters other than letters, digits and . _ ~ - / (${JSON.stringify(u.pathname)}), which the page's security policy cannot carry as written`,
      );
    return undefined;
  })
  .transform((s) => {
    const u = new URL(s);
    return `${u.origin}${u.pathname}`.replace(/\/+$/, '');
  });

/**
 * A link staff may give: http(s) or a path on this site (`/postmortems/x/`). No `javascript:` or other schemes.
 * A path holds no backslash: browsers read `\` as `/` in web addresses, so `/\evil.example/pm`
 * (like `//evil.example/pm`) would lead to another host.
 */
export const safeLink = z
  .string()
  .refine((s) => textProblem(s) === undefined && ((/^https?:\/\//i.test(s) && URL.canParse(s)) || /^\/(?![/\\])[^\s\\]*$/.test(s)), {
    message:
      'must be an http(s) URL or a path on this site starting with a single / (no \\ anywhere: browsers read it as /, and //host or /\\host is another site)',
  });

/**
 * Characters no output can carry: C0 and C1 controls but tab and line feed (a carriage
 * return only as part of CRLF), lone surrogates and the noncharacters. XML 1.0 forbids most
 * of them, so one of them in a title makes every RSS/Atom feed and badge SVG unreadable.
 * With the `u` flag a surrogate pair is one code point, so only lone halves match.
 */
const FORBIDDEN = new RegExp(
  `[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\uD800-\\uDFFF\\uFDD0-\\uFDEF${Array.from({ length: 17 }, (_, plane) => `\\u{${(plane * 0x10000 + 0xfffe).toString(16)}}\\u{${(plane * 0x10000 + 0xffff).toString(16)}}`).join('')}]|\\r(?!\\n)`,
  'u',
);

/** Any bidi control that opens or closes a run (BIDI_OPEN, BIDI_CLOSE). */
const BIDI_CONTROL = new RegExp(`[${[...Object.keys(BIDI_OPEN), ...Object.keys(BIDI_CLOSE)].join('')}]`);

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Why `text` cannot be shown, fed or announced, and where (the index of the character), or
 * undefined when it can: the one rule for every text field and every message. Refuses the
 * FORBIDDEN characters, and bidi controls left open or closed without opening: an open U+202E
 * would reverse the text after the title on the page.
 */
export function textProblem(text: string): { index: number; message: string } | undefined {
  const bad = FORBIDDEN.exec(text);
  if (bad) {
    const c = bad[0];
    const what = /^[\uD800-\uDFFF]$/.test(c)
      ? 'half of a surrogate pair (broken UTF-16)'
      : // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
        /[\u0000-\u001F\u007F-\u009F]/.test(c)
        ? 'a control character'
        : 'a Unicode noncharacter';
    return { index: bad.index, message: `contains ${codePoint(c)}, ${what}, which feeds and badges cannot carry; remove it` };
  }
  // Most texts have no bidi control at all: one search instead of a look at every character.
  if (!BIDI_CONTROL.test(text)) return undefined;
  const open: { index: number; char: string }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (BIDI_OPEN[c]) open.push({ index: i, char: c });
    else if (BIDI_CLOSE[c]) {
      const last = open.at(-1);
      if (!last || BIDI_OPEN[last.char] !== BIDI_CLOSE[c])
        return { index: i, message: `contains ${codePoint(c)}, a bidi control that closes nothing; remove it` };
      open.pop();
    }
  }
  const left = open[0];
  if (left) {
    return {
      index: left.index,
      message: `contains ${codePoint(left.char)}, a bidi control that is not closed by ${BIDI_OPEN[left.char] === 'PDF' ? 'U+202C' : 'U+2069'}, so it would change the direction of the text after it; remove it or close it`,
    };
  }
  return undefined;
}

/** textProblem as a schema check. */
function refuseBadText(text: string, ctx: z.RefinementCtx) {
  const problem = textProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem.message });
}

const oneTitle = z.string().trim().min(1, 'must not be empty').max(200, 'is longer than 200 characters');

/** A BCP 47 language tag as staff write it: `en`, `zh-CN`, `pt-BR`. */
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

/**
 * Text in one language (the file's, or the site's default), or one per language:
 * `{zh-CN: 注册受限, en: Registrations restricted}`. Whether each language is one the
 * site declares is checked against the site's languages (parse.ts, and `siteSchema`).
 */
export function localized<T extends z.ZodType<string, string>>(anyText: T) {
  // Every text field of every content file is localized, so the character rule sits here.
  const text = anyText.superRefine(refuseBadText);
  return z.union(
    [
      text,
      z
        .record(z.string().regex(LANGUAGE_TAG, 'must be a language tag such as en or zh-CN'), text)
        .refine((r) => Object.keys(r).length > 0, 'names no language'),
    ],
    {
      error: (issue) =>
        issue.code === 'invalid_union' && (typeof issue.input !== 'object' || issue.input === null || Array.isArray(issue.input))
          ? `must be text, or one text per language, e.g. {zh-CN: 注册, en: Registration} (got ${show(issue.input)})`
          : undefined,
    },
  );
}

const title = localized(oneTitle);

/**
 * Text written in several languages, as every localized field gives it: one text per
 * language tag (`{zh-CN: 注册受限, en: Registrations restricted}`). The model keeps it beside
 * the default language's text (`titles` beside `title`, `names` beside `name`, …).
 */
export type Texts = Exclude<z.output<typeof title>, string>;
/** Text in one language, as a localized field gives it when it names none. */
export type OneText = Extract<z.output<typeof title>, string>;

/** The language a file's text is written in, when it is not the site's default. */
const lang = z.string().regex(LANGUAGE_TAG, 'must be a language tag such as en or zh-CN').optional();

/**
 * The languages of a site that names none: its `locale`'s, when the pages are written in
 * it; else English (a `locale` such as `it` then sets nothing: pages and dates agree).
 */
function defaultLanguages(locale: string): string[] {
  return [catalogTag(locale) ? locale : 'en'];
}

/** `content/site.yaml` */
export const siteSchema = z
  .strictObject({
    /** The page's name, shown in the header, the titles and the feeds; or one per language. */
    name: localized(z.string().trim().min(1, 'must not be empty').max(100, 'is longer than 100 characters')),
    /** The public origin the page is served from, e.g. https://status.example.com; a path goes in `base`. */
    url: httpUrl.superRefine((s, ctx) => {
      if (!URL.canParse(s)) return;
      const u = new URL(s);
      if (u.username || u.password) {
        ctx.addIssue({
          code: 'custom',
          message: `holds a user name or password (before "@"); write only the public origin, e.g. url: ${u.protocol}//${u.host}`,
        });
        return;
      }
      if (u.pathname !== '/' || u.search || u.hash) {
        ctx.addIssue({
          code: 'custom',
          message: `has a path (${JSON.stringify(u.pathname + u.search + u.hash)}); write only the origin here (url: ${u.origin}) and the path as base: ${u.pathname} ${changedIn(URL_PATH_RELEASE)}`,
        });
      }
    }),
    /** The path the page lives under, when it is not the root: `/status/`. */
    base: z
      .string()
      .regex(/^\/?([A-Za-z0-9._~-]+\/?)*$/, 'must be a path such as /status/')
      // A `.` or `..` segment would be resolved away by browsers, so no `_headers` rule or link would match.
      .refine(
        (b) => !b.split('/').some((segment) => segment === '.' || segment === '..'),
        'must not have a "." or ".." segment; write the path itself, such as /status/',
      )
      .transform((b) => `/${b.split('/').filter(Boolean).join('/')}/`.replace(/^\/\/$/, '/'))
      .default('/'),
    /** One sentence about the page, for search engines and feeds; or one per language. */
    description: localized(z.string().max(300, 'is longer than 300 characters')).default(''),
    /** The IANA time zone times are shown in, e.g. Asia/Shanghai, Europe/Berlin, UTC. */
    timezone: z.string().refine(isTimeZone, 'is not an IANA time zone such as Europe/Berlin or UTC'),
    /** The language and region of dates and of the page, e.g. en-GB. */
    locale: z
      .string()
      .refine(
        isSupportedLocale,
        `must be a language tag whose dates Statusmark can write: ${Object.keys(LOCALES).join(', ')} (or a region of one of them, e.g. de-AT)`,
      )
      .default('en-GB'),
    /**
     * The languages the page is built in, the first being the default (served at the root;
     * the others under /en/ and so on). Default: the one language of `locale`.
     */
    languages: z
      .array(
        z
          .string()
          .refine(
            (tag) => catalogTag(tag) !== undefined && isSupportedLocale(tag),
            `must be a language Statusmark's pages are written in: ${CATALOG_TAGS.join(', ')} (or a region of one of them)`,
          ),
        'must be a list of language tags, the default first, e.g. [zh-CN, en]',
      )
      .min(1, 'must name at least one language')
      .refine((tags) => new Set(tags.map((t) => t.toLowerCase())).size === tags.length, 'names a language twice')
      .optional(),
    /** Links shown in the header and footer. */
    links: z
      .strictObject({
        /** The product's own home page. */
        home: httpUrl.optional(),
        /** Where to ask for help. */
        support: httpUrl.optional(),
      })
      .default({}),
    /**
     * The logo shown before the page's name: a file in the site's public/ folder, written as
     * its path (`/logo.svg`). Only the site's own files: the page's security policy loads no
     * image from another host, so the page never depends on one.
     */
    logo: z
      .string()
      .regex(
        /^\/(?!\/)[^\s?#]+\.(svg|png|webp|avif|jpe?g|gif)$/i,
        "must be the path of an image in the site's public/ folder, e.g. /logo.svg (the page loads no image from other hosts)",
      )
      .optional(),
    /** The colour of links and focus rings (light scheme), `"#0b57d0"`; it must have a contrast of 4.5:1 on the page. */
    accent: z
      .string()
      .superRefine((text, ctx) => {
        const problem = accentProblem(text);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
    /** How many days of incident history the home page shows (1 to 90). */
    history_days: z.int('must be a whole number').min(1, 'must be at least 1').max(90, 'must be at most 90').default(7),
    /** A fixed "now" for demos and archived copies: the page shows the state as of this instant. */
    snapshot: instant.optional(),
    /** `false` stops the Strict-Transport-Security header an https site sends by default (src/lib/outputs/headers.ts). */
    hsts: z.boolean('must be true or false').optional(),
    /**
     * The companion service (`statusmark serve`) that takes e-mail sign-ups: with it, the
     * Subscribe page shows a form posting to `<url>/subscribe`. The build never contacts it.
     * `notices` is for the service alone: `all` (when absent, see lib/subscriptions/policy.ts
     * noticesToAll) mails notices, which name no service, to every subscriber; `none` to no one.
     */
    subscriptions: z
      .strictObject(
        {
          url: serviceUrl,
          notices: z.enum(['all', 'none']).optional(),
        },
        "must be a mapping with the service's url, e.g. subscriptions: { url: https://status-mail.example.com }",
      )
      .optional(),
  })
  // The build's names for the fields; the type `Site` is this output.
  .superRefine((site, ctx) => {
    const declared = site.languages ?? defaultLanguages(site.locale);
    for (const field of ['name', 'description'] as const) {
      const value = site[field];
      if (typeof value === 'string') continue;
      for (const tag of Object.keys(value)) {
        if (!declaredLanguage(tag, declared))
          ctx.addIssue({ code: 'custom', path: [field, tag], message: undeclaredLanguage(tag, declared) });
      }
    }
  })
  .transform(({ timezone, history_days, url, links, snapshot, languages, name, description, ...rest }) => {
    const declared = languages ?? defaultLanguages(rest.locale);
    const names = inDefault(name, declared);
    const descriptions = inDefault(description, declared);
    return {
      ...rest,
      languages: declared,
      name: names.text,
      ...(names.texts ? { names: names.texts } : {}),
      description: descriptions.text,
      ...(descriptions.texts ? { descriptions: descriptions.texts } : {}),
      url: url.replace(/\/+$/, ''),
      timeZone: timezone,
      historyDays: history_days,
      links: { ...(links.home ? { home: links.home } : {}), ...(links.support ? { support: links.support } : {}) },
      ...(snapshot ? { snapshot } : {}),
    };
  });

/**
 * A localized field as the model holds it: `text` in the default language (else the first
 * given), and `texts`, every language's text under the site's spelling of its tag, when
 * more than one language is given. The caller names the fields (`name` and `names`, …).
 */
export function inDefault(raw: string | Texts, languages: readonly string[]): { text: string; texts?: Texts } {
  if (typeof raw === 'string') return { text: raw };
  const texts = Object.fromEntries(Object.entries(raw).map(([tag, text]) => [declaredLanguage(tag, languages) ?? tag, text]));
  const first = languages[0] ?? '';
  return { text: texts[first] ?? Object.values(texts)[0] ?? '', texts };
}

/** One entry of `content/services.yaml` */
export const serviceSchema = z.strictObject({
  /** Stable id used in incident files, URLs and the API: lowercase letters, digits, hyphens. */
  id: z
    .string()
    .regex(SERVICE_ID, 'must be lowercase letters, digits and hyphens, e.g. web-chat')
    .refine((id) => id !== 'status', '"status" is reserved (the page\'s own badge is /badges/status.svg); choose another id'),
  /** The name visitors see; or one per language. */
  name: localized(z.string().trim().min(1, 'must not be empty').max(80, 'is longer than 80 characters')),
  /** One sentence on what the service does; or one per language. */
  description: localized(z.string().max(300, 'is longer than 300 characters')).default(''),
  /** The group it is listed under, e.g. Accounts; or one name per language. */
  group: localized(z.string().trim().min(1, 'must not be empty').max(80, 'is longer than 80 characters')),
  /** Position on the page, smallest first; services without one keep file order after those with one. */
  order: z.int('must be a whole number').optional(),
  /** The day the service went live, `YYYY-MM-DD` in the site's zone; uptime counts from it. */
  start: calendarDate.optional(),
  /** List the service only while an incident or maintenance affects it. */
  hidden_until_affected: z.boolean('must be true or false').default(false),
});

/** `content/services.yaml` */
export const servicesFileSchema = z.strictObject({
  /** Each entry is checked on its own against `serviceSchema`, so one bad service does not hide the others. */
  services: z.array(z.unknown(), 'must be a list of services').min(1, 'must list at least one service'),
});

/** Front matter of `content/incidents/YYYY-MM-DD-slug.md` */
export const incidentSchema = z.strictObject({
  /** What happened, in a few words visitors understand; or one title per language. */
  title,
  /** The language the file is written in, when not the site's default (text outside `::: {lang=…}` blocks). */
  lang,
  /** Overall impact: none, minor, major or critical. */
  impact: z.enum(IMPACTS),
  /** Each affected service id, and the status the incident puts it in while it is open. */
  services: z.record(z.string(), z.enum(INCIDENT_SERVICE_STATUSES), 'must map service ids to a status').default({}),
  /** When the incident began (not when it was posted). */
  started: instant,
  /** When it ended; required once the last update is `resolved`. */
  resolved: instant.optional(),
  /** Link to the public postmortem, once published. */
  postmortem: safeLink.optional(),
  /** Leave the incident off the site while it is being written. */
  draft: z.boolean('must be true or false').default(false),
});

/** Front matter of `content/maintenance/*.md` */
export const maintenanceSchema = z.strictObject({
  /** What will be done; or one title per language. */
  title,
  /** The language the file is written in, when not the site's default. */
  lang,
  /** When the window opens. */
  scheduled_for: instant,
  /** When the window closes. */
  scheduled_until: instant,
  /** The ids of the services under maintenance during the window. */
  services: z.array(z.string(), 'must be a list of service ids').default([]),
  /** Leave it off the site while it is being written. */
  draft: z.boolean('must be true or false').default(false),
});

/** Front matter of `content/notices/*.md` */
export const noticeSchema = z.strictObject({
  /** The headline of the announcement; or one headline per language. */
  title,
  /** The language the file is written in, when not the site's default. */
  lang,
  /** info (blue) or warning (amber). */
  level: z.enum(NOTICE_LEVELS).default('info'),
  /** When it starts to show; shown from the start of time if absent. */
  from: instant.optional(),
  /** When it stops showing; shown until removed if absent. */
  until: instant.optional(),
  /** When it was posted, for the feeds; defaults to `from`. One of the two is required. */
  posted: instant.optional(),
  /** Leave it off the site while it is being written. */
  draft: z.boolean('must be true or false').default(false),
});

export type SiteInput = z.output<typeof siteSchema>;
export type ServiceInput = z.output<typeof serviceSchema>;
export type IncidentInput = z.output<typeof incidentSchema>;
export type MaintenanceInput = z.output<typeof maintenanceSchema>;
export type NoticeInput = z.output<typeof noticeSchema>;

/** Where a field sits, so a problem can name its line. */
export type LineOf = (path: readonly PropertyKey[], key?: boolean) => number;

/**
 * Validates `data` against `schema`, turning every issue into a problem with a line.
 * Top-level keys with an empty value (`resolved:`) count as absent.
 */
export function validate<S extends z.ZodType>(
  schema: S,
  data: unknown,
  file: string,
  lineOf: LineOf,
  /** Where `data` sits in its file, e.g. ['services', 2]. */
  prefix: readonly PropertyKey[] = [],
  /** The site's zone: a time without an offset is then told the zone's offset at that time. */
  zone?: Zone,
): { ok: true; value: z.output<S> } | { ok: false; problems: Problem[] } {
  if (prefix.length) {
    const inner = validate(schema, data, file, (path, key) => lineOf([...prefix, ...path], key), [], zone);
    if (inner.ok) return inner;
    return {
      ok: false,
      problems: inner.problems.map((p) => ({ ...p, field: p.field === 'file' ? prefix.join('.') : `${prefix.join('.')}.${p.field}` })),
    };
  }
  if (data === null || data === undefined || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, problems: [{ file, line: lineOf([]), field: 'file', message: 'must be a YAML mapping of fields' }] };
  }
  const cleaned = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== null));
  const result = schema.safeParse(cleaned, { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  const problems: Problem[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = knownFields(schema, issue.path);
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        problems.push({
          file,
          line: lineOf(path, true),
          field: path.join('.'),
          message: `unknown field${known.length ? `; expected one of ${known.join(', ')}` : ''}`,
        });
      }
      continue;
    }
    problems.push({ file, line: lineOf(issue.path), field: issue.path.join('.') || 'file', message: describe(issue, zone) });
  }
  return { ok: false, problems };
}

function describe(issue: z.core.$ZodIssue, zone?: Zone): string {
  switch (issue.code) {
    case 'custom': {
      const written = (issue.params as { instant?: unknown } | undefined)?.instant;
      if (zone && typeof written === 'string') {
        const again = parseInstant(written, zone);
        if (!again.ok) return again.message;
      }
      return issue.message;
    }
    case 'invalid_type': {
      if (issue.input === undefined) return 'is required';
      // A schema's own wording ("must be a time with an offset, …") beats the generic one.
      const own = !issue.message.startsWith('Invalid input');
      return `${own ? issue.message : `must be ${article(issue.expected)}`} (got ${show(issue.input)})`;
    }
    case 'invalid_value':
      if (issue.input === undefined) return `is required: one of ${issue.values.map(String).join(' | ')}`;
      return `must be one of ${issue.values.map(String).join(' | ')} (got ${show(issue.input)})`;
    default:
      return issue.message;
  }
}

function article(expected: string): string {
  if (expected === 'record' || expected === 'object') return 'a mapping';
  if (expected === 'array') return 'a list';
  if (expected === 'int') return 'a whole number';
  if (expected === 'boolean') return 'true or false';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (Array.isArray(value)) return 'a list';
  if (value && typeof value === 'object') return 'a mapping';
  return String(value);
}

/** The field names an object schema accepts at `path`, for "expected one of" hints. */
function knownFields(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: unknown = schema;
  const unwrap = () => {
    for (;;) {
      if (node instanceof z.ZodDefault || node instanceof z.ZodOptional) node = node.unwrap();
      else if (node instanceof z.ZodPipe)
        node = node.in; // a schema with a .transform()
      else break;
    }
  };
  unwrap();
  for (const segment of path) {
    if (node instanceof z.ZodObject) node = (node.shape as Record<string, unknown>)[String(segment)];
    else if (node instanceof z.ZodArray) node = node.element;
    else return [];
    unwrap();
  }
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}
