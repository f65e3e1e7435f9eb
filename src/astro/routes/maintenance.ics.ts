import type { APIRoute } from 'astro';
import { getContentIn, getStatusData, routeLanguage } from '../data.ts';
import { maintenanceCalendar } from '../../lib/outputs/calendar.ts';
import { languageView } from '../../lib/languages/language-view.ts';

/** The maintenance calendar in the route's language. */
export const GET: APIRoute = ({ routePattern }) => {
  const { content, clock } = getStatusData();
  const lang = routeLanguage(routePattern);
  return new Response(maintenanceCalendar(getContentIn(lang), clock.now, languageView(content.site, lang)), {
    headers: { 'Content-Type': 'text/calendar; charset=utf-8' },
  });
};
