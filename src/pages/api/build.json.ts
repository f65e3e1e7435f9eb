import { getStatusData } from '../../data.ts';
import { json } from '../../api.ts';
import { contentCommit } from '../../content-commit.ts';
import { contentDir, loadContentOnce } from '../../lib/load.ts';
import { buildDocument } from '../../lib/next-change.ts';

/** When this build goes out of date by itself, and which content it was built from (scripts/due.sh reads it). */
export const GET = () => {
  const { clock, zone } = getStatusData();
  const dir = contentDir(process.env, process.cwd());
  // All the content, not only what is posted by now: a later-dated update is a coming change.
  // getStatusData() above has already stopped the build when the content has problems.
  const all = loadContentOnce(dir).content!;
  return json(buildDocument(all, clock.now, clock.source !== 'clock', zone, contentCommit(dir)));
};
