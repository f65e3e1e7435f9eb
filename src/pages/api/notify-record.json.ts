import { json } from '../../api.ts';
import { getStatusData } from '../../data.ts';
import { buildRecord } from '../../lib/notify/record.ts';

export const GET = () => json(buildRecord(getStatusData().content));
