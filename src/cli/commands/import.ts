/**
 * `statusmark import <cstate|statusfy|statuspage> <path-or-url> [--content DIR] [--dry-run] [--timezone ZONE] [--timeout SECONDS]`:
 * reads another status page's files (or, for Statuspage, its public API), maps them with
 * `src/lib/import/`, checks every file with the build's own parser, then writes the new ones.
 * A file already in the content folder is never replaced. Exit 0 when everything was
 * imported, 1 when something could not be (it is listed) or nothing could be written,
 * 2 for a usage error. A URL is fetched within limits (src/cli/bounded-fetch.ts): `--timeout`
 * seconds (default 30) to connect and for each next piece of an answer, ten times that in all,
 * 32 MiB per document, redirects only on the same host.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CStateError, importCState } from '../../lib/import/cstate.ts';
import { importStatusfy } from '../../lib/import/statusfy.ts';
import { importStatuspage, STATUSPAGE_DOCUMENTS, StatuspageError } from '../../lib/import/statuspage.ts';
import { formatImportReport, planFiles, sourceTextProblems, type FileToWrite, type ImportPlan } from '../../lib/import/write.ts';
import { contentDir, filesInside, loadContent, readFileAsFile } from '../../lib/content/load.ts';
import { checkText, parseIncident, parseMaintenance, parseNotice, parseServices, parseSite } from '../../lib/content/parse.ts';
import { count } from '../../lib/languages/plural.ts';
import { formatReport, type Problem } from '../../lib/content/problems.ts';
import { isTimeZone, type Zone } from '../../lib/languages/time.ts';
import { readArguments } from '../arguments.ts';
import { FETCH_LIMITS, fetchBounded, type FetchLimits } from '../bounded-fetch.ts';
import type { Summary } from '../command.ts';
import { writeAtomically } from '../content-files.ts';
import { CliError } from '../errors.ts';

export const summary: Summary = { forms: ['cstate|statusfy|statuspage PATH-OR-URL [--timezone ZONE] [--dry-run]'] };

export const usage =
  'Usage: statusmark import <cstate|statusfy|statuspage> <path-or-url> [--content DIR] [--dry-run] [--timezone ZONE] [--timeout SECONDS]';

/** The import; a cState or Statuspage source that cannot be read stops it as a CliError too (exit 1). */
export async function run(argv: string[]): Promise<number> {
  try {
    return await importFrom(argv);
  } catch (error) {
    if (error instanceof CStateError || error instanceof StatuspageError) throw new CliError(error.message);
    throw error;
  }
}

async function importFrom(argv: string[]): Promise<number> {
  const { values, positionals } = readArguments(
    argv,
    { content: { type: 'string' }, 'dry-run': { type: 'boolean' }, timezone: { type: 'string' }, timeout: { type: 'string' } },
    true,
    (message) => new CliError(`Usage: ${message}\n${usage}`, 2),
  );
  const [source, from] = positionals;
  if (!source || !from || positionals.length > 2 || !['cstate', 'statusfy', 'statuspage'].includes(source)) throw new CliError(usage, 2);
  if (values.timezone !== undefined && !isTimeZone(values.timezone))
    throw new CliError(`--timezone ${values.timezone}: not an IANA time zone such as Europe/Berlin or UTC`);
  const timeout = values.timeout === undefined ? FETCH_LIMITS.timeoutMs / 1000 : Number(values.timeout);
  if (!(timeout >= 0.1 && timeout <= 3600))
    throw new CliError(
      `--timeout ${values.timeout}: must be a number of seconds from 0.1 to 3600 (default ${FETCH_LIMITS.timeoutMs / 1000})`,
    );
  const limits: FetchLimits = { ...FETCH_LIMITS, timeoutMs: Math.round(timeout * 1000) };
  const dir = values.content ?? contentDir(process.env, process.cwd());
  const existing = readExisting(dir);
  const siteZone = existing.has('site.yaml') ? parseSite('site.yaml', existing.get('site.yaml')!).value?.timeZone : undefined;
  const zoneFor = (name: string): { zone: Zone; zoneFrom: '--timezone' | 'site.yaml' } => {
    const timeZone = values.timezone ?? siteZone;
    if (!timeZone)
      throw new CliError(
        `${name} stores times without a time zone: give --timezone ZONE (e.g. Europe/Berlin), or import into a folder whose site.yaml has timezone:`,
      );
    return { zone: { timeZone, locale: 'en-GB' }, zoneFrom: values.timezone ? '--timezone' : 'site.yaml' };
  };

  let plan: ImportPlan;
  if (source === 'cstate') {
    plan = importCState(
      readTree(from, (f) => f === 'config.yml' || f === 'config.yaml' || /^content\/issues\/.+\.md$/i.test(f)),
      zoneFor('cState'),
    );
  } else if (source === 'statusfy') {
    // The site's folder or its content/ folder; read from the folder given, so a content/ linked elsewhere is refused.
    const prefix = existsSync(join(from, 'content')) ? 'content/' : '';
    const tree = readTree(from, (f) => f.startsWith(prefix) && f.endsWith('.md'));
    plan = importStatusfy(new Map([...tree].map(([path, text]) => [path.slice(prefix.length), text])), zoneFor('Statusfy'));
  } else {
    const timeZone = values.timezone ?? siteZone;
    const { docs, missing } = await statuspageDocuments(from, limits);
    plan = importStatuspage(docs, { ...(timeZone ? { timeZone } : {}), missing });
  }
  const unreadable = sourceTextProblems(plan);
  if (unreadable.length)
    throw new CliError(
      `${formatReport(unreadable)}\nnothing was imported: the source holds characters no page or feed can carry; fix them at the source or in its export`,
    );
  const zone = { timeZone: siteZone ?? plan.site.timezone, locale: 'en-GB' };
  const { files, rows } = planFiles(plan, existing, zone);
  const problems = check(files, existing, zone);
  console.log(formatImportReport(rows));
  if (problems.length) {
    console.error(`${formatReport(problems)}\nnothing was written: these files would not pass validation`);
    return 1;
  }
  if (!values['dry-run']) {
    for (const file of files) writeAtomically(join(dir, file.path), file.text);
  }
  const skipped = rows.filter((r) => r.outcome === 'not imported').length;
  console.log(
    `\n${values['dry-run'] ? 'dry run: would write' : 'wrote'} ${count(files.length, 'file')} in ${dir}; ${count(rows.filter((r) => r.outcome === 'unchanged').length, 'item')} already there; ${count(skipped, 'item')} not imported`,
  );
  if (!values['dry-run']) {
    const loaded = loadContent(dir);
    if (loaded.problems.length) {
      console.error(formatReport(loaded.problems));
      return 1;
    }
  }
  return skipped ? 1 : 0;
}

/** Files refused as they were read (not a file, a link leading out, too large): one line each, nothing imported. */
function refuseUnread(problems: Problem[]): void {
  if (problems.length) throw new CliError(`${formatReport(problems)}\nnothing was imported: these are not files that can be read`);
}

/** Every file the content folder holds now, by path relative to it ('/'-separated). */
function readExisting(dir: string): Map<string, string> {
  if (!existsSync(dir)) return new Map();
  const { files, problems } = filesInside(
    dir,
    (f) => f === 'site.yaml' || f === 'services.yaml' || /^(incidents|maintenance|notices)\//.test(f),
    dir,
  );
  refuseUnread(problems);
  return new Map([...files].map(([path, bytes]) => [path, bytes.toString('utf8')]));
}

/** The files below `root` whose relative path passes `keep`, with their text; nothing outside `root` is read. */
function readTree(root: string, keep: (path: string) => boolean): Map<string, string> {
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new CliError(`${root}: is not a folder`);
  const { files, problems } = filesInside(root, keep, root);
  refuseUnread(problems);
  return new Map([...files].map(([path, bytes]) => [path, bytes.toString('utf8')]));
}

/**
 * The API documents from a folder of saved files or from the page's URL (`<url>/api/v2/<name>`),
 * and each one looked for and not found, with what was tried (the report names them).
 * A single saved file is imported alone: nothing else was looked for.
 */
async function statuspageDocuments(
  from: string,
  limits: FetchLimits,
): Promise<{ docs: Map<string, string>; missing: Map<string, string> }> {
  const docs = new Map<string, string>();
  const missing = new Map<string, string>();
  if (/^https?:\/\//i.test(from)) {
    for (const name of STATUSPAGE_DOCUMENTS) {
      const url = `${from.replace(/\/+$/, '')}/api/v2/${name}`;
      const response = await fetchBounded(url, limits);
      if (response.status === 404) {
        missing.set(name, `${url}: the server answered 404`);
        continue;
      }
      if (response.status < 200 || response.status > 299) throw new CliError(`${url}: the server answered ${response.status}`);
      docs.set(name, response.text);
    }
    return { docs, missing };
  }
  const read = (file: string, root: string) => {
    const result = readFileAsFile(file, root, file, root);
    refuseUnread(result.problems);
    return result.bytes!.toString('utf8');
  };
  if (existsSync(from) && !statSync(from).isDirectory()) {
    docs.set(from.split(/[\\/]/).pop()!, read(from, dirname(from)));
    return { docs, missing };
  }
  for (const name of STATUSPAGE_DOCUMENTS) {
    if (existsSync(join(from, name))) docs.set(name, read(join(from, name), from));
    else missing.set(name, `${join(from, name)}: no such file`);
  }
  if (!docs.size) throw new CliError(`${from}: holds none of ${STATUSPAGE_DOCUMENTS.join(', ')}`);
  return { docs, missing };
}

const PARSE = { incidents: parseIncident, maintenance: parseMaintenance, notices: parseNotice } as const;

/** Checks each new file as the build would, against the site and services after the import. */
function check(files: FileToWrite[], existing: Map<string, string>, zone: Zone): Problem[] {
  const after = new Map(existing);
  for (const f of files) after.set(f.path, f.text);
  const problems: Problem[] = [];
  const site = parseSite('site.yaml', after.get('site.yaml') ?? '');
  problems.push(...site.problems);
  const languages = site.value?.languages ?? null;
  const services = parseServices('services.yaml', after.get('services.yaml') ?? '', { ...zone, ...(languages ? { languages } : {}) });
  problems.push(...services.problems);
  const ctx = { serviceIds: new Set(services.value?.services.map((s) => s.id) ?? []), zone, languages };
  for (const f of files) {
    const kind = f.path.split('/')[0] as keyof typeof PARSE;
    if (!(kind in PARSE)) continue;
    const checked = checkText(f.path, f.text);
    problems.push(...checked.problems, ...PARSE[kind](f.path, f.text, ctx).problems);
  }
  return problems;
}
