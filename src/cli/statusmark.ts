#!/usr/bin/env node
/**
 * The staff command line: `npx statusmark <command>` (or `npm run statusmark -- <command>`).
 * Every command reads and checks files with the same `src/lib` code as the build, and
 * writes only files a person could have written by hand.
 */
import { dirname, join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolveNow, type Clock } from '../lib/content/clock.ts';
import { addUpdate, impactAfter, messageInLanguages, newFile, setFields, titleInLanguages, updateBlock } from '../lib/authoring/edit.ts';
import { describeHidden, futureDated, hiddenAt, pinnedBy, unpin } from '../lib/content/hidden.ts';
import { catalogFor, declaredLanguage, describeMissingTranslations, undeclaredLanguage } from '../lib/languages/languages.ts';
import { findContentDir, loadContent } from '../lib/content/load.ts';
import {
  IMPACTS,
  INCIDENT_SERVICE_STATUSES,
  INCIDENT_STATES,
  MAINTENANCE_STATES,
  NOTICE_LEVELS,
  UPDATE_SERVICE_STATUSES,
  type Impact,
  type IncidentServiceStatus,
  type Site,
  type UpdateServiceStatus,
} from '../lib/content/model.ts';
import { count } from '../lib/languages/plural.ts';
import { errorsIn, formatReport, strict } from '../lib/content/problems.ts';
import { slugify } from '../lib/content/slug.ts';
import { asOf, impactOf, incidentState, statusAt } from '../lib/status/status.ts';
import { currentPhase } from '../lib/status/phases.ts';
import { en } from '../lib/languages/catalogs/en.ts';
import { describeStatuses, RECOVERY_STATUSES } from '../lib/status/statuses.ts';
import { dayKey, formatDateTime, parseInstant, toOffsetIso, type Zone } from '../lib/languages/time.ts';
import { listsNewestFirst, normaliseState, parseTimeline, parseServiceStatus } from '../lib/status/timeline.ts';
import { splitFrontMatter } from '../lib/content/front-matter.ts';
import { readFrontMatter } from '../lib/content/parse.ts';
import { importCommand } from './import.ts';
import { runNotify } from './notify.ts';
import { installHook } from './hook.ts';
import { runInit } from './init.ts';
import { migrate, MIGRATIONS } from '../lib/content/migrations.ts';
import { existsSync, readFileSync } from 'node:fs';
import {
  CliError,
  commit,
  display,
  findFile,
  freePath,
  openIncidents,
  openWorkspace,
  readContentFile,
  readValid,
  setDisplayRoot,
  uncommitted,
  withStagedContent,
  writeAtomically,
  writeChecked,
  type Workspace,
} from './content-files.ts';

const USAGE = `Usage: statusmark <command> [options]

Incidents
  new        --title T --service ID=STATUS... --message M [--impact I] [--state S] [--started TIME] [--draft]
  update     SLUG --state S --message M [--service ID=STATUS...] [--impact I]   (incidents and maintenance;
             --service without --impact sets the impact from the services, as new does)
  resolve    SLUG [--message M]
Maintenance and notices
  maintenance --title T --from TIME --until TIME --service ID... --message M
  notice     --title T --message M [--level info|warning] [--from TIME] [--until TIME]
  notice     --expire SLUG
Checks
  list       what is active now
  validate   check every file; prints path:line: field: message for each problem
             (--staged: check the content as staged for the next commit, as the hook does;
             --translations: say per language how many updates have no text in it;
             --strict: a file dated ahead of the clock fails validation, not only a warning)
  install-hook  add a git pre-commit hook that runs "validate --staged"
Starting
  init       DIR [--name N] [--url URL] [--timezone ZONE] [--start YYYY-MM-DD] [--service ID=NAME [--group G]]... [--yes]
             a new status page in DIR, committed on main (asks for what the flags do not give; init --help)
  migrate    [--dry-run]  rewrite the content for this release's format, saying what changed
Moving in
  import     cstate|statusfy|statuspage PATH-OR-URL [--timezone ZONE] [--dry-run]
Subscribers
  notify     [--before FILE | --before-url URL] [--after FILE] [--state FILE] [--dry-run]
             [--save-before FILE] [--retries N] [--backoff MS]
             announce what the last deploy made public on the channels of notify.yaml
             (notify --help: its options, the sequence to run around a deploy, exit codes)

Common options
  --at TIME      when the update is posted (default: now; the same clock as the build,
                 so STATUSMARK_NOW or snapshot: in site.yaml pin it)
  --commit       stage the file and make a git commit naming the incident and state
  --content DIR  the content folder (default: $STATUSMARK_CONTENT, else the content/ folder
                 found from the working directory upwards)
  --lang L       the language --message and --title are written in (default: the site's first)
  --message-L, --title-L
                 the message or title in language L as well (e.g. --message-en "..."): each
                 language of site.yaml's languages may be given; one is enough

SLUG may be the file name without .md, without its date, or the start of it when only one open file matches.
STATUS is ${describeStatuses(INCIDENT_SERVICE_STATUSES)};
  update also takes ${describeStatuses(RECOVERY_STATUSES)} for a service that is back.
TIME has an offset: 2025-01-27T09:30+08:00, "2025-01-27 09:30 +08:00" or ...Z.`;

const COMMON = {
  content: { type: 'string' },
  lang: { type: 'string' },
  at: { type: 'string' },
  commit: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

class UsageError extends Error {}

/** `--message-en TEXT`, `--title-zh-CN=TEXT`: a text in one language, by flag and tag. */
const LANGUAGE_FLAG = /^--(message|title)-([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)(?:=([\s\S]*))?$/;

/** Texts given per language, taken out of the arguments before the fixed options are read. */
interface LanguageTexts {
  message: Record<string, string>;
  title: Record<string, string>;
}

function args<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  const texts: LanguageTexts = { message: {}, title: {} };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const m = LANGUAGE_FLAG.exec(argv[i] as string);
    if (!m || !((m[1] as string) in options)) {
      rest.push(argv[i] as string);
      continue;
    }
    const value = m[3] ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${m[1]}-${m[2]} needs a text`);
    texts[m[1] as keyof LanguageTexts][m[2] as string] = value;
  }
  try {
    return { ...parseArgs({ args: rest, options: { ...COMMON, ...options }, allowPositionals: true, strict: true }), texts };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * A message or title in each language given: `--message` (in `--lang`, else the site's
 * default) and every `--message-L`, each L one of the site's languages.
 */
function inLanguages(
  ws: Workspace,
  flag: 'message' | 'title',
  plain: string | undefined,
  lang: string | undefined,
  perLanguage: Record<string, string>,
): Record<string, string> {
  const languages = ws.site.languages;
  const known = (tag: string, shown: string): string => {
    const found = declaredLanguage(tag, languages);
    if (!found) throw new UsageError(`${shown}: ${undeclaredLanguage(tag, languages)}`);
    return found;
  };
  const out: Record<string, string> = {};
  if (plain !== undefined && plain.trim() !== '') out[lang === undefined ? (languages[0] as string) : known(lang, '--lang')] = plain;
  for (const [tag, text] of Object.entries(perLanguage)) {
    const found = known(tag, `--${flag}-${tag}`);
    if (out[found] !== undefined) throw new UsageError(`--${flag}-${tag}: the ${found} ${flag} is given twice`);
    if (text.trim() !== '') out[found] = text;
  }
  return out;
}

/** Like `inLanguages`, but at least one language must be given. */
function requiredInLanguages(
  ws: Workspace,
  flag: 'message' | 'title',
  plain: string | undefined,
  lang: string | undefined,
  perLanguage: Record<string, string>,
): Record<string, string> {
  const out = inLanguages(ws, flag, plain, lang, perLanguage);
  if (Object.keys(out).length === 0)
    throw new UsageError(`--${flag} is required (or --${flag}-L in one of the site's languages: ${ws.site.languages.join(', ')})`);
  return out;
}

/** The title a file name is made from: the first given that has letters a URL can carry (a Chinese-only title gives none). */
function slugSource(titles: Record<string, string>): string {
  return Object.values(titles).find((t) => slugify(t) !== '') ?? '';
}

/** The language a file's text is written in: its `lang:` field (read as the parser reads it), else the site's default. */
function fileLanguage(ws: Workspace, text: string): string {
  const lang = readFrontMatter('file', text).value?.yaml.data;
  const tag = lang && typeof lang === 'object' && 'lang' in lang && typeof lang.lang === 'string' ? lang.lang : undefined;
  return (tag && declaredLanguage(tag, ws.site.languages)) || (ws.site.languages[0] as string);
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`${flag} is required`);
  return value;
}

/** The content folder: --content, else STATUSMARK_CONTENT, else found from the working directory upwards. */
function contentFolder(content: string | undefined): string {
  const dir = content === undefined ? findContentDir(process.env, process.cwd()) : resolve(content);
  setDisplayRoot(dirname(dir));
  return dir;
}

function workspace(content: string | undefined): Workspace {
  return openWorkspace(contentFolder(content));
}

/** The build's clock (STATUSMARK_NOW, then snapshot: in site.yaml, then the real time); says so when it is pinned. */
function clock(site: Site, dir: string): Clock {
  const c = resolveNow(process.env, site, new Date());
  const siteFile = display(join(dir, 'site.yaml'));
  if (c.source !== 'clock')
    console.error(`clock: pinned by ${pinnedBy(c, { timeZone: site.timeZone, locale: site.locale }, siteFile)}; ${unpin(c, siteFile)}`);
  return c;
}

/** `--at`, else the clock's now to the minute (updates are written to the minute). */
function when(at: string | undefined, ws: Workspace): Date {
  if (at !== undefined) return instant(at, '--at', ws.ctx.zone);
  const { now } = clock(ws.site, ws.dir);
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000);
}

/** A time given on the command line; one without offset is told the site's offset then (`zone`). */
function instant(value: string, flag: string, zone?: Zone): Date {
  const parsed = parseInstant(value, zone);
  if (!parsed.ok) throw new UsageError(`${flag}: ${parsed.message}`);
  return parsed.date;
}

/** `registration=partial` → ['registration', 'partial_outage']; `recovered` only where an update may say so. */
function serviceStatuses<R extends boolean>(
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
      throw new UsageError(
        `--service ${v}: write ID=STATUS with STATUS one of ${allowed.join(' | ')} (or degraded, partial, major${recovered ? ', recovered' : ''})`,
      );
    }
    if (!ws.ctx.serviceIds?.has(id))
      throw new UsageError(`--service ${v}: "${id}" is not a service; known: ${[...(ws.ctx.serviceIds ?? [])].join(', ')}`);
    return [id, status as R extends true ? UpdateServiceStatus : IncidentServiceStatus];
  });
}

function impact(value: string): Impact {
  if (!(IMPACTS as readonly string[]).includes(value)) throw new UsageError(`--impact ${value}: expected one of ${IMPACTS.join(' | ')}`);
  return value as Impact;
}

function state<S extends string>(value: string, states: readonly S[], flag = '--state'): S {
  const s = normaliseState(value);
  if (!(states as readonly string[]).includes(s)) throw new UsageError(`${flag} ${value}: expected one of ${states.join(' | ')}`);
  return s as S;
}

function done(ws: Workspace, file: string, message: string, withCommit: boolean | undefined, posted?: Date): void {
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
function show(ws: Workspace, date: Date): string {
  return formatDateTime(date, ws.ctx.zone);
}

/** Refuses a time an update cannot have: before the start, or before the latest update already posted. */
function checkOrder(ws: Workspace, at: Date, item: { updates: { at: Date; state: string }[] }, start: Date, what: string): void {
  if (at < start) throw new CliError(`--at ${show(ws, at)} is before the ${what} started (${show(ws, start)}); nothing was written`);
  const latest = item.updates.reduce((a, b) => (b.at > a.at ? b : a));
  if (at < latest.at) {
    throw new CliError(
      `--at ${show(ws, at)} is before the latest update (${en.state[latest.state as keyof typeof en.state]} at ${show(ws, latest.at)}); post updates in order; nothing was written`,
    );
  }
}

const commands: Record<string, (argv: string[]) => number> = {
  import: importCommand,
  new(argv) {
    const { values, texts } = args(argv, {
      title: { type: 'string' },
      service: { type: 'string', multiple: true },
      impact: { type: 'string' },
      state: { type: 'string' },
      message: { type: 'string' },
      started: { type: 'string' },
      draft: { type: 'boolean' },
    });
    const ws = workspace(values.content);
    const titles = requiredInLanguages(ws, 'title', values.title, values.lang, texts.title);
    const title = Object.values(titles)[0]!.trim();
    const services = serviceStatuses(values.service, ws, false);
    const fileLang = ws.site.languages[0] as string;
    const message = messageInLanguages(requiredInLanguages(ws, 'message', values.message, values.lang, texts.message), fileLang);
    const at = when(values.at, ws);
    const started = values.started ? instant(values.started, '--started', ws.ctx.zone) : at;
    const first = state(values.state ?? 'investigating', INCIDENT_STATES);
    if (first === 'resolved') throw new UsageError('--state resolved: post the incident first, then use "resolve"');
    const chosen = values.impact === undefined ? impactOf(services.map(([, s]) => s)) : impact(values.impact);
    const name = `${dayKey(started, ws.ctx.zone)}-${slugify(slugSource(titles)) || 'incident'}`;
    refuseDuplicate(ws, title, name);
    const file = freePath(ws, 'incident', name);
    const text = newFile(
      {
        title: titleInLanguages(titles, fileLang),
        impact: chosen,
        services: Object.fromEntries(services),
        started: toOffsetIso(started, ws.ctx.zone),
        ...(values.draft ? { draft: true } : {}),
      },
      updateBlock(first, at, ws.ctx.zone, message),
    );
    writeChecked(ws, 'incident', file, text);
    done(ws, file, `Incident: ${title} (${first})`, values.commit, at);
    return 0;
  },

  update(argv) {
    const { values, positionals, texts } = args(argv, {
      state: { type: 'string' },
      message: { type: 'string' },
      service: { type: 'string', multiple: true },
      impact: { type: 'string' },
    });
    const ws = workspace(values.content);
    const found = findFile(ws, ['incident', 'maintenance'], required(positionals[0], 'the slug'));
    const given = requiredInLanguages(ws, 'message', values.message, values.lang, texts.message);
    const message = messageInLanguages(given, fileLanguage(ws, readContentFile(ws.dir, found.file).toString('utf8')));
    if (found.kind === 'incident') {
      const s = state(required(values.state, '--state'), INCIDENT_STATES);
      if (s === 'resolved') throw new UsageError('to resolve an incident use "resolve", which also sets resolved:');
      const services = serviceStatuses(values.service, ws, true);
      const chosen = values.impact === undefined ? undefined : impact(values.impact);
      const { text, eol, value } = readValid(ws, 'incident', found.file);
      if (value.resolved)
        throw new CliError(
          `${display(found.file)} was resolved at ${show(ws, value.resolved)}; a resolved incident takes no more updates. For a new problem, post a new incident with "statusmark new"`,
        );
      const at = when(values.at, ws);
      checkOrder(ws, at, value, value.started, 'incident');
      // Services changed without --impact: the impact follows them, as `new` derives it, and the file says so.
      const before = currentPhase(value);
      const derived = chosen === undefined && services.length ? impactAfter(before, services) : undefined;
      const set = chosen ?? (derived !== before.impact ? derived : undefined);
      const changes = { services, ...(set ? { impact: set } : {}) };
      const { title } = writeChecked(
        ws,
        'incident',
        found.file,
        addUpdate(text, updateBlock(s, at, ws.ctx.zone, message, changes), isNewestFirst(text)),
        eol,
      );
      if (derived && set) console.error(`impact: ${before.impact} → ${set} (from the services)`);
      done(ws, found.file, `Incident update: ${title} (${s})`, values.commit, at);
    } else {
      const s = state(required(values.state, '--state'), MAINTENANCE_STATES);
      if (values.service || values.impact)
        throw new UsageError('--service and --impact are for incidents; maintenance lists its services in the file');
      const { text, eol, value } = readValid(ws, 'maintenance', found.file);
      const last = value.updates[value.updates.length - 1]!;
      if (last.state === 'completed')
        throw new CliError(
          `${display(found.file)} was completed at ${show(ws, last.at)}; it takes no more updates. Schedule new work with "statusmark maintenance"`,
        );
      const at = when(values.at, ws);
      checkOrder(ws, at, value, value.updates[0]!.at, 'maintenance');
      const { title } = writeChecked(
        ws,
        'maintenance',
        found.file,
        addUpdate(text, updateBlock(s, at, ws.ctx.zone, message), isNewestFirst(text)),
        eol,
      );
      done(ws, found.file, `Maintenance update: ${title} (${s})`, values.commit, at);
    }
    return 0;
  },

  resolve(argv) {
    const { values, positionals, texts } = args(argv, { message: { type: 'string' } });
    const ws = workspace(values.content);
    const found = findFile(ws, ['incident'], required(positionals[0], 'the slug'));
    const { text, eol, value } = readValid(ws, 'incident', found.file);
    const given = inLanguages(ws, 'message', values.message, values.lang, texts.message);
    if (value.resolved) {
      throw new CliError(
        `${display(found.file)} is already resolved (at ${show(ws, value.resolved)}); nothing was written. To change the closing note, edit its Resolved update by hand`,
      );
    }
    const at = when(values.at, ws);
    checkOrder(ws, at, value, value.started, 'incident');
    // Without --message: the closing note in each of the site's languages, from their catalogs.
    const closing = Object.keys(given).length
      ? given
      : Object.fromEntries(ws.site.languages.map((l) => [l, catalogFor(l).ui.incident.resolvedNote]));
    const message = messageInLanguages(closing, fileLanguage(ws, text));
    const edited = addUpdate(
      setFields(text, { resolved: toOffsetIso(at, ws.ctx.zone) }),
      updateBlock('resolved', at, ws.ctx.zone, message),
      isNewestFirst(text),
    );
    const { title } = writeChecked(ws, 'incident', found.file, edited, eol);
    done(ws, found.file, `Incident resolved: ${title}`, values.commit, at);
    return 0;
  },

  maintenance(argv) {
    const { values, texts } = args(argv, {
      title: { type: 'string' },
      from: { type: 'string' },
      until: { type: 'string' },
      service: { type: 'string', multiple: true },
      message: { type: 'string' },
    });
    const ws = workspace(values.content);
    const fileLang = ws.site.languages[0] as string;
    const titles = requiredInLanguages(ws, 'title', values.title, values.lang, texts.title);
    const title = Object.values(titles)[0]!.trim();
    const message = messageInLanguages(requiredInLanguages(ws, 'message', values.message, values.lang, texts.message), fileLang);
    const from = instant(required(values.from, '--from'), '--from', ws.ctx.zone);
    const until = instant(required(values.until, '--until'), '--until', ws.ctx.zone);
    if (until <= from) throw new UsageError(`--until ${show(ws, until)} is not after --from ${show(ws, from)}`);
    const services = (values.service ?? []).map((id) => {
      if (!ws.ctx.serviceIds?.has(id))
        throw new UsageError(`--service ${id}: not a service; known: ${[...(ws.ctx.serviceIds ?? [])].join(', ')}`);
      return id;
    });
    const file = freePath(ws, 'maintenance', `${dayKey(from, ws.ctx.zone)}-${slugify(slugSource(titles)) || 'maintenance'}`);
    const at = when(values.at, ws);
    const text = newFile(
      {
        title: titleInLanguages(titles, fileLang),
        scheduled_for: toOffsetIso(from, ws.ctx.zone),
        scheduled_until: toOffsetIso(until, ws.ctx.zone),
        services,
      },
      updateBlock('scheduled', at, ws.ctx.zone, message),
    );
    writeChecked(ws, 'maintenance', file, text);
    done(ws, file, `Maintenance scheduled: ${title}`, values.commit, at);
    return 0;
  },

  notice(argv) {
    const { values, texts } = args(argv, {
      title: { type: 'string' },
      message: { type: 'string' },
      level: { type: 'string' },
      from: { type: 'string' },
      until: { type: 'string' },
      expire: { type: 'string' },
    });
    const ws = workspace(values.content);
    if (values.expire) {
      const found = findFile(ws, ['notice'], values.expire);
      const { text, eol, value } = readValid(ws, 'notice', found.file);
      const at = when(values.at, ws);
      if (value.until && value.until <= at)
        throw new CliError(
          `${display(found.file)} already ended at ${show(ws, value.until)}; nothing was written. To change the end, edit its until: line`,
        );
      if (at < (value.from ?? value.posted))
        throw new CliError(
          `--at ${show(ws, at)} is before the notice starts (${show(ws, value.from ?? value.posted)}); nothing was written`,
        );
      const { title } = writeChecked(ws, 'notice', found.file, setFields(text, { until: toOffsetIso(at, ws.ctx.zone) }), eol);
      done(ws, found.file, `Notice expired: ${title}`, values.commit);
      return 0;
    }
    const fileLang = ws.site.languages[0] as string;
    const titles = requiredInLanguages(ws, 'title', values.title, values.lang, texts.title);
    const title = Object.values(titles)[0]!.trim();
    const message = messageInLanguages(requiredInLanguages(ws, 'message', values.message, values.lang, texts.message), fileLang);
    const level = values.level ?? 'info';
    if (!(NOTICE_LEVELS as readonly string[]).includes(level))
      throw new UsageError(`--level ${level}: expected one of ${NOTICE_LEVELS.join(' | ')}`);
    const at = when(values.at, ws);
    const from = values.from ? instant(values.from, '--from', ws.ctx.zone) : at;
    const file = freePath(ws, 'notice', slugify(slugSource(titles)) || 'notice');
    const text = newFile(
      {
        title: titleInLanguages(titles, fileLang),
        level,
        from: toOffsetIso(from, ws.ctx.zone),
        ...(values.until ? { until: toOffsetIso(instant(values.until, '--until', ws.ctx.zone), ws.ctx.zone) } : {}),
      },
      `${message}\n`,
    );
    writeChecked(ws, 'notice', file, text);
    done(ws, file, `Notice: ${title}`, values.commit, at);
    return 0;
  },

  list(argv) {
    const { values } = args(argv, {});
    const dir = contentFolder(values.content);
    const result = loaded(dir);
    if (!result.content) {
      console.error(formatReport(result.problems));
      return 1;
    }
    const zone = { timeZone: result.content.site.timeZone, locale: result.content.site.locale };
    const now = values.at ? instant(values.at, '--at', zone) : clock(result.content.site, dir).now;
    const content = asOf(result.content, now);
    const snap = statusAt(content, now);
    const names = new Map(content.services.map((s) => [s.id, s.name]));
    console.log(`As of ${formatDateTime(now, zone)}`);
    console.log(`\nActive incidents (${snap.activeIncidents.length})`);
    for (const i of snap.activeIncidents) {
      const services = Object.entries(currentPhase(i).services).map(([id, s]) => `${names.get(id) ?? id}: ${en.status[s].toLowerCase()}`);
      console.log(
        `  ${i.slug}\n    ${i.title}\n    ${en.state[incidentState(i)]} since ${formatDateTime(i.updates[i.updates.length - 1]!.at, zone)}; ${services.join(', ') || 'no services'}`,
      );
    }
    console.log(`\nMaintenance in progress (${snap.activeMaintenance.length}), upcoming (${snap.upcomingMaintenance.length})`);
    for (const m of [...snap.activeMaintenance, ...snap.upcomingMaintenance]) {
      console.log(`  ${m.slug}\n    ${m.title}\n    ${formatDateTime(m.scheduledFor, zone)} to ${formatDateTime(m.scheduledUntil, zone)}`);
    }
    console.log(`\nNotices (${snap.activeNotices.length})`);
    for (const n of snap.activeNotices) console.log(`  ${n.slug}\n    ${n.title}`);
    return 0;
  },

  validate(argv) {
    const { values } = args(argv, { staged: { type: 'boolean' }, translations: { type: 'boolean' }, strict: { type: 'boolean' } });
    const dir = contentFolder(values.content);
    const result = values.staged ? withStagedContent(dir, (copy, cwd) => loadContent(copy, cwd)) : loaded(dir);
    const now = result.content ? resolveNow(process.env, result.content.site, new Date()) : undefined;
    // Files dated ahead of the build's clock: warnings, or errors with --strict. Paths as the other problems show them.
    const ahead =
      result.content && now
        ? futureDated(result.content, now, { timeZone: result.content.site.timeZone, locale: result.content.site.locale }).map((p) => ({
            ...p,
            file: shownPath(dir, p.file, values.staged),
          }))
        : [];
    const problems = [...result.problems, ...(values.strict ? strict(ahead) : ahead)];
    if (errorsIn(problems).length || !result.content) {
      console.error(formatReport(problems));
      if (values.staged)
        console.error('The commit was refused: the staged content is not valid. Fix the files, `git add` them, and commit again.');
      return 1;
    }
    if (problems.length) console.error(formatReport(problems));
    const c = result.content;
    console.log(
      `${count(result.files, 'file')} valid${values.staged ? ' (as staged)' : ''}: ${count(c.services.length, 'service')}, ${count(c.incidents.length, 'incident')}, ` +
        `${count(c.maintenance.length, 'maintenance window')}, ${count(c.notices.length, 'notice')}` +
        (c.drafts ? `; ${count(c.drafts, 'draft')} left out on purpose` : ''),
    );
    if (values.translations) for (const line of describeMissingTranslations(c)) console.log(`translations: ${line}`);
    const hidden = describeHidden(
      hiddenAt(c, now!.now),
      now!,
      { timeZone: c.site.timeZone, locale: c.site.locale },
      display(join(dir, 'site.yaml')),
    );
    if (hidden) console.error(hidden);
    return 0;
  },

  // Asynchronous: sets the exit code itself when it is done (see src/cli/notify.ts).
  notify: runNotify,

  'install-hook'(argv) {
    args(argv, {});
    const hook = installHook(process.cwd());
    console.log(`installed ${display(hook)}: every commit now runs "statusmark validate --staged" first`);
    return 0;
  },

  // Asynchronous: sets the exit code itself when it is done (see src/cli/init.ts).
  init: runInit,

  migrate(argv) {
    const { values } = args(argv, { 'dry-run': { type: 'boolean' } });
    const dir = contentFolder(values.content);
    const done = migrate((file) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : undefined));
    if (!done.length) {
      console.log(
        `nothing to migrate: ${display(dir)} is in the format of this release (${MIGRATIONS.map((m) => m.release).join(', ')} checked)`,
      );
      return 0;
    }
    for (const m of done) {
      if (!values['dry-run']) writeAtomically(join(dir, m.file), m.text);
      console.log(
        `${display(join(dir, m.file))} (format of ${m.release})${values['dry-run'] ? ', not written (--dry-run)' : ''}:\n${m.changes.map((c) => `  ${c}`).join('\n')}`,
      );
    }
    return 0;
  },
};

/**
 * A content file's path as validation shows it: a loaded item's `file` is relative to the
 * content folder (`loaded`), or already shown from the working directory (`--staged`).
 */
function shownPath(dir: string, file: string, staged: boolean | undefined): string {
  return staged ? file : display(join(dir, file));
}

/** The whole folder, with problems naming paths from the working directory (`../site.yaml` inside content/incidents). */
function loaded(dir: string): ReturnType<typeof loadContent> {
  const result = loadContent(dir, dir);
  return { ...result, problems: result.problems.map((p) => ({ ...p, file: display(join(dir, p.file)) })) };
}

/** Refuses a second copy of an open incident: the same title, or the same slug on the same day. */
function refuseDuplicate(ws: Workspace, title: string, name: string): void {
  const same = (a: string) => a.trim().replace(/\s+/g, ' ').toLowerCase();
  const twin = openIncidents(ws).find((i) => same(i.title) === same(title) || i.slug === name || i.slug.replace(/-\d+$/, '') === name);
  if (!twin) return;
  const file = resolve(ws.dir, twin.file);
  const state = uncommitted(file);
  throw new CliError(
    `an open incident ${same(twin.title) === same(title) ? 'with this title' : 'with this name on the same day'} already exists: ${display(file)} ("${twin.title}", since ${show(ws, twin.started)})` +
      (state ? `\nIt is ${state} in git: fix what the commit reported, then run \`git commit\`; do not post it again.` : '') +
      `\nTo add to it: statusmark update ${twin.slug} --state identified --message "..."`,
  );
}

/** Whether a file lists its updates newest first (so a new one goes on top), read with the build's parser. */
function isNewestFirst(text: string): boolean {
  const cut = splitFrontMatter(text);
  return cut.ok
    ? listsNewestFirst(parseTimeline(cut.split.body, [...INCIDENT_STATES, ...MAINTENANCE_STATES], '', cut.split.bodyLine).updates)
    : false;
}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const run = commands[command];
  if (!run) {
    console.error(`statusmark: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  // init and notify print their own usage (src/cli/init.ts, src/cli/notify.ts).
  if ((rest.includes('--help') || rest.includes('-h')) && command !== 'init' && command !== 'notify') {
    console.log(USAGE);
    return 0;
  }
  try {
    return run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`statusmark ${command}: ${error.message}\nRun "statusmark --help" for the options.`);
      return 2;
    }
    if (error instanceof CliError) {
      console.error(`statusmark ${command}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
