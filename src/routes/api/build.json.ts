import { getContentCommit, getStatusData } from '../../data.ts';
import { json } from '../../responses.ts';
import { buildDocument } from '../../lib/next-change.ts';

/** When this build goes out of date by itself, and which content it was built from (scripts/due.sh reads it). */
export const GET = () => {
  const { all, clock, zone } = getStatusData();
  // All the content, not only what is posted by now: a later-dated update is a coming change.
  return json(buildDocument(all, clock.now, clock.source !== 'clock', zone, getContentCommit()));
};
