/** `statusmark resolve SLUG`: closes an incident with a Resolved update and `resolved:`. */
import { addUpdate, messageInLanguages, setFields, updateBlock } from '../../lib/authoring/edit.ts';
import { catalogFor } from '../../lib/languages/languages.ts';
import { toOffsetIso } from '../../lib/languages/time.ts';
import {
  checkOrder,
  contentArguments,
  contentUsage,
  done,
  fileLanguage,
  inLanguages,
  isNewestFirst,
  required,
  show,
  when,
  workspace,
} from '../authoring.ts';
import type { Summary } from '../command.ts';
import { display, findFile, readValid, writeChecked } from '../content-files.ts';
import { CliError } from '../errors.ts';

export const summary: Summary = { forms: ['SLUG [--message M]'] };

export const usage = contentUsage('resolve', summary);

export async function run(argv: string[]): Promise<number> {
  const { values, positionals, texts } = contentArguments(argv, { message: { type: 'string' } });
  const ws = workspace(values.content);
  const found = findFile(ws, ['incident'], required(positionals[0], 'the slug'));
  const { text, eol, value } = readValid(ws, 'incident', found.file);
  const given = inLanguages(ws, 'message', values.message, values.lang, texts.message);
  if (value.resolved) {
    throw new CliError(
      `${display(found.file)} is already resolved (at ${show(ws, value.resolved)}); nothing was written. To change the closing note, edit its Resolved update by hand`,
    );
  }
  const at = when(values.at, ws);
  checkOrder(ws, at, value, value.started, 'incident');
  // Without --message: the closing note in each of the site's languages, from their catalogs.
  const closing = Object.keys(given).length
    ? given
    : Object.fromEntries(ws.site.languages.map((l) => [l, catalogFor(l).ui.incident.resolvedNote]));
  const message = messageInLanguages(closing, fileLanguage(ws, text));
  const edited = addUpdate(
    setFields(text, { resolved: toOffsetIso(at, ws.ctx.zone) }),
    updateBlock('resolved', at, ws.ctx.zone, message),
    isNewestFirst(text),
  );
  const { title } = writeChecked(ws, 'incident', found.file, edited, eol);
  done(ws, found.file, `Incident resolved: ${title}`, values.commit, at);
  return 0;
}
