import type { APIRoute } from 'astro';
import { routeLanguage } from '../data.ts';
import { feedResponse } from '../responses.ts';

/** Statuspage's shape: one entry per incident or maintenance, listing its updates, in the route's language. */
export const GET: APIRoute = ({ routePattern }) => feedResponse('atom', routeLanguage(routePattern), undefined, 'incidents');
