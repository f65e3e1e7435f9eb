import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolders } from '../src/dev/temp.ts';
import { previousReleaseRevision } from './bench-previous.ts';

const tempFolder = tempFolders('bench-previous');
let dir = '';

const git = (...args: string[]) => {
  const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
};

/** Commits package.json at `version` and CHANGELOG.md with `changelog`; returns the commit. */
function commit(version: string, changelog: string): string {
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ version }));
  writeFileSync(join(dir, 'CHANGELOG.md'), changelog);
  git('add', '-A');
  git('commit', '-q', '-m', `at ${version}`);
  return git('rev-parse', 'HEAD');
}

describe('the previous release', () => {
  it('is the commit before the CHANGELOG first had an Unreleased section, without a tag', () => {
    dir = tempFolder();
    git('init', '-q');
    commit('0.2.0', '# Changelog\n\n## 0.2.0\n\n- work\n');
    const released = commit('0.2.0', '# Changelog\n\n## 0.2.0\n\n- work\n- more work\n');
    commit('0.2.0', '# Changelog\n\n## Unreleased\n\n- new\n\n## 0.2.0\n\n- work\n- more work\n');
    commit('0.2.0', '# Changelog\n\n## Unreleased\n\n- new\n- newer\n\n## 0.2.0\n\n- work\n- more work\n');
    expect(previousReleaseRevision(dir)).toBe(released);
  });

  it('is the commit before the latest Unreleased section was opened, after two release cycles', () => {
    dir = tempFolder();
    git('init', '-q');
    commit('0.1.0', '# Changelog\n\n## 0.1.0\n');
    commit('0.1.0', '# Changelog\n\n## Unreleased\n\n- a\n\n## 0.1.0\n');
    commit('0.2.0', '# Changelog\n\n## 0.2.0\n\n- a\n\n## 0.1.0\n');
    const released = commit('0.2.0', '# Changelog\n\n## 0.2.0\n\n- a\n- b\n\n## 0.1.0\n');
    commit('0.2.0', '# Changelog\n\n## Unreleased\n\n- c\n\n## 0.2.0\n\n- a\n- b\n\n## 0.1.0\n');
    commit('0.2.0', '# Changelog\n\n## Unreleased\n\n- c\n- d\n\n## 0.2.0\n\n- a\n- b\n\n## 0.1.0\n');
    expect(previousReleaseRevision(dir)).toBe(released);
  });

  it("is the tag of package.json's version when there is one", () => {
    dir = tempFolder();
    git('init', '-q');
    const tagged = commit('0.2.0', '# Changelog\n\n## 0.2.0\n');
    git('tag', 'v0.2.0');
    commit('0.2.0', '# Changelog\n\n## Unreleased\n\n## 0.2.0\n');
    expect(previousReleaseRevision(dir)).toBe(tagged);
  });

  it('is refused, saying what to do, when neither is found', () => {
    dir = tempFolder();
    git('init', '-q');
    commit('0.1.0', '# Changelog\n');
    expect(() => previousReleaseRevision(dir)).toThrow(/no tag v0\.1\.0 .* --against REV/);
  });
});
