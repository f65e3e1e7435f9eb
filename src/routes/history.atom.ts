import { feedResponse } from '../responses.ts';

/** Statuspage's shape: one entry per incident or maintenance, listing its updates. */
export const GET = () => feedResponse('atom', undefined, 'incidents');
