/**
 * `astro build` of this repository's site into a folder, as a child process that does not
 * block the test's event loop, so a test can run several builds at once (with
 * mapConcurrently from ./work.ts) and keep serving or waiting meanwhile.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/**
 * Astro builds to run at once in scripts/test.ts: a build is mostly one busy thread with pauses
 * for the disk, so two on two cores finish sooner than one after the other.
 */
export const BUILDS_AT_ONCE = 2;

export interface AstroBuild {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Builds into `outDir` (absolute) with `env` added to the environment (STATUSMARK_CONTENT,
 * STATUSMARK_NOW, TZ …), from a working directory of its own inside the repository, with the
 * repository as Astro's root. Astro renders the pages of a build whose output folder is not
 * inside its working directory in `<cwd>/.astro/.prerender/`, and removes that folder when it
 * ends; that folder must be inside the repository, where the rendering code finds the
 * packages in node_modules/. A working directory per build keeps builds that run at once, from
 * any test file, out of each other's way. Paths in its messages are absolute.
 */
export async function astroBuild(outDir: string, env: Record<string, string>): Promise<AstroBuild> {
  if (!isAbsolute(outDir)) throw new Error(`astroBuild: the output folder must be an absolute path, not ${outDir}`);
  mkdirSync(BUILD_DIRS, { recursive: true });
  const cwd = mkdtempSync(join(BUILD_DIRS, 'build-'));
  try {
    return await build(outDir, cwd, env);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** Where the builds' own working directories are made (and removed after each). */
const BUILD_DIRS = join(root, '.test-builds', 'working-directories');

/**
 * The variables Vitest sets in its workers for the code it tests (NODE_ENV=test, MODE, DEV,
 * PROD, SSR, BASE_URL, TEST, VITEST…). A build must not inherit them: with NODE_ENV=test Astro
 * builds as for development, which is not the site users get (the pages lack their
 * content-security-policy meta tag) and renders about 8 times slower (measured: the naughty
 * corpus, 52 pages, 22 s against 2.8 s).
 */
export const VITEST_VARIABLES = /^(VITEST|VITE_|BASE_URL$|MODE$|DEV$|PROD$|SSR$|NODE_ENV$|TEST$)/;

/** `env` without the variables Vitest sets for the code it tests (VITEST_VARIABLES). */
export function withoutVitest(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => !VITEST_VARIABLES.test(e[0]) && e[1] !== undefined));
}

/** `astro build` into `outDir`, from `cwd`. */
function build(outDir: string, cwd: string, env: Record<string, string>): Promise<AstroBuild> {
  return spawnBuild([join(root, 'node_modules/.bin/astro'), 'build', '--root', root, '--outDir', outDir], cwd, env);
}

/**
 * Runs `command` (a program, then its arguments) from `cwd` with the test's environment,
 * without Vitest's variables, the shell's content, clock and render workers, and with `env` added.
 */
function spawnBuild([command, ...args]: string[], cwd: string, env: Record<string, string>): Promise<AstroBuild> {
  // The content, the clock and the render workers come from `env` alone, never from the shell that ran the tests.
  const {
    STATUSMARK_CONTENT: _content,
    STATUSMARK_NOW: _now,
    STATUSMARK_RENDER_WORKERS: _workers,
    STATUSMARK_SHARED_MODEL: _model,
    ...inherited
  } = withoutVitest(process.env);
  return new Promise((done, fail) => {
    const child = spawn(command!, args, {
      cwd,
      env: { ...inherited, ASTRO_TELEMETRY_DISABLED: '1', ...env },
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

export interface PlannedBuild {
  /** The output folder (absolute). */
  outDir: string;
  /** Added to the environment of this build alone (STATUSMARK_CONTENT, STATUSMARK_NOW …). */
  env: Record<string, string>;
}

/**
 * Several builds, one after another in one Node process (./astro-build-runner.ts): Astro's
 * start-up, about 3 s of CPU time and most of a small site's build, is paid once, and each
 * build after the first takes about 1 s. For builds of the same site at several clocks;
 * the machine's zone is the process's, the same for all. Each result has the status of its
 * build: 0, or 1 with Astro's error in `stderr`.
 */
export async function astroBuilds(builds: PlannedBuild[]): Promise<AstroBuild[]> {
  for (const b of builds)
    if (!isAbsolute(b.outDir)) throw new Error(`astroBuilds: the output folder must be an absolute path, not ${b.outDir}`);
  mkdirSync(BUILD_DIRS, { recursive: true });
  const cwd = mkdtempSync(join(BUILD_DIRS, 'builds-'));
  try {
    const plan = join(cwd, 'builds.json');
    writeFileSync(plan, JSON.stringify(builds));
    const ran = await spawnBuild([process.execPath, join(import.meta.dirname, 'astro-build-runner.ts'), plan, root], cwd, {});
    const results = new Map<number, AstroBuild>();
    for (const [, index, status, message] of ran.stdout.matchAll(/^statusmark-build (\d+) (\d) (.*)$/gm))
      results.set(Number(index), { status: Number(status), signal: null, stdout: '', stderr: JSON.parse(message!) as string });
    // A build the process did not report (it ended first) failed with the process's output.
    return builds.map((_, i) => results.get(i) ?? { status: null, signal: ran.signal, stdout: ran.stdout, stderr: ran.stderr });
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}
