// @ts-check
// This repository's own site is the demo, and it uses Statusmark exactly as any site does:
// one integration, pointed at the content folder. Everything else (the URL and base path,
// the routes, the sitemap) comes from the integration and content/site.yaml.
import { defineConfig } from 'astro/config';
import { statusmark } from './src/astro/integration.ts';

export default defineConfig({
  integrations: [statusmark({ content: './content' })],
});
