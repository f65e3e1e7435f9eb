/** The last git commit that touched the content folder, or null when it is not in a git work tree. */
import { spawnSync } from 'node:child_process';

export function contentCommit(dir: string): string | null {
  const result = spawnSync('git', ['log', '-1', '--format=%H', '--', '.'], { cwd: dir, encoding: 'utf8' });
  const sha = result.status === 0 ? result.stdout.trim() : '';
  return /^[0-9a-f]{40}$/.test(sha) ? sha : null;
}
