/**
 * Loading: reads a content folder from disk and hands each file to `parse.ts`.
 * The only module in `src/lib` that touches the file system; the build and the
 * command line both call `loadContent`, so they accept and refuse the same files.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Content, Incident, Maintenance, Notice } from './model.ts';
import { checkText, parseIncident, parseMaintenance, parseNotice, parseServices, parseSite, type ParseContext } from './parse.ts';
import type { Problem } from './problems.ts';

export interface LoadResult {
  /** Present only when there are no problems. */
  content?: Content;
  problems: Problem[];
  /** How many files were read. */
  files: number;
}

const FOLDERS = ['incidents', 'maintenance', 'notices'] as const;
const ALLOWED_AT_ROOT = new Set(['site.yaml', 'services.yaml', 'README.md', ...FOLDERS]);

/** The content folder: `STATUSMARK_CONTENT` if set, else `content/` in the working directory. */
export function contentDir(env: Record<string, string | undefined>, cwd: string): string {
  return resolve(cwd, env['STATUSMARK_CONTENT'] || 'content');
}

export function loadContent(dir: string, cwd: string = process.cwd()): LoadResult {
  const problems: Problem[] = [];
  const show = (abs: string) => {
    const rel = relative(cwd, abs);
    return rel.startsWith('..') ? abs : rel.split(sep).join('/');
  };
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return { problems: [{ file: show(dir), line: 1, field: 'folder', message: 'does not exist; it should hold site.yaml and services.yaml' }], files: 0 };
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
  const zone = { timeZone: site?.value?.timeZone ?? 'UTC', locale: site?.value?.locale ?? 'en-GB' };

  const servicesFile = join(dir, 'services.yaml');
  const servicesText = existsSync(servicesFile) ? read(servicesFile) : undefined;
  if (!existsSync(servicesFile)) problems.push({ file: show(servicesFile), line: 1, field: 'file', message: 'is missing: list the services the page reports on' });
  const services = servicesText === undefined ? undefined : parseServices(show(servicesFile), servicesText, zone);
  if (services) problems.push(...services.problems);

  const ctx: ParseContext = {
    // Services that failed their own checks still count as known, so one typo is reported once.
    serviceIds: services?.value ? new Set([...services.value.services.map((s) => s.id), ...rawServiceIds(servicesText)]) : null,
    zone,
  };

  let drafts = 0;
  const collect = <T extends { slug: string; file: string }>(
    folder: (typeof FOLDERS)[number],
    parse: (file: string, text: string, ctx: ParseContext) => { value?: T; draft?: boolean; problems: Problem[] },
  ): T[] => {
    const out: T[] = [];
    const bySlug = new Map<string, string>();
    for (const abs of markdownFiles(join(dir, folder), problems, show)) {
      const text = read(abs);
      if (text === undefined) continue;
      const result = parse(show(abs), text, ctx);
      problems.push(...result.problems);
      if (!result.value) continue;
      const other = bySlug.get(result.value.slug);
      if (other) {
        problems.push({ file: result.value.file, line: 1, field: 'file name', message: `gives the slug "${result.value.slug}", already used by ${other}` });
        continue;
      }
      bySlug.set(result.value.slug, result.value.file);
      if (result.draft) drafts++;
      else out.push(result.value);
    }
    return out;
  };
  const incidents = collect<Incident>('incidents', parseIncident);
  const maintenance = collect<Maintenance>('maintenance', parseMaintenance);
  const notices = collect<Notice>('notices', parseNotice);

  if (problems.length || !site?.value || !services?.value) return { problems, files };
  incidents.sort((a, b) => b.started.getTime() - a.started.getTime() || (a.slug < b.slug ? -1 : 1));
  maintenance.sort((a, b) => b.scheduledFor.getTime() - a.scheduledFor.getTime() || (a.slug < b.slug ? -1 : 1));
  notices.sort((a, b) => b.posted.getTime() - a.posted.getTime() || (a.slug < b.slug ? -1 : 1));
  return {
    content: { site: site.value, services: services.value.services, groups: services.value.groups, incidents, maintenance, notices, drafts },
    problems,
    files,
  };
}

/** Every `.md` file below `folder`, sorted; other files are problems, dotfiles are ignored. */
function markdownFiles(folder: string, problems: Problem[], show: (p: string) => string): string[] {
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
