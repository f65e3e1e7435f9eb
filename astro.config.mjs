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
});
