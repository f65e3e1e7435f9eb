/** `statusmark validate`: checks every content file as the build does (`--staged`: as staged for the next commit). */
import { join } from 'node:path';
import { resolveNow } from '../../lib/content/clock.ts';
import { describeHidden, futureDated, hiddenAt } from '../../lib/content/hidden.ts';
import { loadContent } from '../../lib/content/load.ts';
import { errorsIn, formatReport, strict } from '../../lib/content/problems.ts';
import { describeMissingTranslations } from '../../lib/languages/languages.ts';
import { count } from '../../lib/languages/plural.ts';
import { contentArguments, contentFolder, contentUsage, loaded, shownPath, CONTENT_OPTION } from '../authoring.ts';
import type { Summary } from '../command.ts';
import { display, withStagedContent } from '../content-files.ts';

export const summary: Summary = {
  forms: ['check every file; prints path:line: field: message for each problem'],
  notes: [
    '(--staged: check the content as staged for the next commit, as the hook does;',
    '--translations: say per language how many updates have no text in it;',
    '--strict: a file dated ahead of the clock fails validation, not only a warning)',
  ],
};

export const usage = contentUsage('validate', summary, {
  synopsis: '[--staged] [--translations] [--strict] [--content DIR]',
  more: [
    `Options
${CONTENT_OPTION}`,
  ],
});

export async function run(argv: string[]): Promise<number> {
  const { values } = contentArguments(argv, {
    staged: { type: 'boolean' },
    translations: { type: 'boolean' },
    strict: { type: 'boolean' },
  });
  const dir = contentFolder(values.content);
  const result = values.staged ? withStagedContent(dir, (copy, cwd) => loadContent(copy, cwd)) : loaded(dir);
  const now = result.content ? resolveNow(process.env, result.content.site, new Date()) : undefined;
  // Files dated ahead of the build's clock: warnings, or errors with --strict. Paths as the other problems show them.
  const ahead =
    result.content && now
      ? futureDated(result.content, now, { timeZone: result.content.site.timeZone, locale: result.content.site.locale }).map((p) => ({
          ...p,
          file: shownPath(dir, p.file, values.staged),
        }))
      : [];
  const problems = [...result.problems, ...(values.strict ? strict(ahead) : ahead)];
  if (errorsIn(problems).length || !result.content) {
    console.error(formatReport(problems));
    if (values.staged)
      console.error('The commit was refused: the staged content is not valid. Fix the files, `git add` them, and commit again.');
    return 1;
  }
  if (problems.length) console.error(formatReport(problems));
  const c = result.content;
  console.log(
    `${count(result.files, 'file')} valid${values.staged ? ' (as staged)' : ''}: ${count(c.services.length, 'service')}, ${count(c.incidents.length, 'incident')}, ` +
      `${count(c.maintenance.length, 'maintenance window')}, ${count(c.notices.length, 'notice')}` +
      (c.drafts ? `; ${count(c.drafts, 'draft')} left out on purpose` : ''),
  );
  if (values.translations) for (const line of describeMissingTranslations(c)) console.log(`translations: ${line}`);
  const hidden = describeHidden(
    hiddenAt(c, now!.now),
    now!,
    { timeZone: c.site.timeZone, locale: c.site.locale },
    display(join(dir, 'site.yaml')),
  );
  if (hidden) console.error(hidden);
  return 0;
}
