import { getStatusData } from '../data.ts';
import { maintenanceCalendar } from '../lib/calendar.ts';

export const GET = () => {
  const { content, clock } = getStatusData();
  return new Response(maintenanceCalendar(content, clock.now), { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
};
