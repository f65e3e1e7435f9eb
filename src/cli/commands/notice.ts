/** `statusmark notice`: posts a notice, as a new file in content/notices/, or ends one (`--expire SLUG`). */
import { messageInLanguages, newFile, setFields, titleInLanguages } from '../../lib/authoring/edit.ts';
import { NOTICE_LEVELS } from '../../lib/content/model.ts';
import { slugify } from '../../lib/content/slug.ts';
import { toOffsetIso } from '../../lib/languages/time.ts';
import {
  contentArguments,
  contentUsage,
  done,
  instant,
  requiredInLanguages,
  show,
  slugSource,
  usageError,
  when,
  workspace,
} from '../authoring.ts';
import type { Summary } from '../command.ts';
import { display, findFile, freePath, readValid, writeChecked } from '../content-files.ts';
import { CliError } from '../errors.ts';

export const summary: Summary = {
  forms: ['--title T --message M [--level info|warning] [--from TIME] [--until TIME]', '--expire SLUG'],
};

export const usage = contentUsage('notice', summary);

export async function run(argv: string[]): Promise<number> {
  const { values, texts } = contentArguments(argv, {
    title: { type: 'string' },
    message: { type: 'string' },
    level: { type: 'string' },
    from: { type: 'string' },
    until: { type: 'string' },
    expire: { type: 'string' },
  });
  const ws = workspace(values.content);
  if (values.expire) {
    const found = findFile(ws, ['notice'], values.expire);
    const { text, eol, value } = readValid(ws, 'notice', found.file);
    const at = when(values.at, ws);
    if (value.until && value.until <= at)
      throw new CliError(
        `${display(found.file)} already ended at ${show(ws, value.until)}; nothing was written. To change the end, edit its until: line`,
      );
    if (at < (value.from ?? value.posted))
      throw new CliError(`--at ${show(ws, at)} is before the notice starts (${show(ws, value.from ?? value.posted)}); nothing was written`);
    const { title } = writeChecked(ws, 'notice', found.file, setFields(text, { until: toOffsetIso(at, ws.ctx.zone) }), eol);
    done(ws, found.file, `Notice expired: ${title}`, values.commit);
    return 0;
  }
  const fileLang = ws.site.languages[0] as string;
  const titles = requiredInLanguages(ws, 'title', values.title, values.lang, texts.title);
  const title = Object.values(titles)[0]!.trim();
  const message = messageInLanguages(requiredInLanguages(ws, 'message', values.message, values.lang, texts.message), fileLang);
  const level = values.level ?? 'info';
  if (!(NOTICE_LEVELS as readonly string[]).includes(level))
    throw usageError(`--level ${level}: expected one of ${NOTICE_LEVELS.join(' | ')}`);
  const at = when(values.at, ws);
  const from = values.from ? instant(values.from, '--from', ws.ctx.zone) : at;
  const file = freePath(ws, 'notice', slugify(slugSource(titles)) || 'notice');
  const text = newFile(
    {
      title: titleInLanguages(titles, fileLang),
      level,
      from: toOffsetIso(from, ws.ctx.zone),
      ...(values.until ? { until: toOffsetIso(instant(values.until, '--until', ws.ctx.zone), ws.ctx.zone) } : {}),
    },
    `${message}\n`,
  );
  writeChecked(ws, 'notice', file, text);
  done(ws, file, `Notice: ${title}`, values.commit, at);
  return 0;
}
