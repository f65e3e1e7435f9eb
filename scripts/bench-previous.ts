/**
 * The previous release, for `npm run bench` to build the same archives with: its tree unpacked
 * from git (`git archive`, nothing of the work tree) and installed from the registry, once per
 * revision, into .bench/previous-<commit>/ (a folder the bench keeps between runs).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface Release {
  /** Its version, from its package.json, and its short commit: "0.2.0 (80e9650)". */
  label: string;
  /** The folder of its installed tree. */
  tree: string;
}

function git(root: string, args: string[]): string {
  const r = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

/**
 * The revision of the previous release: the tag `v<version>` for package.json's version when
 * there is one (tag each release so); else the commit before the CHANGELOG's latest
 * "Unreleased" section was opened, which is where the project, having no tags, last said a
 * release was done. This is an approximation: a change made before that section was opened
 * counts as released. `--against REV` names the release exactly.
 */
export function previousReleaseRevision(root: string): string {
  const version = (JSON.parse(git(root, ['show', 'HEAD:package.json'])) as { version: string }).version;
  const tag = spawnSync('git', ['rev-parse', '--verify', '--quiet', `refs/tags/v${version}^{commit}`], { cwd: root, encoding: 'utf8' });
  if (tag.status === 0) return tag.stdout.trim();
  // The commits that changed how many "## Unreleased" headings the CHANGELOG has, newest first:
  // the newest one that added the heading opened the section open now.
  const heading = /^## Unreleased$/m;
  for (const commit of git(root, ['log', '--format=%H', '-S## Unreleased', '--', 'CHANGELOG.md']).split('\n').filter(Boolean)) {
    const after = heading.test(git(root, ['show', `${commit}:CHANGELOG.md`]));
    const before = spawnSync('git', ['show', `${commit}^:CHANGELOG.md`], { cwd: root, encoding: 'utf8' });
    if (after && !(before.status === 0 && heading.test(before.stdout))) return git(root, ['rev-parse', `${commit}^`]);
  }
  throw new Error(`no tag v${version} and no "Unreleased" section in CHANGELOG.md's history; name a revision with --against REV`);
}

/** `revision` unpacked and installed under `root`/.bench/, or the copy already there. */
export function installRelease(root: string, revision: string): Release {
  const commit = git(root, ['rev-parse', '--verify', `${revision}^{commit}`]);
  const short = commit.slice(0, 7);
  const version = (JSON.parse(git(root, ['show', `${commit}:package.json`])) as { version: string }).version;
  const tree = join(root, '.bench', `previous-${short}`);
  const done = join(tree, 'node_modules', 'astro', 'bin', 'astro.mjs');
  if (!existsSync(done)) {
    rmSync(tree, { recursive: true, force: true });
    mkdirSync(tree, { recursive: true });
    process.stdout.write(`installing the previous release ${version} (${short}) into ${tree}… `);
    const archive = spawnSync('sh', ['-c', 'git archive --format=tar "$1" | tar -x -C "$2"', 'sh', commit, tree], {
      cwd: root,
      encoding: 'utf8',
    });
    if (archive.status !== 0) throw new Error(`unpacking ${short} failed: ${archive.stderr.trim()}`);
    const install = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: tree, encoding: 'utf8', maxBuffer: 1 << 28 });
    if (install.status !== 0 || !existsSync(done)) {
      rmSync(tree, { recursive: true, force: true });
      throw new Error(`npm install of ${short} failed:\n${install.stdout.slice(-2000)}\n${install.stderr.slice(-2000)}`);
    }
    console.log('done');
  }
  return { label: `${version} (${short})`, tree };
}
