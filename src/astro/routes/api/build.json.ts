import { getContentCommit, getStatusData } from '../../data.ts';
import { json } from '../../responses.ts';
import { buildDocument } from '../../../lib/status/next-change.ts';

/** When this build goes out of date by itself, and which content it was built from (src/cli/due.sh reads it). */
export const GET = () => {
  const { all, clock, zone } = getStatusData();
  // All the content, not only what is posted by now: a later-dated update is a coming change.
  // Only `snapshot:` pins the page for good; a build run at STATUSMARK_NOW (a rehearsal, a
  // test) still says when its page would next change.
  return json(buildDocument(all, clock.now, clock.source === 'snapshot', zone, getContentCommit()));
};
