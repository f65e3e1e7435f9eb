/** Temporary folders for tests: each test file removes every folder it made, whether its tests pass or fail. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { stretched } from './work.ts';

/** Call at the top of a test file; the returned function makes a `statusmark-<prefix>-…` folder. */
export function tempFolders(prefix: string): () => string {
  const made: string[] = [];
  // A site installed by the package test holds a whole node_modules: on a busy machine removing it
  // takes longer than vitest's default hook timeout (60 s), so the cleanup gets 10 minutes, stretched by the load.
  afterAll(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  }, stretched(600_000));
  return () => {
    const dir = mkdtempSync(join(tmpdir(), `statusmark-${prefix}-`));
    made.push(dir);
    return dir;
  };
}
