import type { APIRoute } from 'astro';
import { routeLanguage } from '../data.ts';
import { feedResponse } from '../responses.ts';

/** One entry per incident update, maintenance update and notice, in the route's language. */
export const GET: APIRoute = ({ routePattern }) => feedResponse('rss', routeLanguage(routePattern));
