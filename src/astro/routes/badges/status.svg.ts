import type { APIRoute } from 'astro';
import { getContentIn, getStatusData, routeLanguage } from '../../data.ts';
import { pageBadge } from '../../../lib/outputs/badges.ts';
import { catalogFor } from '../../../lib/languages/languages.ts';
import { svg } from '../../responses.ts';

/** The page's badge, its headline in the route's language. */
export const GET: APIRoute = ({ routePattern }) => {
  const { status } = getStatusData();
  const lang = routeLanguage(routePattern);
  return svg(pageBadge(getContentIn(lang).site.name, status.indicator, status.tone, catalogFor(lang)));
};
