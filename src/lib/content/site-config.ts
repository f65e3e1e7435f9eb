/**
 * What astro.config.mjs needs from site.yaml before the build starts: the public
 * URL and the base path. A broken site.yaml falls back to neutral values here and is
 * reported, with its line, by the validation the build runs next.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sendsHsts } from '../outputs/headers.ts';
import { formActionSources } from '../outputs/subscribe.ts';
import { contentDir, readFileAsFile } from './load.ts';
import { parseSite } from './parse.ts';
import type { Site } from './model.ts';

export function siteConfigForAstro(env: Record<string, string | undefined>, cwd: string = process.cwd()): { site: string; base: string } {
  const { site, base } = siteConfigIn(contentDir(env, cwd));
  return { site, base };
}

/** What the Astro config takes from site.yaml: the URL, the base path, the languages, HSTS and the sign-up form's targets. */
export interface SiteConfig {
  site: string;
  base: string;
  /** The languages the pages are built in, the default first. */
  languages: string[];
  /** Whether the responses carry Strict-Transport-Security. */
  hsts: boolean;
  /** Where the sign-up form may post (`formActionSources`); empty when site.yaml names no sign-up service. */
  formActions: string[];
  /** The sign-up service site.yaml names (`subscriptions.url`), for notify's hand-off; absent without one. */
  serviceUrl?: string;
}

/** The config from site.yaml as the content load parsed it (a build reads site.yaml once, with the content). */
export function siteConfigOf(site: Site): SiteConfig {
  return {
    site: site.url,
    base: site.base,
    languages: site.languages,
    hsts: sendsHsts(site),
    formActions: formActionSources(site),
    ...(site.subscriptions ? { serviceUrl: site.subscriptions.url } : {}),
  };
}

/**
 * The same, read from a given content folder's site.yaml, for what loads no content (`astro
 * preview`, the development scripts).
 */
export function siteConfigIn(dir: string): SiteConfig {
  const file = join(dir, 'site.yaml');
  const neutral = { site: 'http://localhost', base: '/', languages: ['en'], hsts: false, formActions: [] };
  if (!existsSync(file)) return neutral;
  // Read as the loader reads it: a pipe, a device or a link out of the folder is left to validation to report.
  const read = readFileAsFile(file, dir, file, dir);
  if (!read.bytes) return neutral;
  const parsed = parseSite(file, read.bytes.toString('utf8').replace(/^\uFEFF/, ''));
  return parsed.value ? siteConfigOf(parsed.value) : neutral;
}
