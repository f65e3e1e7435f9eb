import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'tests/**/*.test.ts'],
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
    // Browser tests start Chromium and serve builds; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
