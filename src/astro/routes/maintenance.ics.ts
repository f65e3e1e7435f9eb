import type { APIRoute } from 'astro';
import { getContentIn, getStatusData } from '../data.ts';
import { maintenanceCalendar } from '../../lib/outputs/calendar.ts';

/** The maintenance calendar in the route's language. */
export const GET: APIRoute = ({ locals }) => {
  const { lang, language } = locals.statusmark;
  return new Response(maintenanceCalendar(getContentIn(lang), getStatusData().clock.now, language), {
    headers: { 'Content-Type': 'text/calendar; charset=utf-8' },
  });
};
