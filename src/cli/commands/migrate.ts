/** `statusmark migrate`: rewrites the content for this release's format (src/lib/content/migrations.ts), saying what changed. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS, migrate } from '../../lib/content/migrations.ts';
import { contentArguments, contentFolder, contentUsage, CONTENT_OPTION } from '../authoring.ts';
import type { Summary } from '../command.ts';
import { display, writeAtomically } from '../content-files.ts';

export const summary: Summary = { forms: ["[--dry-run]  rewrite the content for this release's format, saying what changed"] };

export const usage = contentUsage('migrate', summary, {
  synopsis: '[--dry-run] [--content DIR]',
  more: [
    `Options
  --dry-run      say what would change; write nothing
${CONTENT_OPTION}`,
  ],
});

export async function run(argv: string[]): Promise<number> {
  const { values } = contentArguments(argv, { 'dry-run': { type: 'boolean' } });
  const dir = contentFolder(values.content);
  const done = migrate((file) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : undefined));
  if (!done.length) {
    console.log(
      `nothing to migrate: ${display(dir)} is in the format of this release (${MIGRATIONS.map((m) => m.release).join(', ')} checked)`,
    );
    return 0;
  }
  for (const m of done) {
    if (!values['dry-run']) writeAtomically(join(dir, m.file), m.text);
    console.log(
      `${display(join(dir, m.file))} (format of ${m.release})${values['dry-run'] ? ', not written (--dry-run)' : ''}:\n${m.changes.map((c) => `  ${c}`).join('\n')}`,
    );
  }
  return 0;
}
