/** `statusmark new`: posts a new incident, as a new file in content/incidents/. */
import { resolve } from 'node:path';
import { messageInLanguages, newFile, titleInLanguages, updateBlock } from '../../lib/authoring/edit.ts';
import { INCIDENT_STATES } from '../../lib/content/model.ts';
import { slugify } from '../../lib/content/slug.ts';
import { dayKey, toOffsetIso } from '../../lib/languages/time.ts';
import { impactOf } from '../../lib/status/status.ts';
import {
  contentArguments,
  contentUsage,
  done,
  impact,
  instant,
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
import { display, freePath, openIncidents, uncommitted, type Workspace, writeChecked } from '../content-files.ts';
import { CliError } from '../errors.ts';

export const summary: Summary = {
  forms: ['--title T --service ID=STATUS... --message M [--impact I] [--state S] [--started TIME] [--draft]'],
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
  if (first === 'resolved') throw usageError('--state resolved: post the incident first, then use "resolve"');
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
