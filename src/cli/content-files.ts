/**
 * The command line's file handling: finding content files, checking an edit with the
 * build's own parser before it is written, writing atomically, and committing.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, mkdtempSync, openSync, realpathSync, renameSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { markdownFiles, readFileAsFile } from '../lib/content/load.ts';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { lineEnding, withLineEnding } from '../lib/authoring/edit.ts';
import { FOLDER, type Incident, type Kind, type Maintenance, type Notice, type Service, type Site } from '../lib/content/model.ts';
import {
  checkText,
  parseIncident,
  parseMaintenance,
  parseNotice,
  parseServices,
  parseSite,
  type ParseContext,
} from '../lib/content/parse.ts';
import { formatProblem, type Problem } from '../lib/content/problems.ts';
import { CliError } from './errors.ts';

const PARSE = { incident: parseIncident, maintenance: parseMaintenance, notice: parseNotice };
type KindValue = { incident: Incident; maintenance: Maintenance; notice: Notice };

export interface Workspace {
  dir: string;
  site: Site;
  services: Service[];
  ctx: ParseContext;
}

/**
 * The bytes of a file of the content folder `dir`, read as the loader reads them: a folder,
 * a named pipe, a device, a link leading out of the folder or a file over the size limit is
 * refused with its path before anything is read.
 */
export function readContentFile(dir: string, file: string): Buffer {
  const read = readFileAsFile(file, dir, display(file), display(dir));
  if (!read.bytes) throw new CliError(problemsText(read.problems));
  return read.bytes;
}

/** Reads site.yaml and services.yaml: enough to check any one file. */
export function openWorkspace(dir: string): Workspace {
  const read = (name: string) => {
    const file = join(dir, name);
    if (!existsSync(file))
      throw new CliError(
        `${display(file)} is missing; is ${display(dir)} a Statusmark content folder? (run this inside the project, or use --content DIR)`,
      );
    return readContentFile(dir, file)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
  };
  const site = parseSite(display(join(dir, 'site.yaml')), read('site.yaml'));
  if (!site.value) throw new CliError(problemsText(site.problems));
  const zone = { timeZone: site.value.timeZone, locale: site.value.locale };
  const services = parseServices(display(join(dir, 'services.yaml')), read('services.yaml'), { ...zone, languages: site.value.languages });
  if (!services.value || services.problems.length) throw new CliError(problemsText(services.problems));
  return {
    dir,
    site: site.value,
    services: services.value.services,
    ctx: { serviceIds: new Set(services.value.services.map((s) => s.id)), zone, languages: site.value.languages },
  };
}

export function problemsText(problems: Problem[]): string {
  return problems.map(formatProblem).join('\n');
}

/** The file of an existing incident, maintenance or notice, by slug (sub-folders included). */
export function findFile(ws: Workspace, kinds: Kind[], slug: string): Found {
  const name = slug.replace(/\.md$/, '');
  const all = kinds.flatMap((kind) => walk(join(ws.dir, FOLDER[kind])).map((file) => ({ kind, file, slug: basename(file, '.md') })));
  const undated = (s: string) => s.replace(/^\d{4}-\d{2}-\d{2}-/, '');
  const exact = all.find((f) => f.slug === name);
  if (exact) return exact;
  // Forgiving: the slug without its date, or the start of it, when exactly one (open) file matches.
  for (const matches of [
    all.filter((f) => undated(f.slug) === name),
    all.filter((f) => f.slug.startsWith(name) || undated(f.slug).startsWith(name)),
  ]) {
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) {
      const open = matches.filter((f) => isOpen(ws, f));
      if (open.length === 1) return open[0]!;
      const list = (open.length ? open : matches).map((f) => `  ${f.slug}`).join('\n');
      throw new CliError(
        `"${name}" matches ${open.length ? `${open.length} open files` : `${matches.length} files`}; give more of the slug:\n${list}`,
      );
    }
  }
  const near = all.map((f) => f.slug).filter((s) => s.includes(name) || name.includes(undated(s)));
  throw new CliError(
    `no ${kinds.join(' or ')} "${name}" in ${display(ws.dir)}${near.length ? `; did you mean ${near.slice(0, 3).join(', ')}?` : ''}`,
  );
}

export interface Found {
  kind: Kind;
  file: string;
  slug: string;
}

/** Whether a file is still open: an unresolved incident, maintenance not completed, a notice not expired (by what it says, not by the clock). */
function isOpen(ws: Workspace, found: Found): boolean {
  const item = parseFile(ws, found.kind, found.file);
  if (!item) return false;
  if ('started' in item) return !(item as Incident).resolved;
  if ('scheduledUntil' in item) return item.updates[item.updates.length - 1]?.state !== 'completed';
  return (item as Notice).until === undefined;
}

/** A file parsed with the build's parser; undefined when it does not parse. */
function parseFile(ws: Workspace, kind: Kind, file: string): Incident | Maintenance | Notice | undefined {
  const checked = checkText(file, readContentFile(ws.dir, file));
  return checked.text === undefined ? undefined : PARSE[kind](file, checked.text.replace(/\r\n/g, '\n'), ws.ctx).value;
}

/** The open incidents (drafts included) of the folder, each with its file; files that do not parse are left to validate. */
export function openIncidents(ws: Workspace): Incident[] {
  return walk(join(ws.dir, FOLDER.incident))
    .map((file) => parseFile(ws, 'incident', file) as Incident | undefined)
    .filter((i): i is Incident => i !== undefined && !i.resolved);
}

/** The Markdown files below a folder, as the loader finds them (its complaints about other files are for validate). */
function walk(folder: string): string[] {
  return markdownFiles(folder, [], (p) => p);
}

/** A file the command line is about to edit: its text (with LF line endings), its own line ending, and what it says. */
export interface Editing<T> {
  text: string;
  eol: '\r\n' | '\n';
  value: T;
}

/** Reads a file the command line is about to edit, refusing one that does not parse. */
export function readValid<K extends Kind>(ws: Workspace, kind: K, file: string): Editing<KindValue[K]> {
  const checked = checkText(display(file), readContentFile(ws.dir, file));
  if (!checked.text) throw new CliError(`${problemsText(checked.problems)}\nnot touching ${display(file)}: fix it by hand first`);
  const text = withLineEnding(checked.text, '\n');
  const parsed = PARSE[kind](display(file), text, ws.ctx);
  if (parsed.problems.length || !parsed.value)
    throw new CliError(`${problemsText(parsed.problems)}\nnot touching ${display(file)}: fix it by hand first`);
  return { text, eol: lineEnding(checked.text), value: parsed.value as KindValue[K] };
}

/** Checks `text` as the build would, then writes it to `file` (in line ending `eol`) through a temporary file and a rename. */
export function writeChecked(ws: Workspace, kind: Kind, file: string, text: string, eol: '\r\n' | '\n' = '\n'): { title: string } {
  const parsed = PARSE[kind](display(file), text, ws.ctx);
  if (parsed.problems.length || !parsed.value) throw new CliError(`${problemsText(parsed.problems)}\nnothing was written`);
  writeAtomically(file, withLineEnding(text, eol));
  return { title: parsed.value.title };
}

/**
 * Writes `text` to `file` atomically: to a temporary file of this process's own in the same
 * folder (made if missing), flushed to disk, then renamed over it. A reader (or a run after
 * a crash) sees the old file or the new one, never half of one; two processes never share a
 * temporary file, and a write that fails leaves none behind.
 */
export function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, 'wx');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
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

/** Stages one file and commits it with `message`; a refused commit says what to do next. */
export function commit(file: string, message: string): void {
  const cwd = dirname(file);
  try {
    execFileSync('git', ['add', '--', basename(file)], { cwd, stdio: 'pipe' });
  } catch (error) {
    throw new CliError(`${display(file)} is written, but git could not stage it: ${gitError(error)}`);
  }
  try {
    execFileSync('git', ['commit', '--quiet', '-m', message, '--', basename(file)], { cwd, stdio: 'pipe' });
  } catch (error) {
    throw new CliError(
      `${display(file)} is written and staged, but the commit was refused:\n${gitError(error)}\n` +
        `Fix what is listed above (and \`git add\` the files you fix), then run: git commit -m ${JSON.stringify(message)}\n` +
        'Do not re-run this command: the file is already written.',
    );
  }
}

function gitError(error: unknown): string {
  const { stderr, stdout } = error as { stderr?: Buffer; stdout?: Buffer };
  return [stdout?.toString().trim(), stderr?.toString().trim()].filter(Boolean).join('\n') || (error as Error).message;
}

/** Whether git has the file committed as it is: "untracked", "not committed" (staged or changed), or undefined when clean or not in git. */
export function uncommitted(file: string): string | undefined {
  try {
    const status = execFileSync('git', ['status', '--porcelain', '--', basename(file)], {
      cwd: dirname(file),
      stdio: 'pipe',
      encoding: 'utf8',
    }).trim();
    if (status.startsWith('??')) return 'untracked';
    return status ? 'not committed' : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `check` on the content folder as it is staged for the next commit (git's index,
 * or the temporary index of \`git commit -- FILE\`), copied into a temporary folder that
 * is removed afterwards. `check` gets the copy and the working directory to show paths from,
 * so problems name the files as they are in the work tree.
 */
export function withStagedContent<T>(contentDir: string, check: (dir: string, cwd: string) => T): T {
  let top: string;
  try {
    top = execFileSync('git', ['rev-parse', '--show-toplevel'], { stdio: 'pipe', encoding: 'utf8' }).trim();
  } catch (error) {
    throw new CliError(`--staged: not in a git repository: ${gitError(error)}`);
  }
  const rel = relative(realpathSync(top), realpathSync(contentDir));
  if (rel.startsWith('..')) throw new CliError(`--staged: ${display(contentDir)} is not inside the git repository ${top}`);
  const copy = mkdtempSync(join(tmpdir(), 'statusmark-staged-'));
  try {
    const files = execFileSync('git', ['ls-files', '-z', '--', rel || '.'], { cwd: top, stdio: 'pipe', encoding: 'utf8' });
    execFileSync('git', ['checkout-index', `--prefix=${copy}/`, '-z', '--stdin'], { cwd: top, stdio: 'pipe', input: files });
    return check(join(copy, rel), join(copy, relative(realpathSync(top), realpathSync(process.cwd()))));
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** Where paths are shown from: set once the content folder is known (its parent, the project). */
let displayRoot = process.cwd();
export function setDisplayRoot(root: string): void {
  displayRoot = root;
}

/** A path as the person at the terminal reads it: relative to the working directory when it lies in the project. */
export function display(file: string): string {
  const abs = resolve(file);
  const rel = relative(process.cwd(), abs);
  const inProject = !relative(displayRoot, abs).startsWith('..');
  return !rel.startsWith('..') || (inProject && !relative(displayRoot, process.cwd()).startsWith('..')) ? rel || '.' : abs;
}
