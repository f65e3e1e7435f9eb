/**
 * What astro.config.mjs needs from site.yaml before the build starts: the public
 * URL and the base path. A broken site.yaml falls back to neutral values here and is
 * reported, with its line, by the validation the build runs next.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentDir } from './load.ts';
import { parseSite } from './parse.ts';

export function siteConfigForAstro(env: Record<string, string | undefined>, cwd: string = process.cwd()): { site: string; base: string } {
  return siteConfigIn(contentDir(env, cwd));
}

/** The same, for a given content folder. */
export function siteConfigIn(dir: string): { site: string; base: string } {
  const file = join(dir, 'site.yaml');
  if (!existsSync(file)) return { site: 'http://localhost', base: '/' };
  const parsed = parseSite(file, readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  if (!parsed.value) return { site: 'http://localhost', base: '/' };
  return { site: parsed.value.url, base: parsed.value.base };
}
