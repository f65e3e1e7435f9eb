/**
 * Sets each request's route data, `Astro.locals.statusmark` (page.ts): the page's or endpoint's
 * language, vocabulary, base paths and content in that language, found once from the route's
 * pattern. Every component and endpoint reads it from there instead of working it out again.
 */
import { defineMiddleware } from 'astro:middleware';
import { routeContext } from './page.ts';

export const onRequest = defineMiddleware((context, next) => {
  context.locals.statusmark = routeContext(context.routePattern);
  return next();
});
