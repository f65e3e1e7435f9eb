import { getApi, getContentIn, getStatusData } from '../../data.ts';
import { buildRecord } from '../../../lib/notify/record.ts';
import { json } from '../../responses.ts';

export const GET = () => {
  const { content, clock } = getStatusData();
  const api = getApi();
  return json(buildRecord(content, clock.now, { id: api.page.id, status: api.statusDocument().status }, getContentIn));
};
