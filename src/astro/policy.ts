/**
 * Adds each page's own Content-Security-Policy <meta> (src/lib/outputs/csp.ts) as it is rendered:
 * no script at all, only that page's inline stylesheet, by hash, and no form action but the
 * ones the page's own form named while it rendered (`Astro.locals.formActions`, set by
 * SubscribeForm.astro).
 */
import { defineMiddleware } from 'astro:middleware';
import { withPolicy } from '../lib/outputs/csp.ts';

export const onRequest = defineMiddleware(async (context, next) => {
  const response = await next();
  // The dev server injects Vite's client script for live reload; the policy is for built pages.
  if (import.meta.env.DEV || !response.headers.get('content-type')?.startsWith('text/html')) return response;
  // The whole page is rendered once its text is read: a form on it has named its action by then.
  const html = await response.text();
  return new Response(withPolicy(html, context.locals.formActions), { status: response.status, headers: response.headers });
});
