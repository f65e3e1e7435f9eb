/**
 * The build's model (src/lib/status/status-data.ts), computed once by the integration and
 * found by every page: in the thread that computed it through a global, and in Astro's
 * render workers (`experimental.parallelPrerender`) through a file the integration writes
 * (v8's serialization, so Dates and Maps cross as they are) and names in the environment,
 * which each worker is started with. No worker parses the archive again or reads the clock
 * on its own, so every page of a build shows the same moment.
 *
 * The file is in Astro's cache folder, named by the build's process: removed when the build
 * ends, when its process exits, and by the next build if the process was killed.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { alive } from '../cli/processes.ts';
import type { StatusData } from '../lib/status/status-data.ts';

const GLOBAL = Symbol.for('statusmark.status-data');
/** The environment variable naming the file of the model, for the render workers. */
export const MODEL_FILE_VARIABLE = 'STATUSMARK_SHARED_MODEL';
const FILE = /^model-(\d+)\.v8$/;

interface Shared {
  /** The content folder the model was computed from. */
  dir: string;
  data: StatusData;
}

/** Models shared in this thread, by content folder. */
const store = globalThis as unknown as Record<symbol, Map<string, StatusData> | undefined>;

/**
 * Shares `data`, the model of the content in `dir`, with the pages rendered in this thread, or,
 * with `workers`, with the render workers started after this instead: this thread renders no
 * page then and does not keep the model (each worker holds its own copy), and the file is
 * written in `folder`. Returns a function that removes the file at the end of the build.
 */
export function shareModel(dir: string, data: StatusData, workers: boolean, folder: string): () => void {
  const models = (store[GLOBAL] ??= new Map());
  if (!workers) {
    models.set(dir, data);
    return () => {};
  }
  models.delete(dir);
  mkdirSync(folder, { recursive: true });
  // A build killed before its end (Ctrl-C, a cancelled job) left its file: the next one removes it.
  for (const name of readdirSync(folder)) {
    const pid = Number(FILE.exec(name)?.[1]);
    if (pid && pid !== process.pid && !alive(pid)) rmSync(join(folder, name), { force: true });
  }
  const file = join(folder, `model-${process.pid}.v8`);
  writeFileSync(file, serialize({ dir, data } satisfies Shared));
  process.env[MODEL_FILE_VARIABLE] = file;
  const remove = () => {
    rmSync(file, { force: true });
    if (process.env[MODEL_FILE_VARIABLE] === file) delete process.env[MODEL_FILE_VARIABLE];
  };
  process.once('exit', remove);
  return remove;
}

/** The model shared for the content in `dir`, or undefined when none was. */
export function sharedModel(dir: string): StatusData | undefined {
  const models = (store[GLOBAL] ??= new Map());
  const file = process.env[MODEL_FILE_VARIABLE];
  if (!models.has(dir) && file) {
    const shared = deserialize(readFileSync(file)) as Shared;
    models.set(shared.dir, shared.data);
  }
  return models.get(dir);
}
