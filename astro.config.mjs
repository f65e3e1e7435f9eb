// @ts-check
import { defineConfig } from 'astro/config';
import { statusmark } from './src/integration.ts';
import { siteConfigForAstro } from './src/lib/site-config.ts';

// The public URL and base path come from content/site.yaml (or the folder named
// by STATUSMARK_CONTENT), so staff configure the page in one place.
const { site, base } = siteConfigForAstro(process.env);

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
  build: { format: 'directory', inlineStylesheets: 'always' },
  integrations: [statusmark()],
  devToolbar: { enabled: false },
  // Markdown is rendered by src/lib/markdown.ts; Astro's own pipeline (and Shiki's inline styles) is unused.
  markdown: { syntaxHighlight: false },
  // Each page carries a Content-Security-Policy with the hashes of its inline styles and
  // no script source at all; public/_headers adds what only a header can (frame-ancestors).
  security: {
    csp: {
      directives: ["default-src 'none'", "img-src 'self' data:", "base-uri 'none'", "form-action 'none'"],
    },
  },
});
