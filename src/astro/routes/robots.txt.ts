import { getStatusData } from '../data.ts';
import { robotsTxt } from '../../lib/outputs/robots.ts';

export const GET = () => {
  const { site } = getStatusData().content;
  return new Response(robotsTxt(site.url, site.base), { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
};
