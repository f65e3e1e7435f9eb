// @ts-check
// The Statusmark manual: a Starlight site built from this folder by `npm run docs:build`
// (output docs/dist/). starlight-links-validator fails the build on any internal link
// that does not resolve, so a broken manual fails `npm test`.
import { defineConfig, passthroughImageService } from 'astro/config';
import starlight from '@astrojs/starlight';
import starlightLinksValidator from 'starlight-links-validator';

export default defineConfig({
  outDir: './dist',
  // The screenshots are small palette PNGs already; converting them to WebP made them larger.
  image: { service: passthroughImageService() },
  integrations: [
    starlight({
      title: 'Statusmark manual',
      description: 'How to run a static status page with Statusmark: post incidents in Markdown, publish, announce.',
      plugins: [starlightLinksValidator()],
      sidebar: [
        { label: 'Start', items: [{ label: 'Overview', slug: 'index' }, 'run-a-page'] },
        {
          label: 'Tasks',
          items: ['post-and-update', 'languages', 'notify', 'subscriptions', 'alerts', 'hosting', 'moving-in', 'api', 'customising'],
        },
        { label: 'Reference', items: ['status-model', 'validation', 'performance'] },
      ],
    }),
  ],
});
