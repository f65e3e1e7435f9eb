import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { at, content, incident } from '../dev/test-helpers.ts';
import { statusData } from '../lib/status/status-data.ts';
import { shareModel, sharedModel } from './shared-model.ts';

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
  let stop = () => {};
  afterEach(() => stop());

  it('is found by the pages of this thread, for its own content folder only', () => {
    stop = shareModel('/site/content', model, false);
    expect(sharedModel('/site/content')).toBe(model);
    expect(sharedModel('/other/content')).toBeUndefined();
  });

  it('reaches a render worker started after it, through a file that the end of the build removes', async () => {
    stop = shareModel('/site/content', model, true);
    const file = process.env['STATUSMARK_SHARED_MODEL']!;
    expect(existsSync(file)).toBe(true);
    await expect(inAWorker('/site/content')).resolves.toEqual({ incidents: 1, now: '2026-03-01T13:00:00.000Z' });
    await expect(inAWorker('/other/content')).resolves.toBeNull();
    stop();
    expect(existsSync(dirname(file))).toBe(false);
    expect(process.env['STATUSMARK_SHARED_MODEL']).toBeUndefined();
  });

  it('without workers, writes no file', () => {
    stop = shareModel('/site/content', model, false);
    expect(process.env['STATUSMARK_SHARED_MODEL']).toBeUndefined();
  });
});
