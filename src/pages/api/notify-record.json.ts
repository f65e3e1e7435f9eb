import { getApi, json } from '../../api.ts';
import { getStatusData } from '../../data.ts';
import { buildRecord } from '../../lib/notify/record.ts';

export const GET = () => {
  const { content, clock } = getStatusData();
  const api = getApi();
  return json(buildRecord(content, clock.now, { id: api.page.id, status: api.status().status }));
};
