import type { APIRoute } from 'astro';
import { feedResponse } from '../responses.ts';

/** One entry per incident update, maintenance update and notice, in the route's language. */
export const GET: APIRoute = ({ locals }) => feedResponse('atom', locals.statusmark);
