/**
 * Parsing: one file's text in, a validated domain value and its problems out.
 * Pure: the caller reads the files (see `load.ts`), so tests hand in strings.
 */
import { splitFrontMatter, type NoFrontMatter } from './front-matter.ts';
import { MAX_MESSAGE_BYTES, renderMarkdown } from './markdown.ts';
import {
  INCIDENT_STATES,
  MAINTENANCE_STATES,
  type Incident,
  type Kind,
  type Maintenance,
  type Notice,
  type Service,
  type ServiceGroup,
  type Site,
  type Titled,
  type Update,
} from './model.ts';
import { splitLanguageBlocks } from './language-blocks.ts';
import { declaredLanguage, undeclaredLanguage } from '../languages/languages.ts';
import type { Problem } from './problems.ts';
import {
  incidentSchema,
  inDefault,
  maintenanceSchema,
  noticeSchema,
  serviceSchema,
  servicesFileSchema,
  siteSchema,
  textProblem,
  validate,
} from './schema.ts';
import { orderUpdates, parseTimeline, updateIds, type RawUpdate } from '../status/timeline.ts';
import { formatDateTime, startOfDay } from '../languages/time.ts';
import { parseYaml, type YamlSource } from './yaml-source.ts';
import type { z } from 'zod';
import { INCIDENT_SLUG, MAX_SLUG_LENGTH, SLUG, slugify } from './slug.ts';
import { affectedServices, buildPhases } from '../status/phases.ts';

/** Files larger than this are refused: a status update is never a megabyte. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** More updates than this in one incident is a runaway script, not an incident. */
export const MAX_UPDATES = 200;

type Parsed<T> = { value?: T; problems: Problem[] };

/** The problem of a file of `size` bytes, if it is over the limit (load.ts asks before reading it). */
export function sizeProblem(file: string, size: number): Problem | undefined {
  return size > MAX_FILE_BYTES
    ? { file, line: 1, field: 'file', message: `is ${size} bytes; the limit is ${MAX_FILE_BYTES} (1 MiB)` }
    : undefined;
}

/** Checks that a file is text a person could have written. */
export function checkText(file: string, bytes: Uint8Array | string): { text?: string; problems: Problem[] } {
  const tooLarge = sizeProblem(file, typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength);
  if (tooLarge) return { problems: [tooLarge] };
  const text = typeof bytes === 'string' ? bytes : new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.includes('\u0000') || text.includes('\uFFFD')) {
    return { problems: [{ file, line: 1, field: 'file', message: 'is not UTF-8 text (binary data or another encoding)' }] };
  }
  return { text: text.replace(/^\uFEFF/, ''), problems: [] };
}

// ---------------------------------------------------------------- YAML files

/** site.yaml, with the line of each of its fields (`lineOf`) for what is checked later (the logo's file). */
export function parseSite(file: string, text: string): Parsed<Site> & { lineOf?: YamlSource['lineOf'] } {
  const yaml = parseYaml(text, file);
  if (yaml.problems.length) return { problems: yaml.problems };
  const result = validate(siteSchema, yaml.data, file, yaml.lineOf);
  if (!result.ok) return { problems: result.problems };
  return { value: result.value, problems: [], lineOf: yaml.lineOf };
}

export function parseServices(
  file: string,
  text: string,
  site: Pick<Site, 'timeZone' | 'locale'> & Partial<Pick<Site, 'languages'>>,
): Parsed<{ services: Service[]; groups: ServiceGroup[] }> {
  const languages = site.languages ?? [site.locale];
  const yaml = parseYaml(text, file);
  if (yaml.problems.length) return { problems: yaml.problems };
  const result = validate(servicesFileSchema, yaml.data, file, yaml.lineOf);
  if (!result.ok) return { problems: result.problems };
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  const groupIds = new Map<string, string>();
  const services: Service[] = [];
  result.value.services.forEach((item, i) => {
    const checked = validate(serviceSchema, item, file, yaml.lineOf, ['services', i]);
    if (!checked.ok) {
      problems.push(...checked.problems);
      return;
    }
    const raw = checked.value;
    for (const field of ['name', 'description', 'group'] as const) {
      const value = raw[field];
      if (typeof value === 'string' || !site.languages) continue;
      for (const tag of Object.keys(value)) {
        if (!declaredLanguage(tag, languages)) {
          problems.push({
            file,
            line: yaml.lineOf(['services', i, field, tag], true),
            field: `services.${i}.${field}.${tag}`,
            message: `${undeclaredLanguage(tag, languages)}; add it there or write the name in one of them`,
          });
        }
      }
    }
    const name = inDefault(raw.name, languages);
    const description = inDefault(raw.description, languages);
    const group = inDefault(raw.group, languages);
    const s = {
      ...raw,
      name: name.text,
      ...(name.texts ? { names: name.texts } : {}),
      description: description.text,
      ...(description.texts ? { descriptions: description.texts } : {}),
      group: group.text,
      ...(group.texts ? { groups: group.texts } : {}),
    };
    const line = yaml.lineOf(['services', i, 'id']);
    const first = seen.get(s.id);
    if (first !== undefined) {
      problems.push({ file, line, field: `services.${i}.id`, message: `"${s.id}" is already used at line ${first}` });
      return;
    }
    seen.set(s.id, line);
    // The id from the first name a URL can carry (a Chinese-only group name gives none).
    const groupId = slugify([s.group, ...Object.values(s.groups ?? {})].find((g) => slugify(g) !== '') ?? '') || 'services';
    const clash = groupIds.get(groupId);
    if (clash !== undefined && clash !== s.group) {
      problems.push({
        file,
        line: yaml.lineOf(['services', i, 'group']),
        field: `services.${i}.group`,
        message: `"${s.group}" and "${clash}" are too alike to tell apart in URLs; use one spelling`,
      });
    }
    groupIds.set(groupId, s.group);
    services.push({
      id: s.id,
      name: s.name,
      description: s.description,
      group: s.group,
      ...(s.names ? { names: s.names } : {}),
      ...(s.descriptions ? { descriptions: s.descriptions } : {}),
      ...(s.groups ? { groups: s.groups } : {}),
      groupId,
      order: s.order ?? Number.MAX_SAFE_INTEGER,
      ...(s.start ? { start: startOfDay(s.start, { timeZone: site.timeZone, locale: site.locale }) } : {}),
      hiddenUntilAffected: s.hidden_until_affected,
    });
  });
  // A group and a service with one name would be two rows a visitor cannot tell apart (and one
  // name for two components in the API).
  const groupNames = new Map(services.map((s) => [s.group.toLowerCase(), s.group]));
  services.forEach((s) => {
    const group = groupNames.get(s.name.toLowerCase());
    if (group === undefined) return;
    const i = result.value.services.findIndex((item) => (item as { id?: unknown }).id === s.id);
    problems.push({
      file,
      line: yaml.lineOf(['services', i, 'name']),
      field: `services.${i}.name`,
      message: `"${s.name}" is also the name of a group; rename the service or the group "${group}"`,
    });
  });
  // Stable sort: by `order`, file order among equals.
  services.sort((a, b) => a.order - b.order);
  const groups: ServiceGroup[] = [];
  for (const service of services) {
    let group = groups.find((g) => g.id === service.groupId);
    if (!group)
      groups.push(
        (group = { id: service.groupId, name: service.group, ...(service.groups ? { names: service.groups } : {}), services: [] }),
      );
    group.services.push(service);
  }
  return { value: { services, groups }, problems };
}

// ---------------------------------------------------------------- Markdown files

interface FrontMatterFile {
  yaml: YamlSource;
  body: string;
  bodyLine: number;
}

const NO_FRONT_MATTER: Record<NoFrontMatter, string> = {
  empty: 'is empty; start the file with a --- line, the fields, and another --- line',
  missing: 'has no front matter; start the file with a --- line, the fields, and another --- line',
  unclosed: 'front matter is not closed: add a --- line after the fields',
};

/** Reads a file's front matter as YAML with line numbers, and its body. */
export function readFrontMatter(file: string, text: string): { value?: FrontMatterFile; problems: Problem[] } {
  const cut = splitFrontMatter(text);
  if (!cut.ok) return { problems: [{ file, line: 1, field: 'file', message: NO_FRONT_MATTER[cut.reason] }] };
  const { yaml, yamlLine, body, bodyLine } = cut.split;
  return { value: { yaml: parseYaml(yaml, file, yamlLine), body, bodyLine }, problems: [] };
}

/** The slug of a content file: its name without `.md`, checked. */
export function slugOf(file: string, kind: Kind): { slug?: string; problem?: Problem } {
  const name = file.split(/[\\/]/).pop() ?? file;
  const slug = name.replace(/\.md$/i, '');
  const ok = kind === 'incident' ? INCIDENT_SLUG.test(slug) : SLUG.test(slug);
  if (ok && slug.length <= MAX_SLUG_LENGTH) return { slug };
  const suggestion = slugify(slug);
  const pattern = kind === 'incident' ? 'YYYY-MM-DD-short-title.md' : 'short-title.md';
  return {
    problem: {
      file,
      line: 1,
      field: 'file name',
      message: `must be ${pattern} in lowercase letters, digits and hyphens, at most ${MAX_SLUG_LENGTH} characters${suggestion && suggestion !== slug ? ` (for example ${kind === 'incident' && !/^\d{4}-\d{2}-\d{2}-/.test(suggestion) ? 'YYYY-MM-DD-' : ''}${suggestion}.md)` : ''}`,
    },
  };
}

/** Context a file is checked against: the known services, the site's languages, and how to show times in messages. */
export interface ParseContext {
  /** Null when services.yaml itself is broken: service ids are then not checked. */
  serviceIds: ReadonlySet<string> | null;
  zone: { timeZone: string; locale: string };
  /**
   * site.yaml's `languages`, the default first; absent: the one language of `zone.locale`
   * (as site.yaml's default). Null when site.yaml itself is broken: languages are then not checked.
   */
  languages?: readonly string[] | null;
}

/** The zone whose offset a time without one is told to add: none while site.yaml is broken (its zone is unknown). */
function hintZone(ctx: ParseContext): ParseContext['zone'] | undefined {
  return ctx.languages === null ? undefined : ctx.zone;
}

// ---------------------------------------------------------------- languages

/** The site's languages as a file is checked against them. */
function languagesOf(ctx: ParseContext): readonly string[] {
  return ctx.languages ?? [ctx.zone.locale];
}

/** The declared language a tag names (case as site.yaml writes it); any tag while site.yaml is broken. */
function declared(tag: string, ctx: ParseContext): string | undefined {
  if (ctx.languages === null) return tag;
  return declaredLanguage(tag, languagesOf(ctx));
}

function undeclared(tag: string, ctx: ParseContext): string {
  return `${undeclaredLanguage(tag, languagesOf(ctx))}; add it there or write the text in one of them`;
}

/** The file's own language: its `lang:` field, checked, else the site's default. */
function fileLanguage(fm: { lang?: string | undefined }, yaml: YamlSource, file: string, ctx: ParseContext, problems: Problem[]): string {
  const fallback = languagesOf(ctx)[0] as string;
  if (fm.lang === undefined) return fallback;
  const known = declared(fm.lang, ctx);
  if (!known) problems.push({ file, line: yaml.lineOf(['lang']), field: 'lang', message: undeclared(fm.lang, ctx) });
  return known ?? fallback;
}

/** A title as the model holds it: in the default language (else the first given), and every language's when there is more than one, or it is not the default's. */
function titleOf(
  raw: string | Record<string, string>,
  lang: string,
  yaml: YamlSource,
  file: string,
  ctx: ParseContext,
  problems: Problem[],
): Pick<Titled, 'title' | 'titles'> {
  const fallback = languagesOf(ctx)[0] as string;
  if (typeof raw === 'string') return lang === fallback ? { title: raw } : { title: raw, titles: { [lang]: raw } };
  const titles: Record<string, string> = {};
  for (const [tag, text] of Object.entries(raw)) {
    const known = declared(tag, ctx);
    if (known) titles[known] = text;
    else problems.push({ file, line: yaml.lineOf(['title', tag], true), field: `title.${tag}`, message: undeclared(tag, ctx) });
  }
  return { title: titles[fallback] ?? Object.values(titles)[0] ?? '', titles };
}

/**
 * A message (an update's, a notice's body) split into its languages: the text outside
 * `:::` blocks is in the file's language, each block in its own. `texts` is present only
 * when there is more than the default language's text.
 */
function textsOf(
  message: string,
  line: number,
  lang: string,
  file: string,
  field: string,
  ctx: ParseContext,
  problems: Problem[],
): { text: string; html: string; texts?: Record<string, { text: string; html: string }> } {
  const fallback = languagesOf(ctx)[0] as string;
  const split = splitLanguageBlocks(message, line, file, field);
  problems.push(...split.problems);
  if (!split.blocks.length && lang === fallback) return { text: message, html: safeRender(message, file, line, field, problems) };
  const texts: Record<string, { text: string; html: string }> = {};
  if (split.outside !== '') texts[lang] = { text: split.outside, html: safeRender(split.outside, file, line, field, problems) };
  for (const b of split.blocks) {
    const known = declared(b.lang, ctx);
    if (!known) problems.push({ file, line: b.line, field, message: undeclared(b.lang, ctx) });
    else if (texts[known])
      problems.push({
        file,
        line: b.line,
        field,
        message: `gives the ${known} text twice${known === lang ? ` (the text outside the blocks is already ${known}, the file's language)` : ''}; keep one`,
      });
    else texts[known] = { text: b.text, html: safeRender(b.text, file, b.line, field, problems) };
  }
  const chosen = texts[fallback] ?? Object.values(texts)[0] ?? { text: '', html: '' };
  return { ...chosen, texts };
}

type Draftable<T> = Parsed<T> & { draft?: boolean };

/**
 * Front matter checked against its schema, every field on its own as well: `fields`
 * holds each field that is valid by itself, so the checks that follow (service ids,
 * times against each other, the timeline) still run when another field is wrong, and a
 * file's problems are all reported at once. `value` is the whole, when it is valid.
 */
function checkFrontMatter<S extends z.ZodObject>(
  schema: S,
  yaml: YamlSource,
  file: string,
  ctx: ParseContext,
  problems: Problem[],
): { value?: z.output<S>; fields: Partial<z.output<S>>; raw: Record<string, unknown> } {
  if (yaml.problems.length) {
    problems.push(...yaml.problems);
    return { fields: {}, raw: {} };
  }
  const result = validate(schema, yaml.data, file, yaml.lineOf, [], hintZone(ctx));
  const data = yaml.data;
  const raw =
    data && typeof data === 'object' && !Array.isArray(data) ? Object.fromEntries(Object.entries(data).filter(([, v]) => v !== null)) : {};
  if (result.ok) return { value: result.value, fields: result.value, raw };
  problems.push(...result.problems);
  const fields: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const one = field.safeParse(raw[key]);
    if (one.success && one.data !== undefined) fields[key] = one.data;
  }
  return { fields: fields as Partial<z.output<S>>, raw };
}

/** The keys of a field written as a mapping (`services:` of an incident), valid or not. */
function keysOf(value: unknown): string[] {
  return value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
}

export function parseIncident(file: string, text: string, ctx: ParseContext): Draftable<Incident> {
  const problems: Problem[] = [];
  const name = slugOf(file, 'incident');
  if (name.problem) problems.push(name.problem);
  const split = readFrontMatter(file, text);
  if (!split.value) return { problems: [...problems, ...split.problems] };
  const { yaml, body, bodyLine } = split.value;
  const checked = checkFrontMatter(incidentSchema, yaml, file, ctx, problems);
  const fm = checked.fields;
  const timeline = parseTimeline(body, INCIDENT_STATES, file, bodyLine, true, hintZone(ctx));
  problems.push(...timeline.problems);

  for (const id of keysOf(checked.raw['services'])) {
    if (ctx.serviceIds && !ctx.serviceIds.has(id)) {
      problems.push({ file, line: yaml.lineOf(['services', id], true), field: `services.${id}`, message: unknownService(id, ctx) });
    }
  }
  if (fm.resolved && fm.started && fm.resolved < fm.started) {
    problems.push({
      file,
      line: yaml.lineOf(['resolved']),
      field: 'resolved',
      message: `is before started (${formatDateTime(fm.started, ctx.zone)})`,
    });
  }
  const updates = checkUpdates(timeline.updates, file, problems, bodyLine, 'investigating');
  for (const u of updates) {
    for (const id of Object.keys(u.services ?? {})) {
      if (ctx.serviceIds && !ctx.serviceIds.has(id))
        problems.push({ file, line: u.servicesLine ?? u.line, field: 'services', message: unknownService(id, ctx) });
    }
  }
  const show = (d: Date) => formatDateTime(d, ctx.zone);
  for (const u of updates) {
    if (fm.started && u.at < fm.started) {
      problems.push({
        file,
        line: u.line,
        field: 'update',
        message: `is at ${show(u.at)}, before the incident started (${show(fm.started)})`,
      });
    } else if (fm.resolved && u.at > fm.resolved) {
      problems.push({
        file,
        line: u.line,
        field: 'update',
        message: `is at ${show(u.at)}, after the incident was resolved (${show(fm.resolved)})`,
      });
    }
  }
  const last = updates[updates.length - 1];
  updates.forEach((u) => {
    if (u.state === 'resolved' && u !== last) {
      problems.push({
        file,
        line: u.line,
        field: 'update',
        message: 'is "resolved" but is not the last update; only the final update may resolve the incident',
      });
    }
  });
  if (last && fm.resolved && last.state !== 'resolved') {
    problems.push({
      file,
      line: last.line,
      field: 'update',
      message: `the incident has resolved: ${show(fm.resolved)}, so its last update must be "resolved" (it is "${last.state}")`,
    });
  }
  // A `resolved:` that is written but wrong is reported by the schema, not as missing.
  if (last && checked.raw['resolved'] === undefined && !yaml.problems.length && last.state === 'resolved') {
    problems.push({
      file,
      line: yaml.lineOf([]),
      field: 'resolved',
      message: `is missing: the last update (line ${last.line}) is "resolved"; add resolved: with its time`,
    });
  }
  const lang = fileLanguage(fm, yaml, file, ctx, problems);
  const titled = fm.title === undefined ? undefined : titleOf(fm.title, lang, yaml, file, ctx, problems);
  const rendered = finishUpdates(updates, file, lang, ctx, problems);
  const whole = checked.value;
  if (problems.length || !whole || !titled) return { problems };
  const phases = buildPhases(whole.started, whole.services, whole.impact, rendered);
  const incident: Incident = {
    slug: name.slug as string,
    file,
    ...titled,
    impact: phases[phases.length - 1]!.impact,
    phases,
    affected: affectedServices(phases),
    started: whole.started,
    ...(whole.resolved ? { resolved: whole.resolved } : {}),
    ...(whole.postmortem ? { postmortem: whole.postmortem } : {}),
    updates: rendered,
  };
  return { value: incident, draft: whole.draft, problems };
}

export function parseMaintenance(file: string, text: string, ctx: ParseContext): Draftable<Maintenance> {
  const problems: Problem[] = [];
  const name = slugOf(file, 'maintenance');
  if (name.problem) problems.push(name.problem);
  const split = readFrontMatter(file, text);
  if (!split.value) return { problems: [...problems, ...split.problems] };
  const { yaml, body, bodyLine } = split.value;
  const checked = checkFrontMatter(maintenanceSchema, yaml, file, ctx, problems);
  const fm = checked.fields;
  const timeline = parseTimeline(body, MAINTENANCE_STATES, file, bodyLine, false, hintZone(ctx));
  problems.push(...timeline.problems);
  const listed = checked.raw['services'];
  (Array.isArray(listed) ? listed : []).forEach((id: unknown, i) => {
    if (typeof id === 'string' && ctx.serviceIds && !ctx.serviceIds.has(id))
      problems.push({ file, line: yaml.lineOf(['services', i]), field: `services.${i}`, message: unknownService(id, ctx) });
  });
  if (fm.scheduled_for && fm.scheduled_until && fm.scheduled_until <= fm.scheduled_for) {
    problems.push({
      file,
      line: yaml.lineOf(['scheduled_until']),
      field: 'scheduled_until',
      message: `must be after scheduled_for (${formatDateTime(fm.scheduled_for, ctx.zone)})`,
    });
  }
  const updates = checkUpdates(timeline.updates, file, problems, bodyLine, 'scheduled');
  const last = updates[updates.length - 1];
  updates.forEach((u) => {
    if (u.state === 'completed' && u !== last) {
      problems.push({
        file,
        line: u.line,
        field: 'update',
        message: 'is "completed" but is not the last update; only the final update may complete the maintenance',
      });
    }
  });
  const lang = fileLanguage(fm, yaml, file, ctx, problems);
  const titled = fm.title === undefined ? undefined : titleOf(fm.title, lang, yaml, file, ctx, problems);
  const rendered = finishUpdates(updates, file, lang, ctx, problems);
  const whole = checked.value;
  if (problems.length || !whole || !titled) return { problems };
  return {
    value: {
      slug: name.slug as string,
      file,
      ...titled,
      services: whole.services,
      scheduledFor: whole.scheduled_for,
      scheduledUntil: whole.scheduled_until,
      updates: rendered,
    },
    draft: whole.draft,
    problems,
  };
}

export function parseNotice(file: string, text: string, ctx: ParseContext): Draftable<Notice> {
  const problems: Problem[] = [];
  const name = slugOf(file, 'notice');
  if (name.problem) problems.push(name.problem);
  const split = readFrontMatter(file, text);
  if (!split.value) return { problems: [...problems, ...split.problems] };
  const { yaml, body, bodyLine } = split.value;
  const checked = checkFrontMatter(noticeSchema, yaml, file, ctx, problems);
  const fm = checked.fields;
  if (fm.from && fm.until && fm.until <= fm.from) {
    problems.push({
      file,
      line: yaml.lineOf(['until']),
      field: 'until',
      message: `must be after from (${formatDateTime(fm.from, ctx.zone)})`,
    });
  }
  const posted = fm.posted ?? fm.from;
  // A `posted:` or `from:` that is written but wrong is reported by the schema, not as missing.
  if (checked.raw['posted'] === undefined && checked.raw['from'] === undefined && !yaml.problems.length) {
    problems.push({ file, line: yaml.lineOf([]), field: 'posted', message: 'is required when there is no from: (feeds need a date)' });
  }
  const message = body.trim();
  const messageLine = bodyLine + (body.match(/^(?:[ \t]*\r?\n)*/)?.[0].split('\n').length ?? 1) - 1;
  if (message === '')
    problems.push({ file, line: bodyLine, field: 'body', message: 'is empty; write the announcement below the front matter' });
  const lang = fileLanguage(fm, yaml, file, ctx, problems);
  const titled = fm.title === undefined ? undefined : titleOf(fm.title, lang, yaml, file, ctx, problems);
  const texts = message === '' ? undefined : textsOf(message, messageLine, lang, file, 'body', ctx, problems);
  const whole = checked.value;
  if (problems.length || !posted || !texts || !whole || !titled) return { problems };
  return {
    value: {
      slug: name.slug as string,
      file,
      ...titled,
      level: whole.level,
      ...(whole.from ? { from: whole.from } : {}),
      ...(whole.until ? { until: whole.until } : {}),
      body: texts.text,
      html: texts.html,
      ...(texts.texts
        ? { bodies: Object.fromEntries(Object.entries(texts.texts).map(([k, t]) => [k, { body: t.text, html: t.html }])) }
        : {}),
      posted,
    },
    draft: whole.draft,
    problems,
  };
}

function unknownService(id: string, ctx: ParseContext): string {
  const known = [...(ctx.serviceIds ?? [])];
  const close = known.filter((k) => k.includes(id) || id.includes(k));
  return `"${id}" is not a service in services.yaml${close.length ? ` (did you mean ${close.join(' or ')}?)` : `; known: ${known.join(', ')}`}`;
}

/** Count, order and limit checks shared by incidents and maintenance. */
function checkUpdates<S extends string>(
  raw: RawUpdate<S>[],
  file: string,
  problems: Problem[],
  bodyLine: number,
  example: S,
): RawUpdate<S>[] {
  if (raw.length === 0 && !problems.some((p) => p.field === 'update')) {
    const label = example.charAt(0).toUpperCase() + example.slice(1);
    problems.push({
      file,
      line: bodyLine,
      field: 'update',
      message: `there are no updates; add one below the front matter, e.g. "## ${label} 2025-01-27 09:30 +08:00" and a message`,
    });
  }
  if (raw.length > MAX_UPDATES) {
    problems.push({
      file,
      line: raw[MAX_UPDATES]!.line,
      field: 'update',
      message: `is update ${MAX_UPDATES + 1}; at most ${MAX_UPDATES} updates fit in one file, so open a new one`,
    });
  }
  const ordered = orderUpdates(raw, file);
  problems.push(...ordered.problems);
  return ordered.updates;
}

function finishUpdates<S extends string>(
  raw: RawUpdate<S>[],
  file: string,
  lang: string,
  ctx: ParseContext,
  problems: Problem[],
): Update<S>[] {
  const ids = updateIds(raw.length);
  return raw.map(({ servicesLine: _line, messageLine, ...u }, i) => {
    const { text, html, texts } = textsOf(u.message, messageLine, lang, file, 'update', ctx, problems);
    return {
      ...u,
      message: text,
      html,
      ...(texts ? { texts: Object.fromEntries(Object.entries(texts).map(([k, t]) => [k, { message: t.text, html: t.html }])) } : {}),
      id: ids[i] as string,
    };
  });
}

/** Renders Markdown, turning a renderer failure (e.g. absurd nesting) into a problem at the line. */
function safeRender(markdown: string, file: string, line: number, field: string, problems: Problem[]): string {
  const bad = textProblem(markdown);
  if (bad) {
    problems.push({ file, line: line + (markdown.slice(0, bad.index).match(/\n/g)?.length ?? 0), field, message: bad.message });
    return '';
  }
  const size = Buffer.byteLength(markdown);
  if (size > MAX_MESSAGE_BYTES) {
    problems.push({
      file,
      line,
      field,
      message: `is ${size} bytes; one message may be at most ${MAX_MESSAGE_BYTES} bytes (100 KiB): shorten it, or link to the full text`,
    });
    return '';
  }
  try {
    const html = renderMarkdown(markdown);
    // A character reference (&#x202E;) turns into the character only once rendered: the same rule, on the result.
    const decoded = textProblem(html);
    if (decoded) {
      problems.push({ file, line, field, message: `${decoded.message} (it is written as a character reference, such as &#x202E;)` });
      return '';
    }
    return html;
  } catch (error) {
    const why = error instanceof RangeError ? 'it is nested too deeply' : (error as Error).message;
    problems.push({ file, line, field, message: `cannot be rendered: ${why}; simplify the Markdown` });
    return '';
  }
}
