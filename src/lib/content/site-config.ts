/**
 * What astro.config.mjs needs from site.yaml before the build starts: the public
 * URL and the base path. A broken site.yaml falls back to neutral values here and is
 * reported, with its line, by the validation the build runs next.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sendsHsts } from '../outputs/headers.ts';
import { contentDir, readFileAsFile } from './load.ts';
import { parseSite } from './parse.ts';

export function siteConfigForAstro(env: Record<string, string | undefined>, cwd: string = process.cwd()): { site: string; base: string } {
  const { site, base } = siteConfigIn(contentDir(env, cwd));
  return { site, base };
}

/**
 * The same, for a given content folder, with the languages the pages are built in (the default
 * first) and whether the responses carry Strict-Transport-Security.
 */
export function siteConfigIn(dir: string): { site: string; base: string; languages: string[]; hsts: boolean } {
  const file = join(dir, 'site.yaml');
  const neutral = { site: 'http://localhost', base: '/', languages: ['en'], hsts: false };
  if (!existsSync(file)) return neutral;
  // Read as the loader reads it: a pipe, a device or a link out of the folder is left to validation to report.
  const read = readFileAsFile(file, dir, file, dir);
  if (!read.bytes) return neutral;
  const parsed = parseSite(file, read.bytes.toString('utf8').replace(/^\uFEFF/, ''));
  if (!parsed.value) return neutral;
  return { site: parsed.value.url, base: parsed.value.base, languages: parsed.value.languages, hsts: sendsHsts(parsed.value) };
}
