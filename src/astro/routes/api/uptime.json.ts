import { getStatusData, getUptime } from '../../data.ts';
import { json } from '../../responses.ts';
import { uptimeDocument } from '../../../lib/status/uptime.ts';

export const GET = () => {
  const { content, clock } = getStatusData();
  return json(uptimeDocument(content.services, getUptime(), clock.now, content.site.timeZone));
};
