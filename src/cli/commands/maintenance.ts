/** `statusmark maintenance`: schedules a maintenance window, as a new file in content/maintenance/. */
import { messageInLanguages, newFile, titleInLanguages, updateBlock } from '../../lib/authoring/edit.ts';
import { slugify } from '../../lib/content/slug.ts';
import { dayKey, toOffsetIso } from '../../lib/languages/time.ts';
import {
  contentArguments,
  contentUsage,
  done,
  instant,
  required,
  requiredInLanguages,
  show,
  slugSource,
  usageError,
  when,
  workspace,
} from '../authoring.ts';
import type { Summary } from '../command.ts';
import { freePath, writeChecked } from '../content-files.ts';

export const summary: Summary = { forms: ['--title T --from TIME --until TIME --service ID... --message M'] };

export const usage = contentUsage('maintenance', summary);

export async function run(argv: string[]): Promise<number> {
  const { values, texts } = contentArguments(argv, {
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
  if (until <= from) throw usageError(`--until ${show(ws, until)} is not after --from ${show(ws, from)}`);
  const services = (values.service ?? []).map((id) => {
    if (!ws.ctx.serviceIds?.has(id))
      throw usageError(`--service ${id}: not a service; known: ${[...(ws.ctx.serviceIds ?? [])].join(', ')}`);
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
}
