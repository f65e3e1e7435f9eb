import { describe, expect, it } from 'vitest';
import { budget, busyFactor, mapConcurrently, stretched } from './work.ts';

describe('budget', () => {
  it('adds a per-unit allowance to the base, stretched by how busy the machine is', () => {
    expect(budget(40, 15_000, 60_000, 1)).toBe(60_000 + 600_000);
    expect(budget(0, 15_000, 5_000, 1)).toBe(5_000);
    expect(budget(3, 1_000, 0, 1)).toBe(3_000);
    expect(budget(3, 1_000, 1_000, 2.5)).toBe(10_000);
  });

  it('is never shorter than on an idle machine', () => {
    expect(budget(2, 10_000, 60_000)).toBeGreaterThanOrEqual(80_000);
  });

  it('refuses units, durations or factors that are not counts, durations and stretches', () => {
    expect(() => budget(-1, 1_000)).toThrow('units must be a whole number ≥ 0, got -1');
    expect(() => budget(1.5, 1_000)).toThrow('got 1.5');
    expect(() => budget(2, 0)).toThrow('perUnitMs must be > 0');
    expect(() => budget(2, Number.NaN)).toThrow('perUnitMs must be > 0');
    expect(() => budget(2, 1_000, 0, 0.5)).toThrow('busy must be ≥ 1, got 0.5');
  });
});

describe('stretched', () => {
  it('is a fixed limit times how busy the machine is', () => {
    expect(stretched(60_000, 1)).toBe(60_000);
    expect(stretched(60_000, 12)).toBe(720_000);
    expect(stretched(300_000)).toBeGreaterThanOrEqual(300_000);
  });
});

describe('busyFactor', () => {
  it('is the load per core, at least 1', () => {
    expect(busyFactor(24, 2)).toBe(12);
    expect(busyFactor(3, 2)).toBe(1.5);
    expect(busyFactor(0.4, 2)).toBe(1);
    expect(busyFactor(5, 0)).toBe(5);
  });

  it('reads this machine when not told', () => {
    // The load average moves every few seconds: only what holds at any load is checked.
    const factor = busyFactor();
    expect(factor).toBeGreaterThanOrEqual(1);
    expect(Number.isFinite(factor)).toBe(true);
  });
});

describe('mapConcurrently', () => {
  /** A job that waits for its own release, so the test decides the order jobs finish in. */
  function gate() {
    let open = () => {};
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    return { open, opened };
  }

  it('runs at most `limit` jobs at once and keeps the results in the order of the items', async () => {
    const gates = [0, 1, 2, 3, 4].map(gate);
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const all = mapConcurrently([10, 11, 12, 13, 14], 2, async (item, i) => {
      started.push(i);
      running++;
      most = Math.max(most, running);
      await gates[i]!.opened;
      running--;
      return item * 2;
    });
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    // Finish out of order: the second job first, then the rest.
    gates[1]!.open();
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    for (const i of [0, 2, 3, 4]) gates[i]!.open();
    await expect(all).resolves.toEqual([20, 22, 24, 26, 28]);
    expect(most).toBe(2);
  });

  it('rejects with the first failure, after the jobs already running have finished', async () => {
    const finished: number[] = [];
    const result = mapConcurrently([0, 1, 2, 3], 2, async (i) => {
      await new Promise((r) => setTimeout(r, i === 0 ? 1 : 20));
      if (i === 0) throw new Error('job 0 failed');
      finished.push(i);
      return i;
    });
    await expect(result).rejects.toThrow('job 0 failed');
    // Job 1 was running when job 0 failed and finished; jobs 2 and 3 never started.
    expect(finished).toEqual([1]);
  });

  it('returns nothing for no items and refuses a limit below one', async () => {
    await expect(mapConcurrently([], 3, async () => 1)).resolves.toEqual([]);
    await expect(mapConcurrently([1], 0, async () => 1)).rejects.toThrow('limit must be a whole number ≥ 1, got 0');
  });
});
