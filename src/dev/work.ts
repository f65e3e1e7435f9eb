/**
 * Helpers for heavy tests on a shared, busy machine: a time limit that grows with the work a
 * test does (pages loaded, cases checked, builds made) instead of a fixed one that a busy
 * machine breaks, and a map that runs a bounded number of async jobs at once.
 */

import { availableParallelism, loadavg } from 'node:os';

/** What a test may always spend on top of its units: starting things, one slow moment. */
export const BASE_BUDGET_MS = 60_000;

/**
 * How much slower than idle the machine is likely to run a test: the processes waiting for a
 * core per core (the 1-minute load average over the cores), at least 1. On a 2-core machine
 * with a load of 24, a test gets about a twelfth of a core's time and takes about 12 times longer.
 */
export function busyFactor(load = loadavg()[0] ?? 0, cores = availableParallelism()): number {
  return Math.max(1, load / Math.max(1, cores));
}

/**
 * A per-test time limit for `units` pieces of work of up to `perUnitMs` each on an idle
 * machine, plus `baseMs`, stretched by how busy the machine is (`busy`, busyFactor() when the
 * test file is collected). The limit is there to end a test that hangs, not to time it
 * (timing is `npm run bench`): `perUnitMs` should be several times what a unit takes idle.
 */
export function budget(units: number, perUnitMs: number, baseMs = BASE_BUDGET_MS, busy = busyFactor()): number {
  if (!Number.isInteger(units) || units < 0) throw new Error(`budget: units must be a whole number ≥ 0, got ${units}`);
  if (!(perUnitMs > 0) || !(baseMs >= 0)) throw new Error(`budget: perUnitMs must be > 0 and baseMs ≥ 0, got ${perUnitMs}, ${baseMs}`);
  if (!(busy >= 1)) throw new Error(`budget: busy must be ≥ 1, got ${busy}`);
  return Math.round((baseMs + units * perUnitMs) * busy);
}

/**
 * `fn` over `items` with at most `limit` calls running at once; the results in the order of
 * `items`. The first rejection rejects the whole (the calls already started still finish
 * before it does, so nothing keeps running behind a failed test).
 */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`mapConcurrently: limit must be a whole number ≥ 1, got ${limit}`);
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failure) {
      const i = next++;
      try {
        results[i] = await fn(items[i] as T, i);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}

/** A fixed limit `ms` for one piece of work, stretched by how busy the machine is (see budget). */
export function stretched(ms: number, busy = busyFactor()): number {
  return budget(0, 1, ms, busy);
}
