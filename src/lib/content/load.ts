/**
 * Loading: reads a content folder from disk and hands each file to `parse.ts`.
 * The only module in `src/lib` that touches the file system; the build and the
 * command line both call `loadContent`, so they accept and refuse the same files.
 */
import {
  closeSync,
  constants,
  type Dirent,
  existsSync,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  statSync,
  type Stats,
} from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { availableParallelism } from 'node:os';
import { workerThreads } from './threads.ts';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  FOLDER,
  KINDS,
  type Content,
  type Incident,
  type Kind,
  type Maintenance,
  type Notice,
  type Service,
  type ServiceGroup,
  type Site,
} from './model.ts';
import { parseNotifyConfig, type NotifyConfig } from '../notify/config.ts';
import { loadAlerts, type AlertsContent } from '../alerts/content.ts';
import {
  checkText,
  MAX_FILE_BYTES,
  parseIncident,
  parseMaintenance,
  parseNotice,
  parseServices,
  parseSite,
  sizeProblem,
  type ParseContext,
} from './parse.ts';
import type { Problem } from './problems.ts';

export interface LoadResult {
  /** Present only when there are no problems. */
  content?: Content;
  /** notify.yaml's channels, when the folder has a valid one (the Subscribe page lists their join links). */
  notify?: NotifyConfig;
  /** alerts.yaml's rules and the message templates, when the folder has them (the alert intake, `new --template`). */
  alerts?: AlertsContent;
  problems: Problem[];
  /** How many files were read. */
  files: number;
}

const ALLOWED_AT_ROOT = new Set([
  'site.yaml',
  'services.yaml',
  'notify.yaml',
  'alerts.yaml',
  'templates',
  'README.md',
  ...Object.values(FOLDER),
]);

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

/**
 * Reads and parses one Markdown file of the given kind, found by `markdownFiles` below `root`.
 * Used directly and by the parse workers.
 */
export function parseFileAt(kind: Kind, abs: string, cwd: string, ctx: ParseContext, root: string): Parsed {
  const read = readFileAsFile(abs, root, shown(abs, cwd), 'the content folder');
  if (!read.bytes) return { problems: read.problems };
  const checked = checkText(shown(abs, cwd), read.bytes);
  if (checked.text === undefined) return { problems: checked.problems };
  return PARSERS[kind](shown(abs, cwd), checked.text, ctx);
}

/** A path that is not a regular file, in words; undefined for a file. */
function notAFile(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'is a folder, where a file belongs';
  if (stats.isFIFO()) return 'is a named pipe (FIFO), not a file; it was not opened';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'is a device, not a file; it was not read';
  if (stats.isSocket()) return 'is a socket, not a file';
  return 'is not a regular file';
}

/** Whether `path` is `root` or below it (both real paths). */
function within(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * Where `abs` really is, following symbolic links, or why it may not be read: a link that
 * leads outside `root` is refused, whatever it leads to. `rootShown` names `root` in the message.
 */
function realPathWithin(abs: string, root: string, rootShown: string): { real: string } | { message: string } {
  // The native call: one system call, where the JavaScript one looks at each folder of the path in turn.
  const real = realpathSync.native(abs);
  if (within(realpathSync.native(root), real)) return { real };
  return { message: `is a symbolic link to ${real}, outside ${rootShown}; only files inside it are read` };
}

/** A file-system error in one line: `EACCES: permission denied` without the path (the problem names it). */
function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = (error as Error).message.split(',')[0] ?? '';
  return code ? `could not be read (${code}: ${message.replace(/^[A-Z]+:\s*/, '')})` : `could not be read (${(error as Error).message})`;
}

/**
 * Reads one file as a file. Before a byte is read, and with its path (`file`), it refuses a
 * folder, a named pipe (never opened, so nothing waits on it), a device or a socket, a
 * symbolic link leading outside `root`, and anything over MAX_FILE_BYTES (1 MiB); it then
 * reads at most that many bytes, so a file that grows meanwhile cannot make it read more.
 * The content folder, and every importer's source folder, are read through this.
 */
export function readFileAsFile(abs: string, root: string, file: string, rootShown: string): { bytes?: Buffer; problems: Problem[] } {
  const refuse = (message: string) => ({ problems: [{ file, line: 1, field: 'file', message }] });
  try {
    const where = realPathWithin(abs, root, rootShown);
    if ('message' in where) return refuse(where.message);
    const what = notAFile(statSync(where.real));
    if (what) return refuse(what);
    // O_NONBLOCK: were the file swapped for a pipe since, opening it still does not wait.
    const fd = openSync(where.real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    try {
      const stats = fstatSync(fd);
      const opened = notAFile(stats);
      if (opened) return refuse(opened);
      const tooLarge = sizeProblem(file, stats.size);
      if (tooLarge) return { problems: [tooLarge] };
      const buffer = Buffer.alloc(Math.min(stats.size, MAX_FILE_BYTES) + 1);
      let length = 0;
      for (let n: number; length < buffer.length && (n = readSync(fd, buffer, length, buffer.length - length, null)) > 0; ) length += n;
      const grown = sizeProblem(file, length);
      if (grown) return { problems: [grown] };
      return { bytes: buffer.subarray(0, length), problems: [] };
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return refuse(fsReason(error));
  }
}

/**
 * A folder of the content model (`incidents/` and so on): whether it may be listed. A file or
 * a symbolic link leading outside `root` in its place is a problem; a missing folder is not.
 */
function folderProblem(abs: string, root: string, file: string, rootShown: string): Problem | undefined {
  const refuse = (message: string): Problem => ({ file, line: 1, field: 'folder', message });
  try {
    lstatSync(abs);
  } catch {
    return undefined;
  }
  try {
    const where = realPathWithin(abs, root, rootShown);
    if ('message' in where) return refuse(where.message);
    const stats = statSync(where.real);
    if (!stats.isDirectory()) return refuse(`${notAFile(stats) ?? 'is a file'}; it must be a folder of .md files`);
    return undefined;
  } catch (error) {
    return refuse(fsReason(error));
  }
}

interface Prepared {
  problems: Problem[];
  files: number;
  site?: Site;
  services?: { services: Service[]; groups: ServiceGroup[] };
  notify?: NotifyConfig;
  alerts?: AlertsContent;
  ctx: ParseContext;
  /** The Markdown files of each folder, in order. */
  jobs: [Kind, string][];
}

/**
 * Everything before the Markdown files: the folder, site.yaml and services.yaml, and the list of files.
 * With `publicDir` (the site's public/ folder, for a build), site.yaml's logo must be a file in it.
 */
function prepare(dir: string, cwd: string, publicDir?: string): Prepared {
  const problems: Problem[] = [];
  const show = (abs: string) => shown(abs, cwd);
  const ctx: ParseContext = { serviceIds: null, zone: { timeZone: 'UTC', locale: 'en-GB' } };
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return {
      problems: [{ file: show(dir), line: 1, field: 'folder', message: 'does not exist; it should hold site.yaml and services.yaml' }],
      files: 0,
      ctx,
      jobs: [],
    };
  }
  let files = 0;
  const read = (abs: string): string | undefined => {
    files++;
    const file = readFileAsFile(abs, dir, show(abs), 'the content folder');
    if (!file.bytes) {
      problems.push(...file.problems);
      return undefined;
    }
    const checked = checkText(show(abs), file.bytes);
    problems.push(...checked.problems);
    return checked.text;
  };

  for (const entry of readdirSync(dir)) {
    if (entry.startsWith('.') || ALLOWED_AT_ROOT.has(entry)) continue;
    problems.push({
      file: show(join(dir, entry)),
      line: 1,
      field: 'file',
      message: `is not part of the content model; expected ${[...ALLOWED_AT_ROOT].join(', ')}`,
    });
  }

  const siteFile = join(dir, 'site.yaml');
  const siteText = existsSync(siteFile) ? read(siteFile) : undefined;
  if (!existsSync(siteFile))
    problems.push({
      file: show(siteFile),
      line: 1,
      field: 'file',
      message: 'is missing: every page needs site.yaml (name, url, timezone)',
    });
  const site = siteText === undefined ? undefined : parseSite(show(siteFile), siteText);
  if (site) problems.push(...site.problems);
  const logo = site?.value?.logo;
  if (logo && publicDir !== undefined && !existsSync(join(publicDir, logo)))
    problems.push({
      file: show(siteFile),
      line: site?.lineOf?.(['logo']) ?? 1,
      field: 'logo',
      message: `${logo} is not in the site's public/ folder (${show(publicDir)}); add the file or correct the path`,
    });
  ctx.zone = { timeZone: site?.value?.timeZone ?? 'UTC', locale: site?.value?.locale ?? 'en-GB' };
  ctx.languages = site?.value?.languages ?? null;

  const servicesFile = join(dir, 'services.yaml');
  const servicesText = existsSync(servicesFile) ? read(servicesFile) : undefined;
  if (!existsSync(servicesFile))
    problems.push({ file: show(servicesFile), line: 1, field: 'file', message: 'is missing: list the services the page reports on' });
  const services =
    servicesText === undefined
      ? undefined
      : parseServices(show(servicesFile), servicesText, { ...ctx.zone, ...(site?.value ? { languages: site.value.languages } : {}) });
  if (services) problems.push(...services.problems);
  // Services that failed their own checks still count as known, so one typo is reported once.
  ctx.serviceIds = services?.value ? new Set([...services.value.services.map((s) => s.id), ...rawServiceIds(servicesText)]) : null;

  const notifyFile = join(dir, 'notify.yaml');
  let notify: NotifyConfig | undefined;
  if (existsSync(notifyFile) && ctx.serviceIds) {
    const text = read(notifyFile);
    if (text !== undefined) {
      const parsed = parseNotifyConfig(show(notifyFile), text, ctx.serviceIds, site?.value?.languages);
      problems.push(...parsed.problems);
      notify = parsed.value;
    }
  }

  // alerts.yaml and templates/: checked whenever there, so a broken rule fails validate and the build alike.
  // Not counted in `files`: validate's summary counts what the page is made of, as before they existed.
  const counted = files;
  const alerts = ctx.serviceIds
    ? loadAlerts(
        dir,
        ctx,
        problems,
        show,
        (abs) => read(abs),
        (folder) => markdownFiles(folder, problems, show, dir),
        existsSync,
      )
    : undefined;
  files = counted;

  const jobs: [Kind, string][] = KINDS.flatMap((kind) =>
    markdownFiles(join(dir, FOLDER[kind]), problems, show, dir).map((abs): [Kind, string] => [kind, abs]),
  );
  return {
    problems,
    files: files + jobs.length,
    ...(site?.value ? { site: site.value } : {}),
    ...(services?.value ? { services: services.value } : {}),
    ...(notify ? { notify } : {}),
    ...(alerts ? { alerts } : {}),
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
      problems.push({
        file: result.value.file,
        line: 1,
        field: 'file name',
        message: `gives the slug "${result.value.slug}", already used by ${other}`,
      });
      return;
    }
    slugs[kind].set(result.value.slug, result.value.file);
    if (result.draft) drafts++;
    else (lists[kind] as (Incident | Maintenance | Notice)[]).push(result.value);
  });
  const { site, services, notify, alerts } = prepared;
  if (problems.length || !site || !services) return { problems, files: prepared.files };
  const { incident: incidents, maintenance, notice: notices } = lists;
  incidents.sort((a, b) => b.started.getTime() - a.started.getTime() || (a.slug < b.slug ? -1 : 1));
  maintenance.sort((a, b) => b.scheduledFor.getTime() - a.scheduledFor.getTime() || (a.slug < b.slug ? -1 : 1));
  notices.sort((a, b) => b.posted.getTime() - a.posted.getTime() || (a.slug < b.slug ? -1 : 1));
  return {
    content: { site, services: services.services, groups: services.groups, incidents, maintenance, notices, drafts },
    ...(notify ? { notify } : {}),
    ...(alerts ? { alerts } : {}),
    problems,
    files: prepared.files,
  };
}

export function loadContent(dir: string, cwd: string = process.cwd()): LoadResult {
  const prepared = prepare(dir, cwd);
  return assemble(
    prepared,
    prepared.jobs.map(([kind, abs]) => parseFileAt(kind, abs, cwd, prepared.ctx, dir)),
  );
}

/**
 * Everything of a content folder but its Markdown files, checked as `loadContent` checks it:
 * site.yaml, services.yaml, notify.yaml, alerts.yaml and the templates, and the context a
 * file is parsed in. For the alert intake, which then parses only the file it writes
 * (`parseFileAt`), so its cost does not grow with the archive.
 */
export function loadSettings(
  dir: string,
  cwd: string = process.cwd(),
): { site?: Site; services?: Service[]; alerts?: AlertsContent; ctx: ParseContext; problems: Problem[] } {
  const prepared = prepare(dir, cwd);
  return {
    ...(prepared.site ? { site: prepared.site } : {}),
    ...(prepared.services ? { services: prepared.services.services } : {}),
    ...(prepared.alerts ? { alerts: prepared.alerts } : {}),
    ctx: prepared.ctx,
    problems: prepared.problems,
  };
}

export interface ParallelOptions {
  /** How many worker threads; `workerThreads` of the machine's cores by default. */
  workers?: number;
  /** Below this many Markdown files, one thread. */
  from?: number;
  /** The site's public/ folder (a build): site.yaml's logo must be a file in it. */
  publicDir?: string;
}

/**
 * The same as `loadContent`, with the Markdown files parsed by worker threads, one per
 * core: on a large archive parsing and rendering Markdown is most of the load time.
 * Falls back to one thread where there is no worker script to run.
 */
export async function loadContentParallel(
  dir: string,
  cwd: string = process.cwd(),
  { workers = workerThreads(availableParallelism()), from = PARALLEL_FROM, publicDir }: ParallelOptions = {},
): Promise<LoadResult> {
  const prepared = prepare(dir, cwd, publicDir);
  // Beside this module in the source; in the package, compiled/parse-worker.js, one folder above the
  // bundles of compiled/astro/ and compiled/cli/ (Node runs no TypeScript under node_modules).
  const script = ['./parse-worker.ts', '../parse-worker.js']
    .map((file) => fileURLToPath(new URL(file, import.meta.url)))
    .find((file) => existsSync(file));
  // Starting a worker costs about two seconds (it loads every module again): worth it only for large archives.
  if (workers < 2 || prepared.jobs.length < from || !script) {
    return assemble(
      prepared,
      prepared.jobs.map(([kind, abs]) => parseFileAt(kind, abs, cwd, prepared.ctx, dir)),
    );
  }
  const size = Math.ceil(prepared.jobs.length / workers);
  const chunks = Array.from({ length: workers }, (_, i) => prepared.jobs.slice(i * size, (i + 1) * size));
  const parts = await Promise.all(
    chunks.map(
      (jobs) =>
        new Promise<Parsed[]>((done, fail) => {
          const worker = new Worker(script, { workerData: { jobs, cwd, ctx: prepared.ctx, root: dir } });
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
  const text = (abs: string): { text?: string; problems: Problem[] } => {
    const read = readFileAsFile(abs, dir, shown(abs, cwd), 'the content folder');
    return read.bytes ? checkText(shown(abs, cwd), read.bytes) : { problems: read.problems };
  };
  const services = join(dir, 'services.yaml');
  const ids = existsSync(services) ? rawServiceIds(text(services).text) : [];
  const checked = text(file);
  if (checked.text === undefined) return { problems: checked.problems };
  const siteFile = join(dir, 'site.yaml');
  const siteText = existsSync(siteFile) ? text(siteFile).text : undefined;
  const languages = siteText === undefined ? undefined : parseSite(siteFile, siteText).value?.languages;
  return parseNotifyConfig(shown(file, cwd), checked.text, new Set(ids), languages);
}

/**
 * Every `.md` file below `folder`, sorted; other files are problems, dotfiles are ignored.
 * A symbolic link is followed only while it stays inside `root` (the content folder, by
 * default the one holding `folder`), and each folder is listed once; a named pipe, device or
 * socket, even named `.md`, is a problem, never a file to read.
 */
export function markdownFiles(folder: string, problems: Problem[], show: (p: string) => string, root: string = dirname(folder)): string[] {
  const refused = folderProblem(folder, root, show(folder), 'the content folder');
  if (refused) problems.push(refused);
  if (refused || !existsSync(folder)) return [];
  const out: string[] = [];
  const listed = new Set<string>();
  const walk = (d: string) => {
    const entries = listFolder(d, listed);
    if (typeof entries === 'string') problems.push({ file: show(d), line: 1, field: 'folder', message: entries });
    for (const entry of typeof entries === 'string' ? [] : entries) {
      if (entry.name.startsWith('.')) continue;
      const abs = join(d, entry.name);
      const problem = (message: string) => problems.push({ file: show(abs), line: 1, field: 'file', message });
      let stats: Stats;
      try {
        stats = lstatSync(abs);
      } catch (error) {
        problem(fsReason(error));
        continue;
      }
      if (stats.isSymbolicLink()) {
        try {
          const where = realPathWithin(abs, root, 'the content folder');
          if ('message' in where) {
            problem(where.message);
            continue;
          }
          stats = statSync(where.real);
        } catch (error) {
          problem(fsReason(error));
          continue;
        }
      }
      if (stats.isDirectory()) walk(abs);
      else if (stats.isFile() && entry.name.endsWith('.md')) out.push(abs);
      else if (entry.name.endsWith('.md')) problem(notAFile(stats) ?? 'is not a regular file');
      else problem('is not a Markdown (.md) file; only .md files belong here');
    }
  };
  walk(folder);
  return out;
}

/** A folder's entries, sorted by name; none when it was listed already (a link back to it); why not, when it cannot be listed. */
function listFolder(d: string, listed: Set<string>): Dirent[] | string {
  try {
    const real = realpathSync(d);
    if (listed.has(real)) return [];
    listed.add(real);
    return readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  } catch (error) {
    return fsReason(error).replace('could not be read', 'could not be listed');
  }
}

/**
 * The files below `root` (another tool's site, for an importer) whose '/'-separated relative
 * path passes `keep`, read as `readFileAsFile` reads them; dot-entries are skipped. Links are
 * followed while they stay inside `root`, each folder once. A selected path that is not a
 * file, and a link leading outside (a folder's, since what it holds is not known), are problems.
 */
export function filesInside(
  root: string,
  keep: (path: string) => boolean,
  rootShown: string,
): { files: Map<string, Buffer>; problems: Problem[] } {
  const files = new Map<string, Buffer>();
  const problems: Problem[] = [];
  const listed = new Set<string>();
  const walk = (d: string, prefix: string) => {
    const entries = listFolder(d, listed);
    if (typeof entries === 'string') problems.push({ file: join(rootShown, prefix), line: 1, field: 'folder', message: entries });
    for (const entry of typeof entries === 'string' ? [] : entries) {
      if (entry.name.startsWith('.')) continue;
      const abs = join(d, entry.name);
      const rel = `${prefix}${entry.name}`;
      const file = join(rootShown, rel);
      let stats: Stats;
      try {
        stats = lstatSync(abs);
      } catch (error) {
        if (keep(rel)) problems.push({ file, line: 1, field: 'file', message: fsReason(error) });
        continue;
      }
      if (stats.isSymbolicLink()) {
        try {
          const where = realPathWithin(abs, root, rootShown);
          stats = statSync('message' in where ? abs : where.real);
          if ('message' in where) {
            if (stats.isDirectory() || keep(rel))
              problems.push({ file, line: 1, field: stats.isDirectory() ? 'folder' : 'file', message: where.message });
            continue;
          }
        } catch (error) {
          if (keep(rel)) problems.push({ file, line: 1, field: 'file', message: fsReason(error) });
          continue;
        }
      }
      if (stats.isDirectory()) walk(abs, `${rel}/`);
      else if (keep(rel)) {
        const read = readFileAsFile(abs, root, file, rootShown);
        if (read.bytes) files.set(rel, read.bytes);
        problems.push(...read.problems);
      }
    }
  };
  walk(root, '');
  return { files, problems };
}

/** The `id:` values of services.yaml as written, valid or not. */
function rawServiceIds(text: string | undefined): string[] {
  return text ? [...text.matchAll(/^\s*-?\s*id:\s*["']?([^"'#\n]+?)["']?\s*(?:#.*)?$/gm)].map((m) => (m[1] as string).trim()) : [];
}

/** Below this many Markdown files, one thread is faster than starting workers. */
export const PARALLEL_FROM = 4000;
