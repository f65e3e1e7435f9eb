/** The builds `npm test` makes before Vitest runs (see scripts/test.ts). */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { filesBelow } from '../../src/dev/files.ts';

const root = resolve(import.meta.dirname, '../..');

export function builtSite(name: string): string {
  const dir = join(root, '.test-builds', name);
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`No build at ${dir}. Run "npm test", which builds it before the browser tests.`);
  }
  return dir;
}

export { filesBelow };

/**
 * How many HTML pages a build has, for sizing a test's time limit before the test runs; 0 when
 * the build is missing (the test's `builtSite` then says so).
 */
export function pageCount(name: string): number {
  const dir = join(root, '.test-builds', name);
  return existsSync(join(dir, 'index.html')) ? htmlPages(dir).length : 0;
}

/** The URL paths of every HTML page in a build (`incidents/x/` for `incidents/x/index.html`). */
export function htmlPages(dir: string): string[] {
  return filesBelow(dir)
    .filter((f) => f.endsWith('.html'))
    .map((f) => f.replace(/index\.html$/, ''));
}
