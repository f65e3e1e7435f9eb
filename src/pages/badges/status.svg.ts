import { getStatusData } from '../../data.ts';
import { statusBadge } from '../../lib/badges.ts';
import { overallHeadline } from '../../lib/status.ts';

export const GET = () => {
  const { content, snapshot } = getStatusData();
  const svg = statusBadge(content.site.name, snapshot.overall, overallHeadline(snapshot.overall).toLowerCase());
  return new Response(svg, { headers: { 'Content-Type': 'image/svg+xml; charset=utf-8' } });
};
