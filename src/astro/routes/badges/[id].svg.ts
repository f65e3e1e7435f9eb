import type { APIRoute, GetStaticPathsOptions } from 'astro';
import { getContentIn, getStatusData } from '../../data.ts';
import { routeContext } from '../../page.ts';
import { statusBadge } from '../../../lib/outputs/badges.ts';
import { svg } from '../../responses.ts';

export function getStaticPaths({ routePattern }: GetStaticPathsOptions) {
  // Each service named as the route's language reads it.
  return getContentIn(routeContext(routePattern).lang).services.map((service) => ({
    params: { id: service.id },
    props: { name: service.name },
  }));
}

/** A service's badge, its status in the route's language. */
export const GET: APIRoute = ({ params, props, locals }) => {
  const { status } = getStatusData();
  return svg(statusBadge(props['name'] as string, status.statuses.get(params['id'] as string) ?? 'operational', locals.statusmark.t));
};
