/**
 * `astro build` of this repository's site into a folder, as a child process that does not
 * block the test's event loop, so a test can run several builds at once (with
 * mapConcurrently from ./work.ts) and keep serving or waiting meanwhile.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/**
 * Astro builds to run at once in scripts/test.ts: a build is mostly one busy thread with pauses
 * for the disk, so two on two cores finish sooner than one after the other. Safe there because
 * each builds into .test-builds/, inside the repository, and so renders in its own folder; builds
 * into folders outside it share <root>/.astro/.prerender/ and must not overlap (vitest.config.ts).
 */
export const BUILDS_AT_ONCE = 2;

export interface AstroBuild {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Builds into `outDir` with `env` added to the environment (STATUSMARK_CONTENT, STATUSMARK_NOW, TZ …). */
export function astroBuild(outDir: string, env: Record<string, string>): Promise<AstroBuild> {
  return new Promise((done, fail) => {
    const child = spawn(join(root, 'node_modules/.bin/astro'), ['build', '--outDir', outDir], {
      cwd: root,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', fail);
    child.on('close', (status, signal) => done({ status, signal, stdout, stderr }));
  });
}
