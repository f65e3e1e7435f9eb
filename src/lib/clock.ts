/**
 * The clock: the one place a build's "now" comes from.
 * `STATUSMARK_NOW` (an instant) wins, then `snapshot` in site.yaml, then the real time,
 * which the caller passes in, so this stays a pure function.
 */
import { parseInstant } from './time.ts';
import type { Site } from './model.ts';

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
