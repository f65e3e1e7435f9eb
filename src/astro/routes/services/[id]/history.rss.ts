import type { APIRoute } from 'astro';
import { getStatusData } from '../../../data.ts';
import { feedResponse } from '../../../responses.ts';

export function getStaticPaths() {
  return getStatusData().content.services.map((s) => ({ params: { id: s.id } }));
}

/** What touches one service, in the route's language. */
export const GET: APIRoute = ({ params, locals }) => feedResponse('rss', locals.statusmark, params['id']);
