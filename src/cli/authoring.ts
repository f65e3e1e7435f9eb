/**
 * What the commands that read and write content (new, update, resolve, maintenance, notice,
 * list, validate, migrate, install-hook) share: their common options and the help about
 * them, the per-language --message-L/--title-L flags, the content folder and its clock, and
 * the checks of what is given on the command line.
 */
import { dirname, join, resolve } from 'node:path';
import { type Clock, resolveNow } from '../lib/content/clock.ts';
import { splitFrontMatter } from '../lib/content/front-matter.ts';
import { pinnedBy, unpin } from '../lib/content/hidden.ts';
import { findContentDir, loadContent } from '../lib/content/load.ts';
import {
  IMPACTS,
  INCIDENT_SERVICE_STATUSES,
  INCIDENT_STATES,
  type Impact,
  type IncidentServiceStatus,
  MAINTENANCE_STATES,
  type Site,
  UPDATE_SERVICE_STATUSES,
  type UpdateServiceStatus,
} from '../lib/content/model.ts';
import { readFrontMatter } from '../lib/content/parse.ts';
import { slugify } from '../lib/content/slug.ts';
import { declaredLanguage, undeclaredLanguage } from '../lib/languages/languages.ts';
import { formatDateTime, parseInstant, type Zone } from '../lib/languages/time.ts';
import { en } from '../lib/languages/catalogs/en.ts';
import { describeStatuses, RECOVERY_STATUSES } from '../lib/status/statuses.ts';
import { listsNewestFirst, normaliseState, parseServiceStatus, parseTimeline } from '../lib/status/timeline.ts';
import { type Options, readArguments } from './arguments.ts';
import type { Summary } from './command.ts';
import { commit, display, openWorkspace, setDisplayRoot, type Workspace } from './content-files.ts';
import { CliError } from './errors.ts';

/** The options every one of these commands takes, as `statusmark --help` explains them. */
const COMMON = {
  content: { type: 'string' },
  lang: { type: 'string' },
  at: { type: 'string' },
  commit: { type: 'boolean' },
} as const satisfies Options;

/** The --content option, in every content command's help. */
export const CONTENT_OPTION = `  --content DIR  the content folder (default: $STATUSMARK_CONTENT, else the content/ folder
                 found from the working directory upwards)`;

export const COMMON_HELP = `Common options
  --at TIME      when the update is posted (default: now; the same clock as the build,
                 so STATUSMARK_NOW or snapshot: in site.yaml pin it)
  --commit       stage the file and make a git commit naming the incident and state
${CONTENT_OPTION}
  --lang L       the language --message and --title are written in (default: the site's first)
  --message-L, --title-L
                 the message or title in language L as well (e.g. --message-en "..."): each
                 language of site.yaml's languages may be given; one is enough`;

/** The words the synopses use. */
export const WORDS_HELP = `SLUG may be the file name without .md, without its date, or the start of it when only one open file matches.
STATUS is ${describeStatuses(INCIDENT_SERVICE_STATUSES)};
  update also takes ${describeStatuses(RECOVERY_STATUSES)} for a service that is back.
TIME has an offset: 2025-01-27T09:30+08:00, "2025-01-27 09:30 +08:00" or ...Z.`;

/**
 * `statusmark <name> --help` for one of these commands: its forms as usage lines, with the
 * notes below; or, for a command whose summary says what it does rather than how it is
 * written (list, validate, migrate, install-hook), `synopsis` as the usage line and the
 * summary below it. Then `more`: by default the common options and the words the synopses use.
 */
export function contentUsage(
  name: string,
  summary: Summary,
  { synopsis, more = [COMMON_HELP, WORDS_HELP] }: { synopsis?: string; more?: string[] } = {},
): string {
  const lines =
    synopsis === undefined
      ? [
          ...summary.forms.map((form, i) => `${i ? '      ' : 'Usage:'} statusmark ${name} ${form}`),
          ...(summary.notes ?? []).map((note) => `       ${note}`),
        ]
      : [
          `Usage: statusmark ${name}${synopsis && ` ${synopsis}`}`,
          ...[...summary.forms, ...(summary.notes ?? [])].map((line) => `  ${line}`),
        ];
  return [...lines, ...more.flatMap((text) => ['', text])].join('\n');
}

/** A bad command line: exit 2, pointing to the help. */
export function usageError(message: string): CliError {
  return new CliError(`${message}\nRun "statusmark --help" for the options.`, 2);
}

/** `--message-en TEXT`, `--title-zh-CN=TEXT`: a text in one language, by flag and tag. */
const LANGUAGE_FLAG = /^--(message|title)-([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)(?:=([\s\S]*))?$/;

/** Texts given per language, taken out of the arguments before the fixed options are read. */
interface LanguageTexts {
  message: Record<string, string>;
  title: Record<string, string>;
}

/**
 * The arguments of a content command: the common options and `options`, read by
 * `readArguments`, after the texts given per language (`--message-L`, `--title-L`, for a
 * command that takes --message or --title) are taken out.
 */
export function contentArguments<O extends Options>(argv: string[], options: O) {
  const texts: LanguageTexts = { message: {}, title: {} };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const m = LANGUAGE_FLAG.exec(argv[i] as string);
    if (!m || !((m[1] as string) in options)) {
      rest.push(argv[i] as string);
      continue;
    }
    const value = m[3] ?? argv[++i];
    if (value === undefined) throw usageError(`--${m[1]}-${m[2]} needs a text`);
    texts[m[1] as keyof LanguageTexts][m[2] as string] = value;
  }
  return { ...readArguments(rest, { ...COMMON, ...options }, true, usageError), texts };
}

/**
 * A message or title in each language given: `--message` (in `--lang`, else the site's
 * default) and every `--message-L`, each L one of the site's languages.
 */
export function inLanguages(
  ws: Workspace,
  flag: 'message' | 'title',
  plain: string | undefined,
  lang: string | undefined,
  perLanguage: Record<string, string>,
): Record<string, string> {
  const languages = ws.site.languages;
  const known = (tag: string, shown: string): string => {
    const found = declaredLanguage(tag, languages);
    if (!found) throw usageError(`${shown}: ${undeclaredLanguage(tag, languages)}`);
    return found;
  };
  const out: Record<string, string> = {};
  if (plain !== undefined && plain.trim() !== '') out[lang === undefined ? (languages[0] as string) : known(lang, '--lang')] = plain;
  for (const [tag, text] of Object.entries(perLanguage)) {
    const found = known(tag, `--${flag}-${tag}`);
    if (out[found] !== undefined) throw usageError(`--${flag}-${tag}: the ${found} ${flag} is given twice`);
    if (text.trim() !== '') out[found] = text;
  }
  return out;
}

/** Like `inLanguages`, but at least one language must be given. */
export function requiredInLanguages(
  ws: Workspace,
  flag: 'message' | 'title',
  plain: string | undefined,
  lang: string | undefined,
  perLanguage: Record<string, string>,
): Record<string, string> {
  const out = inLanguages(ws, flag, plain, lang, perLanguage);
  if (Object.keys(out).length === 0)
    throw usageError(`--${flag} is required (or --${flag}-L in one of the site's languages: ${ws.site.languages.join(', ')})`);
  return out;
}

/** The title a file name is made from: the first given that has letters a URL can carry (a Chinese-only title gives none). */
export function slugSource(titles: Record<string, string>): string {
  return Object.values(titles).find((t) => slugify(t) !== '') ?? '';
}

/** The language a file's text is written in: its `lang:` field (read as the parser reads it), else the site's default. */
export function fileLanguage(ws: Workspace, text: string): string {
  const lang = readFrontMatter('file', text).value?.yaml.data;
  const tag = lang && typeof lang === 'object' && 'lang' in lang && typeof lang.lang === 'string' ? lang.lang : undefined;
  return (tag && declaredLanguage(tag, ws.site.languages)) || (ws.site.languages[0] as string);
}

export function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') throw usageError(`${flag} is required`);
  return value;
}

/** The content folder: --content, else STATUSMARK_CONTENT, else found from the working directory upwards. */
export function contentFolder(content: string | undefined): string {
  const dir = content === undefined ? findContentDir(process.env, process.cwd()) : resolve(content);
  setDisplayRoot(dirname(dir));
  return dir;
}

export function workspace(content: string | undefined): Workspace {
  return openWorkspace(contentFolder(content));
}

/** The build's clock (STATUSMARK_NOW, then snapshot: in site.yaml, then the real time); says so when it is pinned. */
export function clock(site: Site, dir: string): Clock {
  const c = resolveNow(process.env, site, new Date());
  const siteFile = display(join(dir, 'site.yaml'));
  if (c.source !== 'clock')
    console.error(`clock: pinned by ${pinnedBy(c, { timeZone: site.timeZone, locale: site.locale }, siteFile)}; ${unpin(c, siteFile)}`);
  return c;
}

/** `--at`, else the clock's now to the minute (updates are written to the minute). */
export function when(at: string | undefined, ws: Workspace): Date {
  if (at !== undefined) return instant(at, '--at', ws.ctx.zone);
  const { now } = clock(ws.site, ws.dir);
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000);
}

/** A time given on the command line; one without offset is told the site's offset then (`zone`). */
export function instant(value: string, flag: string, zone?: Zone): Date {
  const parsed = parseInstant(value, zone);
  if (!parsed.ok) throw usageError(`${flag}: ${parsed.message}`);
  return parsed.date;
}

/** `registration=partial` → ['registration', 'partial_outage']; `recovered` only where an update may say so. */
export function serviceStatuses<R extends boolean>(
  values: string[] | undefined,
  ws: Workspace,
  recovered: R,
): [string, R extends true ? UpdateServiceStatus : IncidentServiceStatus][] {
  const allowed: string[] = recovered ? [...UPDATE_SERVICE_STATUSES] : [...INCIDENT_SERVICE_STATUSES];
  return (values ?? []).map((v) => {
    const [id = '', raw = ''] = v.split('=');
    // The same short names (degraded, partial, major, recovered) a `services:` line in a file takes.
    const status = parseServiceStatus(raw) ?? raw;
    if (!allowed.includes(status)) {
      throw usageError(
        `--service ${v}: write ID=STATUS with STATUS one of ${allowed.join(' | ')} (or degraded, partial, major${recovered ? ', recovered' : ''})`,
      );
    }
    if (!ws.ctx.serviceIds?.has(id))
      throw usageError(`--service ${v}: "${id}" is not a service; known: ${[...(ws.ctx.serviceIds ?? [])].join(', ')}`);
    return [id, status as R extends true ? UpdateServiceStatus : IncidentServiceStatus];
  });
}

export function impact(value: string): Impact {
  if (!(IMPACTS as readonly string[]).includes(value)) throw usageError(`--impact ${value}: expected one of ${IMPACTS.join(' | ')}`);
  return value as Impact;
}

export function state<S extends string>(value: string, states: readonly S[], flag = '--state'): S {
  const s = normaliseState(value);
  if (!(states as readonly string[]).includes(s)) throw usageError(`${flag} ${value}: expected one of ${states.join(' | ')}`);
  return s as S;
}

export function done(ws: Workspace, file: string, message: string, withCommit: boolean | undefined, posted?: Date): void {
  if (withCommit) commit(file, message);
  console.log(display(file));
  if (withCommit) console.error(`committed: ${message}`);
  const c = resolveNow(process.env, ws.site, new Date());
  if (posted && c.source !== 'clock' && posted > c.now) {
    const siteFile = display(join(ws.dir, 'site.yaml'));
    console.error(`not shown yet: the page is pinned by ${pinnedBy(c, ws.ctx.zone, siteFile)}, before this post; ${unpin(c, siteFile)}`);
  }
}

/** "27 Jan 2025, 01:57 GMT+8" in the site's zone. */
export function show(ws: Workspace, date: Date): string {
  return formatDateTime(date, ws.ctx.zone);
}

/** Refuses a time an update cannot have: before the start, or before the latest update already posted. */
export function checkOrder(ws: Workspace, at: Date, item: { updates: { at: Date; state: string }[] }, start: Date, what: string): void {
  if (at < start) throw new CliError(`--at ${show(ws, at)} is before the ${what} started (${show(ws, start)}); nothing was written`);
  const latest = item.updates.reduce((a, b) => (b.at > a.at ? b : a));
  if (at < latest.at) {
    throw new CliError(
      `--at ${show(ws, at)} is before the latest update (${en.state[latest.state as keyof typeof en.state]} at ${show(ws, latest.at)}); post updates in order; nothing was written`,
    );
  }
}

/**
 * A content file's path as validation shows it: a loaded item's `file` is relative to the
 * content folder (`loaded`), or already shown from the working directory (`--staged`).
 */
export function shownPath(dir: string, file: string, staged: boolean | undefined): string {
  return staged ? file : display(join(dir, file));
}

/** The whole folder, with problems naming paths from the working directory (`../site.yaml` inside content/incidents). */
export function loaded(dir: string): ReturnType<typeof loadContent> {
  const result = loadContent(dir, dir);
  return { ...result, problems: result.problems.map((p) => ({ ...p, file: display(join(dir, p.file)) })) };
}

/** Whether a file lists its updates newest first (so a new one goes on top), read with the build's parser. */
export function isNewestFirst(text: string): boolean {
  const cut = splitFrontMatter(text);
  return cut.ok
    ? listsNewestFirst(parseTimeline(cut.split.body, [...INCIDENT_STATES, ...MAINTENANCE_STATES], '', cut.split.bodyLine).updates)
    : false;
}
