/**
 * The command line's file handling: finding content files, checking an edit with the
 * build's own parser before it is written, writing atomically, and committing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { markdownFiles } from '../src/lib/load.ts';
import { basename, dirname, join, relative } from 'node:path';
import type { Service, Site } from '../src/lib/model.ts';
import { checkText, parseIncident, parseMaintenance, parseNotice, parseServices, parseSite, type ParseContext } from '../src/lib/parse.ts';
import { formatProblem, type Problem } from '../src/lib/problems.ts';

export type Kind = 'incident' | 'maintenance' | 'notice';

const FOLDER: Record<Kind, string> = { incident: 'incidents', maintenance: 'maintenance', notice: 'notices' };
const PARSE = { incident: parseIncident, maintenance: parseMaintenance, notice: parseNotice };

/** A refusal the command line prints as it is, then exits 1. */
export class CliError extends Error {}

export interface Workspace {
  dir: string;
  site: Site;
  services: Service[];
  ctx: ParseContext;
}

/** Reads site.yaml and services.yaml: enough to check any one file. */
export function openWorkspace(dir: string): Workspace {
  const read = (name: string) => {
    const file = join(dir, name);
    if (!existsSync(file)) throw new CliError(`${file} is missing; is ${dir} a Statusmark content folder? (use --content DIR)`);
    return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  };
  const site = parseSite(join(dir, 'site.yaml'), read('site.yaml'));
  if (!site.value) throw new CliError(problemsText(site.problems));
  const zone = { timeZone: site.value.timeZone, locale: site.value.locale };
  const services = parseServices(join(dir, 'services.yaml'), read('services.yaml'), zone);
  if (!services.value || services.problems.length) throw new CliError(problemsText(services.problems));
  return { dir, site: site.value, services: services.value.services, ctx: { serviceIds: new Set(services.value.services.map((s) => s.id)), zone } };
}

export function problemsText(problems: Problem[]): string {
  return problems.map(formatProblem).join('\n');
}

/** The file of an existing incident, maintenance or notice, by slug (sub-folders included). */
export function findFile(ws: Workspace, kinds: Kind[], slug: string): { kind: Kind; file: string } {
  const name = slug.replace(/\.md$/, '');
  for (const kind of kinds) {
    const found = walk(join(ws.dir, FOLDER[kind])).find((f) => basename(f, '.md') === name);
    if (found) return { kind, file: found };
  }
  // Forgiving: the slug without its date, when exactly one file matches.
  const undated = kinds.flatMap((kind) => walk(join(ws.dir, FOLDER[kind])).filter((f) => basename(f, '.md').replace(/^\d{4}-\d{2}-\d{2}-/, '') === name).map((file) => ({ kind, file })));
  if (undated.length === 1) return undated[0]!;
  const near = kinds.flatMap((k) => walk(join(ws.dir, FOLDER[k])).map((f) => basename(f, '.md'))).filter((s) => s.includes(name) || name.includes(s.replace(/^\d{4}-\d{2}-\d{2}-/, '')));
  throw new CliError(`no ${kinds.join(' or ')} "${name}" in ${ws.dir}${near.length ? `; did you mean ${near.slice(0, 3).join(', ')}?` : ''}`);
}

/** The Markdown files below a folder, as the loader finds them (its complaints about other files are for validate). */
function walk(folder: string): string[] {
  return markdownFiles(folder, [], (p) => p);
}

/** Reads a file the command line is about to edit, refusing one that does not parse. */
export function readValid(ws: Workspace, kind: Kind, file: string): string {
  const checked = checkText(file, readFileSync(file));
  if (!checked.text) throw new CliError(`${problemsText(checked.problems)}\nnot touching ${file}: fix it by hand first`);
  const parsed = PARSE[kind](file, checked.text, ws.ctx);
  if (parsed.problems.length) throw new CliError(`${problemsText(parsed.problems)}\nnot touching ${file}: fix it by hand first`);
  return checked.text;
}

/** Checks `text` as the build would, then writes it to `file` through a temporary file and a rename. */
export function writeChecked(ws: Workspace, kind: Kind, file: string, text: string): { title: string } {
  const parsed = PARSE[kind](file, text, ws.ctx);
  if (parsed.problems.length || !parsed.value) throw new CliError(`${problemsText(parsed.problems)}\nnothing was written`);
  writeAtomically(file, text);
  return { title: parsed.value.title };
}

/** Writes `file` through a temporary file and a rename, so no reader ever sees half of it. */
export function writeAtomically(file: string, text: string): void {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, text, { flag: 'wx' });
    renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
}

/** A free path for a new file: `name.md`, else `name-2.md`, `name-3.md`, … */
export function freePath(ws: Workspace, kind: Kind, name: string): string {
  const folder = join(ws.dir, FOLDER[kind]);
  const taken = new Set(walk(folder).map((f) => basename(f, '.md')));
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = `${name}-${n}`;
  return join(folder, `${candidate}.md`);
}

/** Stages one file and commits it with `message`. */
export function commit(file: string, message: string): void {
  const cwd = dirname(file);
  try {
    execFileSync('git', ['add', '--', basename(file)], { cwd, stdio: 'pipe' });
    execFileSync('git', ['commit', '--quiet', '-m', message, '--', basename(file)], { cwd, stdio: 'pipe' });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new CliError(`the file was written, but git could not commit it: ${stderr || (error as Error).message}`);
  }
}

export function display(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}
