/** The builds `npm test` makes before Vitest runs (see scripts/test.ts). */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

export function builtSite(name: string): string {
  const dir = join(root, '.test-builds', name);
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`No build at ${dir}. Run "npm test", which builds it before the browser tests.`);
  }
  return dir;
}

/** Every file below `dir`, as paths relative to it, sorted. */
export function filesBelow(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const abs = join(d, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else out.push(relative(dir, abs));
    }
  };
  walk(dir);
  return out.sort();
}

/** The URL paths of every HTML page in a build (`incidents/x/` for `incidents/x/index.html`). */
export function htmlPages(dir: string): string[] {
  return filesBelow(dir)
    .filter((f) => f.endsWith('.html'))
    .map((f) => f.replace(/index\.html$/, ''));
}
