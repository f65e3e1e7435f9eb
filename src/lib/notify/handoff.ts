/**
 * What `statusmark notify` hands the subscription service after a deploy: the new build's
 * record cut down to what is new in it (notify's own `diffRecords`, so "new" means the same
 * for subscribers as for every channel), and which of those entries are corrections. The
 * service keys each by notify's delivery id, so handing the same thing over twice sends
 * nothing twice.
 */
import { type Announcement, diffRecords, type PublishedRecord } from './record.ts';

export interface Handoff extends PublishedRecord {
  /** Keys of the entries that correct one announced before (the others are new). */
  corrections: string[];
}

/** The hand-off for what `after` announces over `before`, or undefined when nothing is new. */
export function handoffBody(before: PublishedRecord | null, after: PublishedRecord): Handoff | undefined {
  const announced: Announcement[] = diffRecords(before, after);
  if (!announced.length) return undefined;
  return {
    ...after,
    entries: announced.map((a) => a.entry),
    corrections: announced.filter((a) => a.type === 'correction').map((a) => a.entry.key),
  };
}
