/** `statusmark new`: posts a new incident, as a new file in content/incidents/. */
import { join, resolve } from 'node:path';
import { parseTemplate, type Template } from '../../lib/alerts/template.ts';
import { fromTemplate, messageInLanguages, newFile, titleInLanguages, updateBlock } from '../../lib/authoring/edit.ts';
import { INCIDENT_STATES } from '../../lib/content/model.ts';
import { SLUG, slugify } from '../../lib/content/slug.ts';
import { dayKey, toOffsetIso } from '../../lib/languages/time.ts';
import { impactOf } from '../../lib/status/status.ts';
import {
  contentArguments,
  contentUsage,
  done,
  impact,
  instant,
  inLanguages,
  requiredInLanguages,
  serviceStatuses,
  show,
  slugSource,
  state,
  usageError,
  when,
  workspace,
} from '../authoring.ts';
import type { Summary } from '../command.ts';
import {
  display,
  freePath,
  openIncidents,
  problemsText,
  readContentFile,
  uncommitted,
  type Workspace,
  writeChecked,
} from '../content-files.ts';
import { CliError } from '../errors.ts';

export const summary: Summary = {
  forms: [
    '--title T --service ID=STATUS... --message M [--impact I] [--state S] [--started TIME] [--draft]',
    '--template NAME [--set labels.X=V]... [--title T] [--service ID=STATUS]... [--message M] [...]',
  ],
  notes: [
    '--template NAME: the title, first update, services and impact of content/templates/NAME.md, each',
    '  replaced by the flag given; --set fills a {{ labels.X }} or {{ annotations.X }} it holds',
  ],
};

export const usage = contentUsage('new', summary);

export async function run(argv: string[]): Promise<number> {
  const { values, texts } = contentArguments(argv, {
    title: { type: 'string' },
    service: { type: 'string', multiple: true },
    impact: { type: 'string' },
    state: { type: 'string' },
    message: { type: 'string' },
    started: { type: 'string' },
    draft: { type: 'boolean' },
    template: { type: 'string' },
    set: { type: 'string', multiple: true },
  });
  const ws = workspace(values.content);
  const template = values.template === undefined ? undefined : readTemplate(ws, values.template);
  const timing = () => {
    const at = when(values.at, ws);
    return { at, started: values.started ? instant(values.started, '--started', ws.ctx.zone) : at };
  };
  // A template needs the start ({{ startsAt }}) first; without one, the texts are checked before the clock is read.
  const early = template ? timing() : undefined;
  const filled = template && early ? fromTemplate(template, { ...givenValues(values.set), startsAt: early.started }, ws.site) : undefined;
  if (filled?.missing.length)
    throw usageError(
      `--template ${values.template} uses ${filled.missing.map((m) => `{{ ${m} }}`).join(', ')}: give ${filled.missing.length === 1 ? 'it' : 'each'} with --set, e.g. --set ${filled.missing[0]}=VALUE`,
    );
  const givenTitles = inLanguages(ws, 'title', values.title, values.lang, texts.title);
  const titles =
    filled && !Object.keys(givenTitles).length ? filled.titles : requiredInLanguages(ws, 'title', values.title, values.lang, texts.title);
  const title = Object.values(titles)[0]!.trim();
  const given = serviceStatuses(values.service, ws, false);
  const services = template && !given.length ? Object.entries(template.services) : given;
  const fileLang = ws.site.languages[0] as string;
  const givenMessages = inLanguages(ws, 'message', values.message, values.lang, texts.message);
  const message = messageInLanguages(
    filled && !Object.keys(givenMessages).length
      ? filled.messages
      : requiredInLanguages(ws, 'message', values.message, values.lang, texts.message),
    fileLang,
  );
  const { at, started } = early ?? timing();
  const first = state(values.state ?? filled?.state ?? 'investigating', INCIDENT_STATES);
  if (first === 'resolved') throw usageError('--state resolved: post the incident first, then use "resolve"');
  const chosen = values.impact === undefined ? (template?.impact ?? impactOf(services.map(([, s]) => s))) : impact(values.impact);
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
}

/** `content/templates/NAME.md`, read and checked as validate checks it. */
function readTemplate(ws: Workspace, name: string): Template {
  if (!SLUG.test(name)) throw usageError(`--template ${name}: give the name of a file in templates/ without .md, e.g. slowdown`);
  const file = join(ws.dir, 'templates', `${name}.md`);
  let text: string;
  try {
    text = readContentFile(ws.dir, file).toString('utf8');
  } catch (error) {
    throw new CliError(
      `--template ${name}: ${display(file)} ${(error as Error).message.includes('ENOENT') ? 'does not exist' : (error as Error).message}`,
    );
  }
  const parsed = parseTemplate(display(file), text, ws.ctx);
  if (!parsed.value) throw new CliError(problemsText(parsed.problems));
  return parsed.value;
}

/** `--set labels.instance=db-1` → the values a template is filled with. */
function givenValues(sets: string[] | undefined): { labels: Record<string, string>; annotations: Record<string, string> } {
  const out = { labels: {} as Record<string, string>, annotations: {} as Record<string, string> };
  for (const set of sets ?? []) {
    const m = /^(labels|annotations)\.([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(set);
    if (!m) throw usageError(`--set ${set}: write labels.NAME=VALUE or annotations.NAME=VALUE`);
    out[m[1] as 'labels' | 'annotations'][m[2] as string] = m[3] as string;
  }
  return out;
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
