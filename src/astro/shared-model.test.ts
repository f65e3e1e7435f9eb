import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempFolders } from '../dev/temp.ts';
import { at, content, incident } from '../dev/test-helpers.ts';
import { statusData } from '../lib/status/status-data.ts';
import { MODEL_FILE_VARIABLE, shareModel, sharedModel } from './shared-model.ts';

const tempFolder = tempFolders('shared-model');

const model = statusData(
  { content: content({ incidents: [incident('open', '2026-03-01T12:00:00Z', { api: 'major_outage' })] }) },
  {},
  at('2026-03-01T13:00:00Z'),
);

/** What a thread started now finds as the model of `dir`: the count of its incidents and its now, or null. */
function inAWorker(dir: string): Promise<{ incidents: number; now: string } | null> {
  const script = `
    const { parentPort, workerData } = require('node:worker_threads');
    import(workerData.module).then(({ sharedModel }) => {
      const m = sharedModel(workerData.dir);
      parentPort.postMessage(m ? { incidents: m.content.incidents.length, now: m.clock.now.toISOString(), date: m.clock.now instanceof Date } : null);
    });`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { eval: true, workerData: { dir, module: new URL('./shared-model.ts', import.meta.url).href } });
    worker.once('message', (m: { incidents: number; now: string; date: boolean } | null) => {
      void worker.terminate();
      if (m && !m.date) reject(new Error('the model crossed without its dates'));
      resolve(m && { incidents: m.incidents, now: m.now });
    });
    worker.once('error', reject);
  });
}

describe('the shared model', () => {
  let folder = '';
  let stop = () => {};
  beforeEach(() => {
    folder = join(tempFolder(), 'cache', 'statusmark');
  });
  afterEach(() => stop());

  it('is found by the pages of this thread, for its own content folder only, and writes no file', () => {
    stop = shareModel('/site/content', model, false, folder);
    expect(sharedModel('/site/content')).toBe(model);
    expect(sharedModel('/other/content')).toBeUndefined();
    expect(process.env[MODEL_FILE_VARIABLE]).toBeUndefined();
    expect(existsSync(folder)).toBe(false);
  });

  it('reaches a render worker started after it, through a file that the end of the build removes', async () => {
    stop = shareModel('/site/workers', model, true, folder);
    const file = process.env[MODEL_FILE_VARIABLE]!;
    expect(file).toBe(join(folder, `model-${process.pid}.v8`));
    expect(existsSync(file)).toBe(true);
    await expect(inAWorker('/site/workers')).resolves.toEqual({ incidents: 1, now: '2026-03-01T13:00:00.000Z' });
    await expect(inAWorker('/other/content')).resolves.toBeNull();
    stop();
    expect(existsSync(file)).toBe(false);
    expect(process.env[MODEL_FILE_VARIABLE]).toBeUndefined();
  });

  it('removes the file a killed build left, and keeps a running one', () => {
    mkdirSync(folder, { recursive: true });
    // Above Linux's largest process id: no such process runs.
    writeFileSync(join(folder, 'model-4194305.v8'), 'left by a killed build');
    writeFileSync(join(folder, `model-${process.ppid}.v8`), 'a build running now');
    stop = shareModel('/site/workers', model, true, folder);
    expect(readdirSync(folder).sort()).toEqual([`model-${process.pid}.v8`, `model-${process.ppid}.v8`].sort());
    stop();
    rmSync(join(folder, `model-${process.ppid}.v8`));
  });
});
