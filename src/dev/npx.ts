/** Where `npx --package=<tarball>` installed a tarball: npm's cache, `_npx/<hash>/`. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The folders npx installed `tarball` into (each `_npx/<hash>/` of npm's cache has a
 * package.json naming the packages it holds). Each run of the tests packs a tarball at a new
 * path, so each would leave an install of about 230 MB behind: the tests remove them.
 */
export function npxInstallsOf(tarball: string): string[] {
  const asked = spawnSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' });
  const cache = join(asked.status === 0 && asked.stdout.trim() ? asked.stdout.trim() : join(homedir(), '.npm'), '_npx');
  if (!existsSync(cache)) return [];
  return readdirSync(cache)
    .map((name) => join(cache, name))
    .filter((folder) => {
      try {
        const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { _npx?: { packages?: string[] } };
        return pkg._npx?.packages?.includes(tarball) ?? false;
      } catch {
        return false;
      }
    });
}
