import type { APIRoute } from 'astro';
import { feedResponse } from '../responses.ts';

/** Statuspage's shape: one entry per incident or maintenance, listing its updates, in the route's language. */
export const GET: APIRoute = ({ locals }) => feedResponse('atom', locals.statusmark, undefined, 'incidents');
