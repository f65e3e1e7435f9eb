import type { APIRoute } from 'astro';
import { getStatusData } from '../../../data.ts';
import { feedResponse } from '../../../responses.ts';

export function getStaticPaths() {
  return getStatusData().content.services.map((s) => ({ params: { id: s.id } }));
}

export const GET: APIRoute = ({ params }) => feedResponse('atom', params['id']);
