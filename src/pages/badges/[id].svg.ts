import type { APIRoute } from 'astro';
import { getStatusData } from '../../data.ts';
import { statusBadge } from '../../lib/badges.ts';

export function getStaticPaths() {
  return getStatusData().content.services.map((service) => ({ params: { id: service.id }, props: { name: service.name } }));
}

export const GET: APIRoute = ({ params, props }) => {
  const { snapshot } = getStatusData();
  const svg = statusBadge(props['name'] as string, snapshot.statuses.get(params['id'] as string) ?? 'operational');
  return new Response(svg, { headers: { 'Content-Type': 'image/svg+xml; charset=utf-8' } });
};
