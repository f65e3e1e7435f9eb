/**
 * Content format changes between releases, and how `statusmark migrate` rewrites a site's
 * files for them. Each migration belongs to the release that made the change, looks at
 * one file, and either leaves it alone (already in the new format) or returns the new
 * text with one line per change for the person who runs it. Validation names the release
 * of a changed field with `changedIn` (releases.ts), so an error after an upgrade says
 * what to run.
 */
import { isMap, parseDocument } from 'yaml';
import { splitUrl } from '../authoring/scaffold.ts';
import { URL_PATH_RELEASE } from './releases.ts';

/** A change a release made to the content format. */
export interface Migration {
  /** The release that changed the format (semver), e.g. 0.2.0. */
  release: string;
  /** The file it rewrites, relative to the content folder. */
  file: string;
  /** What changed, for the CHANGELOG and the command's output. */
  summary: string;
  /** The new text and what changed, or undefined when the file needs nothing. */
  apply(text: string): { text: string; changes: string[] } | undefined;
}

/** 0.2.0: `url: https://acme.github.io/status` becomes `url: https://acme.github.io` and `base: /status/`. */
const urlPathToBase: Migration = {
  release: URL_PATH_RELEASE,
  file: 'site.yaml',
  summary: 'site.yaml: a path in url moves to base (url is the origin only)',
  apply(text) {
    const doc = parseDocument(text);
    if (doc.errors.length || !isMap(doc.contents)) return undefined;
    const url = doc.get('url');
    if (typeof url !== 'string') return undefined;
    // The same split `init` makes of a URL typed with a path (scaffold.ts); a query or fragment goes too.
    const split = splitUrl(url);
    if (!split) return undefined;
    const u = new URL(url);
    if (u.pathname === '/' && !u.search && !u.hash) return undefined;
    const base = split.base;
    const had = doc.get('base');
    doc.set('url', split.url);
    const changes = [`url: ${url} → ${split.url}`];
    if (base === '/') {
      // Only a query or fragment was dropped: base stays as it is.
    } else if (had === undefined || had === null || had === '/' || had === '') {
      doc.set('base', base);
      changes.push(`base: ${base} (the path that was in url)`);
    } else if (`/${String(had).split('/').filter(Boolean).join('/')}/` !== base) {
      changes.push(
        `base: kept ${String(had)}; the path ${base} that was in url is no longer used, check it is the one the page is served under`,
      );
    }
    return { text: doc.toString({ lineWidth: 0 }), changes };
  },
};

/** Every migration, oldest release first. */
export const MIGRATIONS: readonly Migration[] = [urlPathToBase];

/** The result of migrating one file. */
export interface Migrated {
  file: string;
  release: string;
  text: string;
  changes: string[];
}

/**
 * Runs every migration over the files it concerns (`read` gives a file's text, or
 * undefined when absent), each one on the output of the previous. Pure: the caller writes.
 */
export function migrate(read: (file: string) => string | undefined, migrations: readonly Migration[] = MIGRATIONS): Migrated[] {
  const texts = new Map<string, string>();
  const done: Migrated[] = [];
  for (const m of migrations) {
    const text = texts.get(m.file) ?? read(m.file);
    if (text === undefined) continue;
    const result = m.apply(text);
    if (!result) continue;
    texts.set(m.file, result.text);
    done.push({ file: m.file, release: m.release, text: result.text, changes: result.changes });
  }
  return done;
}
