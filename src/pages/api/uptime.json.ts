import { getStatusData } from '../../data.ts';
import { json } from '../../api.ts';
import { uptimeDocument } from '../../lib/uptime.ts';
import { getUptime } from '../../uptime.ts';

export const GET = () => {
  const { content, clock } = getStatusData();
  return json(uptimeDocument(content.services, getUptime(), clock.now, content.site.timeZone));
};
