/** The git pre-commit hook that refuses a commit whose staged content is broken. */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from './content-files.ts';

/** Writes `.git/hooks/pre-commit` in the repository at `root`; returns the hook's path. */
export function installHook(root: string): string {
  if (!existsSync(join(root, '.git'))) throw new CliError('run this in the root of the git repository that holds the content');
  const hooks = join(root, '.git', 'hooks');
  mkdirSync(hooks, { recursive: true });
  const hook = join(hooks, 'pre-commit');
  writeFileSync(
    hook,
    '#!/bin/sh\n# Installed by "npx statusmark install-hook": a commit whose staged content is broken is refused.\nexec npx --no-install statusmark validate --staged\n',
  );
  chmodSync(hook, 0o755);
  return hook;
}
