import type { APIRoute } from 'astro';
import { getStatusData } from '../../data.ts';
import { statusBadge } from '../../lib/badges.ts';
import { svg } from '../../responses.ts';

export function getStaticPaths() {
  return getStatusData().content.services.map((service) => ({ params: { id: service.id }, props: { name: service.name } }));
}

export const GET: APIRoute = ({ params, props }) => {
  const { status } = getStatusData();
  return svg(statusBadge(props['name'] as string, status.statuses.get(params['id'] as string) ?? 'operational'));
};
