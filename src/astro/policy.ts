/**
 * Adds each page's own Content-Security-Policy <meta> (src/lib/outputs/csp.ts) as it is rendered:
 * no script at all, and only that page's inline stylesheet, by hash.
 */
import { defineMiddleware } from 'astro:middleware';
import { withPolicy } from '../lib/outputs/csp.ts';

export const onRequest = defineMiddleware(async (_context, next) => {
  const response = await next();
  // The dev server injects Vite's client script for live reload; the policy is for built pages.
  if (import.meta.env.DEV || !response.headers.get('content-type')?.startsWith('text/html')) return response;
  return new Response(withPolicy(await response.text()), { status: response.status, headers: response.headers });
});
