/** `statusmark install-hook`: the git pre-commit hook that runs "validate --staged" (src/cli/hook.ts). */
import { contentArguments, contentUsage } from '../authoring.ts';
import type { Summary } from '../command.ts';
import { display } from '../content-files.ts';
import { installHook } from '../hook.ts';

export const summary: Summary = { forms: ['add a git pre-commit hook that runs "validate --staged"'] };

export const usage = contentUsage('install-hook', summary, {
  synopsis: '',
  more: ['Run it in the root of the git repository that holds the content.'],
});

export async function run(argv: string[]): Promise<number> {
  contentArguments(argv, {});
  const hook = installHook(process.cwd());
  console.log(`installed ${display(hook)}: every commit now runs "statusmark validate --staged" first`);
  return 0;
}
