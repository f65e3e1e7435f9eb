// @ts-check
import { defineConfig } from 'astro/config';
import sitemap from '@astrojs/sitemap';
import { statusmark } from './src/integration.ts';
import { siteConfigForAstro } from './src/lib/site-config.ts';

// The public URL and base path come from content/site.yaml (or the folder named
// by STATUSMARK_CONTENT), so staff configure the page in one place.
const { site, base } = siteConfigForAstro(process.env);

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
  // Render a few pages at once so that writing one overlaps rendering the next.
  build: { format: 'directory', inlineStylesheets: 'always', concurrency: 16 },
  // sitemap-index.xml for search engines, from the site's url and base (robots.txt names it).
  integrations: [statusmark(), sitemap({ filter: (page) => !/\/404\/?$/.test(page) })],
  devToolbar: { enabled: false },
  // Markdown is rendered by src/lib/markdown.ts; Astro's own pipeline (and Shiki's inline styles) is unused.
  markdown: { syntaxHighlight: false },
});
