/**
 * Vitest global setup: when the package tests run (STATUSMARK_PACKAGE_TEST=1), packs this
 * repository once with `npm pack` and hands the tarball's path to every test file
 * (`inject('tarball')`). Packing runs `prepack`/`postpack`, which write and remove
 * `compiled/`: two test files packing the same tree at once would pull it from under
 * each other, and packing twice costs a minute.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { npxInstallsOf } from '../src/dev/npx.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The packed tarball's path; empty when the package tests do not run. */
    tarball: string;
  }
}

const root = resolve(import.meta.dirname, '..');

export default function setup(project: TestProject): () => void {
  if (!process.env['STATUSMARK_PACKAGE_TEST']) {
    project.provide('tarball', '');
    return () => {};
  }
  const dir = mkdtempSync(join(tmpdir(), 'statusmark-tarball-'));
  const r = spawnSync('npm', ['pack', '--json', '--pack-destination', dir], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${join(root, 'node_modules', '.bin')}:${process.env['PATH'] ?? ''}` },
  });
  const fail = (why: string): never => {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${why}\n${r.stdout}\n${r.stderr}`);
  };
  if (r.status !== 0) fail(`npm pack exited with ${r.status ?? r.signal}`);
  const [packed] = JSON.parse(r.stdout) as { filename: string }[];
  if (!packed) return fail('npm pack named no tarball');
  const tarball = join(dir, packed.filename);
  project.provide('tarball', tarball);
  return () => {
    rmSync(dir, { recursive: true, force: true });
    // The install `npx statusmark init` made of this run's tarball in npm's cache (230 MB).
    for (const folder of npxInstallsOf(tarball)) rmSync(folder, { recursive: true, force: true });
  };
}
