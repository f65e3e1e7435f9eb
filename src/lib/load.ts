/**
 * Loading: reads a content folder from disk and hands each file to `parse.ts`.
 * The only module in `src/lib` that touches the file system; the build and the
 * command line both call `loadContent`, so they accept and refuse the same files.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FOLDER, KINDS, type Content, type Incident, type Kind, type Maintenance, type Notice, type Service, type ServiceGroup, type Site } from './model.ts';
import { parseNotifyConfig, type NotifyConfig } from './notify/config.ts';
import { checkText, parseIncident, parseMaintenance, parseNotice, parseServices, parseSite, type ParseContext } from './parse.ts';
import type { Problem } from './problems.ts';

export interface LoadResult {
  /** Present only when there are no problems. */
  content?: Content;
  problems: Problem[];
  /** How many files were read. */
  files: number;
}

const ALLOWED_AT_ROOT = new Set(['site.yaml', 'services.yaml', 'notify.yaml', 'README.md', ...Object.values(FOLDER)]);

/** The content folder: `STATUSMARK_CONTENT` if set, else `content/` in the working directory. */
export function contentDir(env: Record<string, string | undefined>, cwd: string): string {
  return resolve(cwd, env['STATUSMARK_CONTENT'] || 'content');
}

/**
 * The content folder for the command line, found as git finds `.git`: `STATUSMARK_CONTENT`
 * if set; else, from `cwd` upwards, the first folder that holds site.yaml and services.yaml
 * (`cwd` is inside the content folder) or a `content/` folder (`cwd` is in the project).
 * Falls back to `content/` in `cwd`, whose absence validation then reports.
 */
export function findContentDir(env: Record<string, string | undefined>, cwd: string): string {
  if (env['STATUSMARK_CONTENT']) return contentDir(env, cwd);
  for (let d = resolve(cwd); ; d = dirname(d)) {
    if (existsSync(join(d, 'site.yaml')) && existsSync(join(d, 'services.yaml'))) return d;
    if (existsSync(join(d, 'content', 'site.yaml'))) return join(d, 'content');
    if (dirname(d) === d) return contentDir(env, cwd);
  }
}

type Parsed = { value?: Incident | Maintenance | Notice; draft?: boolean; problems: Problem[] };

const PARSERS: Record<Kind, (file: string, text: string, ctx: ParseContext) => Parsed> = {
  incident: parseIncident,
  maintenance: parseMaintenance,
  notice: parseNotice,
};

/** A path as problems show it: relative to `cwd` when inside it. */
function shown(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  return rel.startsWith('..') ? abs : rel.split(sep).join('/');
}

/** Reads and parses one Markdown file of the given kind. Used directly and by the parse workers. */
export function parseFileAt(kind: Kind, abs: string, cwd: string, ctx: ParseContext): Parsed {
  const checked = checkText(shown(abs, cwd), readFileSync(abs));
  if (checked.text === undefined) return { problems: checked.problems };
  return PARSERS[kind](shown(abs, cwd), checked.text, ctx);
}

interface Prepared {
  problems: Problem[];
  files: number;
  site?: Site;
  services?: { services: Service[]; groups: ServiceGroup[] };
  ctx: ParseContext;
  /** The Markdown files of each folder, in order. */
  jobs: [Kind, string][];
}

/** Everything before the Markdown files: the folder, site.yaml and services.yaml, and the list of files. */
function prepare(dir: string, cwd: string): Prepared {
  const problems: Problem[] = [];
  const show = (abs: string) => shown(abs, cwd);
  const ctx: ParseContext = { serviceIds: null, zone: { timeZone: 'UTC', locale: 'en-GB' } };
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return { problems: [{ file: show(dir), line: 1, field: 'folder', message: 'does not exist; it should hold site.yaml and services.yaml' }], files: 0, ctx, jobs: [] };
  }
  let files = 0;
  const read = (abs: string): string | undefined => {
    files++;
    const checked = checkText(show(abs), readFileSync(abs));
    problems.push(...checked.problems);
    return checked.text;
  };

  for (const entry of readdirSync(dir)) {
    if (entry.startsWith('.') || ALLOWED_AT_ROOT.has(entry)) continue;
    problems.push({ file: show(join(dir, entry)), line: 1, field: 'file', message: `is not part of the content model; expected ${[...ALLOWED_AT_ROOT].join(', ')}` });
  }

  const siteFile = join(dir, 'site.yaml');
  const siteText = existsSync(siteFile) ? read(siteFile) : undefined;
  if (!existsSync(siteFile)) problems.push({ file: show(siteFile), line: 1, field: 'file', message: 'is missing: every page needs site.yaml (name, url, timezone)' });
  const site = siteText === undefined ? undefined : parseSite(show(siteFile), siteText);
  if (site) problems.push(...site.problems);
  ctx.zone = { timeZone: site?.value?.timeZone ?? 'UTC', locale: site?.value?.locale ?? 'en-GB' };
  ctx.languages = site?.value?.languages ?? null;

  const servicesFile = join(dir, 'services.yaml');
  const servicesText = existsSync(servicesFile) ? read(servicesFile) : undefined;
  if (!existsSync(servicesFile)) problems.push({ file: show(servicesFile), line: 1, field: 'file', message: 'is missing: list the services the page reports on' });
  const services = servicesText === undefined ? undefined : parseServices(show(servicesFile), servicesText, { ...ctx.zone, ...(site?.value ? { languages: site.value.languages } : {}) });
  if (services) problems.push(...services.problems);
  // Services that failed their own checks still count as known, so one typo is reported once.
  ctx.serviceIds = services?.value ? new Set([...services.value.services.map((s) => s.id), ...rawServiceIds(servicesText)]) : null;

  const notifyFile = join(dir, 'notify.yaml');
  if (existsSync(notifyFile) && ctx.serviceIds) {
    const text = read(notifyFile);
    if (text !== undefined) problems.push(...parseNotifyConfig(show(notifyFile), text, ctx.serviceIds, site?.value?.languages).problems);
  }

  const jobs: [Kind, string][] = KINDS.flatMap((kind) => markdownFiles(join(dir, FOLDER[kind]), problems, show).map((abs): [Kind, string] => [kind, abs]));
  return {
    problems,
    files: files + jobs.length,
    ...(site?.value ? { site: site.value } : {}),
    ...(services?.value ? { services: services.value } : {}),
    ctx,
    jobs,
  };
}

/** Puts parsed files together: duplicate slugs, drafts, order. `results[i]` belongs to `prepared.jobs[i]`. */
function assemble(prepared: Prepared, results: Parsed[]): LoadResult {
  const problems = [...prepared.problems];
  const lists = { incident: [] as Incident[], maintenance: [] as Maintenance[], notice: [] as Notice[] };
  const slugs = { incident: new Map<string, string>(), maintenance: new Map<string, string>(), notice: new Map<string, string>() };
  let drafts = 0;
  results.forEach((result, i) => {
    const kind = prepared.jobs[i]![0];
    problems.push(...result.problems);
    if (!result.value) return;
    const other = slugs[kind].get(result.value.slug);
    if (other) {
      problems.push({ file: result.value.file, line: 1, field: 'file name', message: `gives the slug "${result.value.slug}", already used by ${other}` });
      return;
    }
    slugs[kind].set(result.value.slug, result.value.file);
    if (result.draft) drafts++;
    else (lists[kind] as (Incident | Maintenance | Notice)[]).push(result.value);
  });
  const { site, services } = prepared;
  if (problems.length || !site || !services) return { problems, files: prepared.files };
  const { incident: incidents, maintenance, notice: notices } = lists;
  incidents.sort((a, b) => b.started.getTime() - a.started.getTime() || (a.slug < b.slug ? -1 : 1));
  maintenance.sort((a, b) => b.scheduledFor.getTime() - a.scheduledFor.getTime() || (a.slug < b.slug ? -1 : 1));
  notices.sort((a, b) => b.posted.getTime() - a.posted.getTime() || (a.slug < b.slug ? -1 : 1));
  return {
    content: { site, services: services.services, groups: services.groups, incidents, maintenance, notices, drafts },
    problems,
    files: prepared.files,
  };
}

export function loadContent(dir: string, cwd: string = process.cwd()): LoadResult {
  const prepared = prepare(dir, cwd);
  return assemble(prepared, prepared.jobs.map(([kind, abs]) => parseFileAt(kind, abs, cwd, prepared.ctx)));
}

/**
 * The same as `loadContent`, with the Markdown files parsed by worker threads, one per
 * core: on a large archive parsing and rendering Markdown is most of the load time.
 * Falls back to one thread where there is no worker script to run.
 */
export async function loadContentParallel(
  dir: string,
  cwd: string = process.cwd(),
  { workers = availableParallelism(), from = PARALLEL_FROM }: { workers?: number; from?: number } = {},
): Promise<LoadResult> {
  const prepared = prepare(dir, cwd);
  // Beside this module: the source here, or the JavaScript `npm pack` compiles (Node runs no TypeScript under node_modules).
  const script = ['./parse-worker.ts', './parse-worker.js'].map((file) => fileURLToPath(new URL(file, import.meta.url))).find((file) => existsSync(file));
  // Starting a worker costs about two seconds (it loads every module again): worth it only for large archives.
  if (workers < 2 || prepared.jobs.length < from || !script) {
    return assemble(prepared, prepared.jobs.map(([kind, abs]) => parseFileAt(kind, abs, cwd, prepared.ctx)));
  }
  const size = Math.ceil(prepared.jobs.length / workers);
  const chunks = Array.from({ length: workers }, (_, i) => prepared.jobs.slice(i * size, (i + 1) * size));
  const parts = await Promise.all(
    chunks.map(
      (jobs) =>
        new Promise<Parsed[]>((done, fail) => {
          const worker = new Worker(script, { workerData: { jobs, cwd, ctx: prepared.ctx } });
          worker.once('message', (results: Parsed[]) => {
            done(results);
            void worker.terminate();
          });
          worker.once('error', fail);
        }),
    ),
  );
  return assemble(prepared, parts.flat());
}

/**
 * The channels of `notify.yaml` in a content folder, checked against its services;
 * `value` is undefined with no problems when the folder has no notify.yaml.
 */
export function loadNotifyConfig(dir: string, cwd: string = process.cwd()): { value?: NotifyConfig; problems: Problem[] } {
  const file = join(dir, 'notify.yaml');
  if (!existsSync(file)) return { problems: [] };
  const services = join(dir, 'services.yaml');
  const ids = existsSync(services) ? rawServiceIds(readFileSync(services, 'utf8')) : [];
  const checked = checkText(shown(file, cwd), readFileSync(file));
  if (checked.text === undefined) return { problems: checked.problems };
  const siteFile = join(dir, 'site.yaml');
  const languages = existsSync(siteFile) ? parseSite(siteFile, readFileSync(siteFile, 'utf8').replace(/^\uFEFF/, '')).value?.languages : undefined;
  return parseNotifyConfig(shown(file, cwd), checked.text, new Set(ids), languages);
}

/** Every `.md` file below `folder`, sorted; other files are problems, dotfiles are ignored. */
export function markdownFiles(folder: string, problems: Problem[], show: (p: string) => string): string[] {
  if (!existsSync(folder)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith('.')) continue;
      const abs = join(d, entry.name);
      if (entry.isDirectory()) walk(abs);
      else if (entry.isFile() && entry.name.endsWith('.md')) out.push(abs);
      else problems.push({ file: show(abs), line: 1, field: 'file', message: 'is not a Markdown (.md) file; only .md files belong here' });
    }
  };
  walk(folder);
  return out;
}

/** The `id:` values of services.yaml as written, valid or not. */
function rawServiceIds(text: string | undefined): string[] {
  return text ? [...text.matchAll(/^\s*-?\s*id:\s*["']?([^"'#\n]+?)["']?\s*(?:#.*)?$/gm)].map((m) => (m[1] as string).trim()) : [];
}

/**
 * One load per build: `astro build` validates the content in its integration and then
 * renders the pages in the same process; the second caller takes the first one's
 * result instead of reading and rendering every file again. Keyed by folder.
 */
/** Below this many Markdown files, one thread is faster than starting workers. */
export const PARALLEL_FROM = 4000;

const SHARED = Symbol.for('statusmark.loaded-content');

/** Puts a result where `loadContentOnce` finds it (the integration loads in parallel, then shares). */
export function shareLoadedContent(dir: string, result: LoadResult): void {
  const store = globalThis as unknown as Record<symbol, Map<string, LoadResult> | undefined>;
  (store[SHARED] ??= new Map()).set(dir, result);
}

export function loadContentOnce(dir: string, cwd: string = process.cwd()): LoadResult {
  const store = globalThis as unknown as Record<symbol, Map<string, LoadResult> | undefined>;
  const cache = (store[SHARED] ??= new Map());
  let result = cache.get(dir);
  if (!result) cache.set(dir, (result = loadContent(dir, cwd)));
  return result;
}

/** Forgets loaded content (the dev server reloads on every request). */
export function forgetLoadedContent(): void {
  (globalThis as unknown as Record<symbol, Map<string, LoadResult> | undefined>)[SHARED]?.clear();
}
