/** The git pre-commit hook that refuses a commit whose staged content is broken. */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { display } from './content-files.ts';
import { CliError } from './errors.ts';

/** The line that marks a hook as ours: re-installing replaces only a hook that has it. */
const MARK = '# Installed by "npx statusmark install-hook": a commit whose staged content is broken is refused.';
/** The check the hook runs; the line a team adds to a hook of its own to run both. */
const CHECK = 'statusmark validate --staged';
export const HOOK_COMMAND = `npx --no-install ${CHECK}`;

/**
 * Git runs the hook from the repository's root. Where the site's statusmark is installed there,
 * the hook runs it as npx would (node_modules/.bin first on the PATH, so the site's pinned Node
 * runs it) without starting npm first, which costs about a second on every commit.
 */
const DIRECT = `if [ -x node_modules/.bin/statusmark ]; then
  PATH="$PWD/node_modules/.bin:$PATH" exec ${CHECK}
fi
`;

/**
 * Writes `.git/hooks/pre-commit` in the repository at `root`; returns the hook's path.
 * A pre-commit hook that is not ours (another tool's, or the team's own) is kept: it
 * refuses, naming the file and the line to add to it to run both.
 */
export function installHook(root: string): string {
  if (!existsSync(join(root, '.git'))) throw new CliError('run this in the root of the git repository that holds the content');
  const hooks = join(root, '.git', 'hooks');
  mkdirSync(hooks, { recursive: true });
  const hook = join(hooks, 'pre-commit');
  if (existsSync(hook) && !readFileSync(hook, 'utf8').includes(MARK)) {
    throw new CliError(
      `${display(hook)} already exists and was not written by statusmark; it is kept as it is and nothing was changed.\n` +
        `To run both, add this line to it where a failing check should stop the commit:\n  ${HOOK_COMMAND} || exit 1\n` +
        `(or move it away and run "statusmark install-hook" again)`,
    );
  }
  writeFileSync(hook, `#!/bin/sh\n${MARK}\n${DIRECT}exec ${HOOK_COMMAND}\n`);
  chmodSync(hook, 0o755);
  return hook;
}
