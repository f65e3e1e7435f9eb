import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { stretched } from './src/dev/work.ts';

export default defineConfig({
  test: {
    exclude: ['**/node_modules/**', 'tests/fixtures/**'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // The unit tests beside src/lib (and scripts/) import modules and call them: no child
          // process, no environment changed, no mock. They share their worker's modules instead
          // of importing everything again for each file: 70 files took 55 CPU-s isolated, 19 shared.
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          // These files start servers, browsers and child processes, each in its own temporary
          // folder, and change nothing of their worker's process that they do not restore
          // (workflow.test.ts puts TMPDIR back): they share their worker's modules too. Imported
          // again for each of its 70 files, a run spent about a minute of CPU time on imports.
          isolate: false,
          // The package test packs and npm-installs a site (minutes): `npm test` runs it (STATUSMARK_PACKAGE_TEST=1),
          // a plain `vitest run` does not; run it alone with STATUSMARK_PACKAGE_TEST=1 npx vitest run tests/package.
          // The lifecycle test (a team's first month on a site installed from the tarball) likewise.
          exclude: [
            '**/node_modules/**',
            'tests/fixtures/**',
            ...(process.env['STATUSMARK_PACKAGE_TEST'] ? [] : ['tests/package/package.test.ts', 'tests/lifecycle/**']),
          ],
          // Packs the tarball once for both (tests/tarball.setup.ts).
          globalSetup: ['tests/tarball.setup.ts'],
        },
      },
    ],
    // Test files run side by side. Each file's Astro builds go through src/dev/astro-build.ts,
    // which runs every build from a working directory of its own, so builds from several files
    // never share a rendering folder. Three workers keep both cores busy while one file waits
    // on a browser, a child process or the disk.
    maxWorkers: 3,
    // The command-line tests start Node a few hundred times: Node's compile cache (which
    // bin/statusmark.js enables for users) saves about 0.4 s of CPU time each. Kept in the
    // repository's test folder, not in the system's temporary folder.
    env: { NODE_COMPILE_CACHE: fileURLToPath(new URL('./.test-builds/compile-cache', import.meta.url)) },
    // Browser tests start Chromium and serve builds; give them room on a 2-core machine, and more
    // when the machine is busy (stretched by its load per core when the run starts).
    testTimeout: stretched(60_000),
    hookTimeout: stretched(60_000),
  },
});
