/**
 * The build's model (src/lib/status/status-data.ts), computed once by the integration and
 * found by every page: in the thread that computed it through a global, and in Astro's
 * render workers (`experimental.parallelPrerender`) through a file the integration writes
 * (v8's serialization, so Dates and Maps cross as they are) and names in the environment,
 * which each worker is started with. No worker parses the archive again or reads the clock
 * on its own, so every page of a build shows the same moment.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { StatusData } from '../lib/status/status-data.ts';

const GLOBAL = Symbol.for('statusmark.status-data');
/** The environment variable naming the file of the model, for the render workers. */
const FILE_VARIABLE = 'STATUSMARK_SHARED_MODEL';

interface Shared {
  /** The content folder the model was computed from. */
  dir: string;
  data: StatusData;
}

const store = globalThis as unknown as Record<symbol, Shared | undefined>;

/**
 * Shares `data`, the model of the content in `dir`, with the pages rendered in this thread, or,
 * with `workers`, with the render workers started after this instead (this thread renders no
 * page then, and does not keep the model: each worker holds its own copy). Returns a function
 * that removes the file (at the end of the build; the process's exit removes it too).
 */
export function shareModel(dir: string, data: StatusData, workers: boolean): () => void {
  if (!workers) {
    store[GLOBAL] = { dir, data };
    return () => {};
  }
  store[GLOBAL] = undefined;
  const folder = mkdtempSync(join(tmpdir(), 'statusmark-model-'));
  const file = join(folder, 'model.v8');
  writeFileSync(file, serialize({ dir, data } satisfies Shared));
  process.env[FILE_VARIABLE] = file;
  const remove = () => {
    rmSync(folder, { recursive: true, force: true });
    if (process.env[FILE_VARIABLE] === file) delete process.env[FILE_VARIABLE];
  };
  process.once('exit', remove);
  return remove;
}

/** The model shared for the content in `dir`, or undefined when none was (the dev server, a test). */
export function sharedModel(dir: string): StatusData | undefined {
  let shared = store[GLOBAL];
  const file = process.env[FILE_VARIABLE];
  if (!shared && file) store[GLOBAL] = shared = deserialize(readFileSync(file)) as Shared;
  return shared?.dir === dir ? shared.data : undefined;
}
