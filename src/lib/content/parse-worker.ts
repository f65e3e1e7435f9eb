/** A worker thread of `loadContentParallel`: parses its share of the Markdown files. */
import { parentPort, workerData } from 'node:worker_threads';
import { parseFileAt } from './load.ts';
import type { ParseContext } from './parse.ts';

const { jobs, cwd, ctx, root } = workerData as {
  jobs: [Parameters<typeof parseFileAt>[0], string][];
  cwd: string;
  ctx: ParseContext;
  root: string;
};
parentPort?.postMessage(jobs.map(([kind, abs]) => parseFileAt(kind, abs, cwd, ctx, root)));
