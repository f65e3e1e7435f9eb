import type { APIRoute } from 'astro';
import { getContentIn, getStatusData } from '../../data.ts';
import { pageBadge } from '../../../lib/outputs/badges.ts';
import { svg } from '../../responses.ts';

/** The page's badge, its headline in the route's language. */
export const GET: APIRoute = ({ locals }) => {
  const { status } = getStatusData();
  const { lang, t } = locals.statusmark;
  return svg(pageBadge(getContentIn(lang).site.name, status.indicator, status.tone, t));
};
