/**
 * The clock: the one place a build's "now" comes from.
 * `STATUSMARK_NOW` (an instant) wins, then `snapshot` in site.yaml, then the real time,
 * which the caller passes in, so this stays a pure function.
 */
import { parseInstant } from '../languages/time.ts';
import type { Content, Site } from './model.ts';
import { asOf } from '../status/status.ts';

export type ClockSource = 'env' | 'snapshot' | 'clock';

export interface Clock {
  now: Date;
  source: ClockSource;
}

export function resolveNow(env: Record<string, string | undefined>, site: Pick<Site, 'snapshot'>, realNow: Date): Clock {
  const fromEnv = env['STATUSMARK_NOW'];
  if (fromEnv !== undefined && fromEnv !== '') {
    const parsed = parseInstant(fromEnv);
    if (!parsed.ok) throw new Error(`STATUSMARK_NOW: ${parsed.message}`);
    return { now: parsed.date, source: 'env' };
  }
  if (site.snapshot) return { now: site.snapshot, source: 'snapshot' };
  return { now: realNow, source: 'clock' };
}

/**
 * The content as it stands at the build's now: the one "content as of now" the build,
 * the command line and the tests share. `full` is the content as loaded.
 */
export function contentNow(full: Content, env: Record<string, string | undefined>, realNow: Date): { content: Content; clock: Clock } {
  const clock = resolveNow(env, full.site, realNow);
  return { content: asOf(full, clock.now), clock };
}
