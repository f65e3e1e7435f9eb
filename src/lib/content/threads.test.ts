import { describe, expect, it } from 'vitest';
import { chosenRenderWorkers, renderWorkers, workerThreads } from './threads.ts';

describe('workerThreads', () => {
  it('takes all cores but one, and none on a machine of one or two', () => {
    expect([1, 2, 3, 4, 8].map((cores) => workerThreads(cores))).toEqual([0, 0, 2, 3, 7]);
  });
});

describe('renderWorkers', () => {
  it('renders from 2,000 pages on all cores but one, below on one thread, and takes a chosen number as it is', () => {
    expect(renderWorkers(1999, undefined, 8)).toBe(0);
    expect(renderWorkers(2000, undefined, 8)).toBe(7);
    expect(renderWorkers(50_000, undefined, 2)).toBe(0);
    expect(renderWorkers(39, 2, 2)).toBe(2);
    expect(renderWorkers(50_000, 0, 8)).toBe(0);
  });
});

describe('chosenRenderWorkers', () => {
  it('reads a whole number from 0 to 64, and nothing when the variable is unset or empty', () => {
    expect(chosenRenderWorkers({})).toEqual({});
    expect(chosenRenderWorkers({ STATUSMARK_RENDER_WORKERS: '' })).toEqual({});
    expect(chosenRenderWorkers({ STATUSMARK_RENDER_WORKERS: '0' })).toEqual({ workers: 0 });
    expect(chosenRenderWorkers({ STATUSMARK_RENDER_WORKERS: '64' })).toEqual({ workers: 64 });
  });
  it('names the variable and the range for anything else', () => {
    for (const bad of ['65', '100000', '99999999999999999999', 'two', '-1', '1.5', ' 2'])
      expect(chosenRenderWorkers({ STATUSMARK_RENDER_WORKERS: bad }).problem).toBe(
        `STATUSMARK_RENDER_WORKERS: "${bad}" is not a number of render workers from 0 (one thread) to 64`,
      );
  });
});
