/**
 * How many threads a build uses: the one rule for the content's parse workers and Astro's
 * render workers alike, and the `STATUSMARK_RENDER_WORKERS` setting that overrides it.
 */

/**
 * How many worker threads a build takes on a machine of `cores` cores: all cores but one (the
 * main thread assembles what they return, and writes the pages), and none on a machine of
 * two. Measured on two cores (10,000 incidents; the manual's Performance page has the figures):
 * two parse workers read the archive no sooner than one thread (4.0 s against 4.1 s), with 30 %
 * more CPU time and 40 % more memory; two render workers built it in 25.7 to 30.1 s against
 * 26.8 to 26.9 s on one thread on an idle machine, with 0.5 to 0.6 GB more memory, and took
 * up to 1.8 times as long on a busy one.
 */
export function workerThreads(cores: number): number {
  return cores > 2 ? cores - 1 : 0;
}

/** Below this many pages, one thread renders a site sooner than render workers would (each loads the page bundle and the model first). */
export const PARALLEL_FROM_PAGES = 2000;

/** The most render workers `STATUSMARK_RENDER_WORKERS` may ask for: more than a few per core only costs memory. */
export const MAX_RENDER_WORKERS = 64;

/**
 * `STATUSMARK_RENDER_WORKERS` as a number of render workers; undefined when it is not set, or
 * a message saying what is wrong with it.
 */
export function chosenRenderWorkers(env: Record<string, string | undefined>): { workers?: number; problem?: string } {
  const chosen = env['STATUSMARK_RENDER_WORKERS'];
  if (chosen === undefined || chosen === '') return {};
  const n = /^\d{1,3}$/.test(chosen) ? Number(chosen) : Number.NaN;
  if (!(n <= MAX_RENDER_WORKERS))
    return {
      problem: `STATUSMARK_RENDER_WORKERS: "${chosen}" is not a number of render workers from 0 (one thread) to ${MAX_RENDER_WORKERS}`,
    };
  return { workers: n };
}

/**
 * How many render workers a build of `pages` pages gets: the number chosen
 * (`chosenRenderWorkers`), else the machine's `workerThreads` from PARALLEL_FROM_PAGES pages, none below.
 */
export function renderWorkers(pages: number, chosen: number | undefined, cores: number): number {
  if (chosen !== undefined) return chosen;
  return pages >= PARALLEL_FROM_PAGES ? workerThreads(cores) : 0;
}
