import type { APIRoute } from 'astro';
import { getContentIn, getStatusData, routeLanguage } from '../../data.ts';
import { statusBadge } from '../../../lib/outputs/badges.ts';
import { catalogFor } from '../../../lib/languages/languages.ts';
import { svg } from '../../responses.ts';

export function getStaticPaths({ routePattern }: { routePattern: string }) {
  // Each service named as the route's language reads it.
  return getContentIn(routeLanguage(routePattern)).services.map((service) => ({
    params: { id: service.id },
    props: { name: service.name },
  }));
}

/** A service's badge, its status in the route's language. */
export const GET: APIRoute = ({ params, props, routePattern }) => {
  const { status } = getStatusData();
  return svg(
    statusBadge(
      props['name'] as string,
      status.statuses.get(params['id'] as string) ?? 'operational',
      catalogFor(routeLanguage(routePattern)),
    ),
  );
};
