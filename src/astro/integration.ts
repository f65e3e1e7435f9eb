/**
 * The Astro integration, and all a site needs in its astro.config.mjs:
 *
 *     integrations: [statusmark({ content: './content' })]
 *
 * It injects every route of the status page (src/astro/routes/), the route data every page reads
 * (src/astro/route-data.ts), the per-page security policy (src/astro/policy.ts) and the sitemap, takes the site's URL and base path from site.yaml,
 * and validates the content before anything is built, so a bad file fails the build with
 * the same `path:line: field: message` lines as `statusmark validate` (and exit code 1,
 * without a stack trace). It reports how many drafts it left out, and what a pinned
 * clock (`snapshot:`) hides.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import sitemap from '@astrojs/sitemap';
import { siteConfigIn, siteConfigOf } from '../lib/content/site-config.ts';
import { componentsModule, type ComponentName } from '../lib/outputs/components.ts';
import { describeMissingTranslations, languagePrefix } from '../lib/languages/languages.ts';
import { headerRules, headersFile } from '../lib/outputs/headers.ts';
import { paths } from '../lib/outputs/paths.ts';
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { nodeTooOld } from '../cli/node-version.ts';
import { contentDir, loadContentParallel } from '../lib/content/load.ts';
import { chosenRenderWorkers, renderWorkers } from '../lib/content/threads.ts';
import { formatReport } from '../lib/content/problems.ts';
import { count } from '../lib/languages/plural.ts';
import { statusData, type StatusData } from '../lib/status/status-data.ts';
import { shareModel } from './shared-model.ts';
import { describeHidden, futureDated, hiddenAt } from '../lib/content/hidden.ts';

/** A path as the person who ran the build reads it. */
function relativePath(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return rel.startsWith('..') ? abs : rel;
}

/** The integration's options, as a site writes them in astro.config.mjs. */
export interface StatusmarkOptions {
  /**
   * The content folder (site.yaml, services.yaml, incidents/, maintenance/, notices/),
   * relative to the project root. Default `./content`. The environment variable
   * `STATUSMARK_CONTENT`, when set, takes precedence (the benchmark and tests use it).
   */
  content?: string;
  /**
   * Components the site replaces with its own, by name, as paths from the project root
   * (`{ Header: './src/Header.astro' }`). Stable: Header, Footer, ServiceListIntro (the
   * text above the service list); the props each receives are documented in the manual ("Customising").
   */
  components?: Partial<Record<ComponentName, string>>;
}

/** The module the layout imports the replaceable components from. */
const COMPONENTS_MODULE = 'virtual:statusmark/components';

/** The module pages import to learn where the content is: `virtual:statusmark/config`. */
const CONFIG_MODULE = 'virtual:statusmark/config';

/**
 * Routes built once per language (the default at the root, the others under their
 * prefix); every other route is built once, in the default language: the JSON API (as
 * Statuspage defines it), robots.txt, and the 404 page (hosts serve the one 404.html for
 * every missing address; it links to each language's home).
 */
const MONOLINGUAL = /^(api\/|robots\.txt$|404$)/;

/** Routes built only for a site with a sign-up service (`subscriptions:` in site.yaml): where the service sends a visitor it cannot sign up. */
const SIGN_UP_ONLY = paths.subscribeUnavailable().replace(/\/$/, '');

/** A page's URL with one trailing slash, as the sitemap may list it with or without. */
const slashed = (url: string) => url.replace(/\/?$/, '/');

/**
 * Each route file under src/astro/routes/ (found from src/astro/ in this repository and from
 * compiled/astro/ in the package, both two levels below its root), as the pattern Astro's own file router would give it, once per language it is built in. */
function routes(languages: readonly string[], signUp: boolean): { pattern: string; entrypoint: string }[] {
  const root = fileURLToPath(new URL('../../src/astro/routes/', import.meta.url));
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(astro|ts)$/.test(file))
    .map((file) => file.split('\\').join('/'))
    .sort()
    .map((file) => {
      const path = file.replace(/\.(astro|ts)$/, '').replace(/(^|\/)index$/, '');
      return { path, entrypoint: join(root, file) };
    })
    .filter(({ path }) => signUp || path !== SIGN_UP_ONLY)
    .flatMap(({ path, entrypoint }) =>
      (MONOLINGUAL.test(path) ? languages.slice(0, 1) : languages).map((lang) => ({
        pattern: `/${languagePrefix(languages, lang)}${path}`.replace(/\/$/, '') || '/',
        entrypoint,
      })),
    );
}

/**
 * The content, loaded (in parallel) and validated once for the whole build, and its model at
 * the build's one `now` (src/lib/status/status-data.ts), which every page takes (shared-model.ts);
 * a problem stops the build with the same lines as `statusmark validate`. Reports what was read,
 * the drafts left out, missing translations and what the clock hides.
 */
async function validContent(dir: string, publicDir: string, logger: AstroIntegrationLogger): Promise<StatusData> {
  const started = performance.now();
  const result = await loadContentParallel(dir, process.cwd(), { publicDir });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.problems.length || !result.content) {
    // The same lines as `statusmark validate`, and no stack trace: the mistake is in a file, not in the code.
    console.error(`${formatReport(result.problems)}\nContent is not valid; nothing was built.`);
    process.exit(1);
  }
  const drafts = result.content.drafts;
  const skipped = drafts ? `; skipped ${count(drafts, 'draft')} on purpose` : '';
  logger.info(`content valid: ${count(result.files, 'file')} read in ${seconds} s${skipped}`);
  for (const line of describeMissingTranslations(result.content)) logger.info(`translations: ${line}`);
  const model = statusData({ content: result.content, notify: result.notify }, process.env, new Date());
  // Dated ahead of the clock: built, but left off the page; said file by file, as `statusmark validate` does.
  const ahead = futureDated(result.content, model.clock, model.zone);
  if (ahead.length) logger.warn(formatReport(ahead));
  const hidden = describeHidden(hiddenAt(result.content, model.clock.now), model.clock, model.zone, relativePath(join(dir, 'site.yaml')));
  if (hidden) logger.warn(hidden);
  return model;
}

export function statusmark(options: StatusmarkOptions = {}): AstroIntegration {
  let base = '/';
  let hsts = false;
  let formActions: string[] = [];
  let stopSharing = () => {};
  return {
    name: 'statusmark',
    hooks: {
      'astro:config:setup': async ({ logger, command, config, updateConfig, injectRoute, addMiddleware }) => {
        const pinned = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).devDependencies.node as string;
        const tooOld = nodeTooOld(process.version, pinned);
        if (tooOld) throw new Error(tooOld);
        // Checked before the content is read: a mistake here should not wait for a large archive.
        const chosen = chosenRenderWorkers(process.env);
        if (chosen.problem) {
          console.error(chosen.problem);
          process.exit(1);
        }
        const root = fileURLToPath(config.root);
        const dir = process.env['STATUSMARK_CONTENT'] ? contentDir(process.env, root) : resolve(root, options.content ?? 'content');
        const components = componentsModule(
          root,
          options.components ?? {},
          fileURLToPath(new URL('../../src/astro/components/', import.meta.url)),
          existsSync,
        );
        // site.yaml is read once: with the rest of the content (validated before anything is built),
        // or on its own for `astro preview`, which serves a build and loads no content.
        const model = command === 'preview' ? undefined : await validContent(dir, fileURLToPath(config.publicDir), logger);
        // The public URL and base path come from site.yaml, so staff configure the page in one place.
        const site = model ? siteConfigOf(model.all.site) : siteConfigIn(dir);
        // An incident, maintenance or notice is a page in each language: what decides whether render workers pay.
        const pages = model
          ? (model.all.incidents.length + model.all.maintenance.length + model.all.notices.length) * site.languages.length
          : 0;
        const workers = command === 'build' && model ? renderWorkers(pages, chosen.workers, availableParallelism()) : 0;
        if (model) stopSharing = shareModel(dir, model, workers > 0, join(fileURLToPath(config.cacheDir), 'statusmark'));
        base = site.base;
        hsts = site.hsts;
        formActions = site.formActions;
        updateConfig({
          site: site.site,
          base: site.base,
          trailingSlash: 'always',
          // Render a few pages at once so that writing one overlaps rendering the next.
          build: { format: 'directory', inlineStylesheets: 'always', concurrency: 16 },
          // Markdown is rendered by src/lib/content/markdown.ts; Astro's own pipeline (and Shiki's inline styles) is unused.
          markdown: { syntaxHighlight: false },
          devToolbar: { enabled: false },
          // A large archive's pages are rendered on every core; each worker takes the model shared above.
          ...(workers ? { experimental: { parallelPrerender: { workers } } } : {}),
          // sitemap-index.xml for search engines, from the site's url and base (robots.txt names it).
          // Neither the 404 page nor the sign-up failure page is a page to find by search.
          integrations: [
            sitemap({ filter: (page) => !/\/404\/$/.test(slashed(page)) && !slashed(page).endsWith(`/${paths.subscribeUnavailable()}`) }),
          ],
          vite: {
            plugins: [
              {
                name: 'statusmark-config',
                resolveId: (id: string) => (id === CONFIG_MODULE ? `\0${CONFIG_MODULE}` : undefined),
                load: (id: string) => (id === `\0${CONFIG_MODULE}` ? `export const contentDir = ${JSON.stringify(dir)};` : undefined),
              },
              {
                name: 'statusmark-components',
                resolveId: (id: string) => (id === COMPONENTS_MODULE ? `\0${COMPONENTS_MODULE}` : undefined),
                load: (id: string) => (id === `\0${COMPONENTS_MODULE}` ? components : undefined),
              },
            ],
            // Installed from npm, the routes and components are source (.astro, .ts) for Vite to compile, not a dependency to load as it is.
            ssr: { noExternal: ['statusmark'] },
          },
        });
        for (const route of routes(site.languages, site.formActions.length > 0)) injectRoute(route);
        // First each request's route data (Astro.locals.statusmark), last the page's security policy.
        addMiddleware({ entrypoint: new URL('../../src/astro/route-data.ts', import.meta.url), order: 'pre' });
        addMiddleware({ entrypoint: new URL('../../src/astro/policy.ts', import.meta.url), order: 'post' });
      },
      'astro:build:done': ({ dir }) => {
        stopSharing();
        const out = fileURLToPath(dir);
        // Netlify and Cloudflare Pages read dist/_headers; it is written with the site's base path (and HSTS for an https url,
        // and the sign-up form's action in the policy for a site with a sign-up service).
        writeFileSync(join(out, '_headers'), headersFile(headerRules(base, { hsts, formActions })));
      },
    },
  };
}
