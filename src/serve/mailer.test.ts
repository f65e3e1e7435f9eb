import { describe, expect, it } from 'vitest';
import { slots } from './mailer.ts';

describe('slots: the turns of every mail at the relay rate', () => {
  it('gives the first slot at once and each next one a gap (1/perSecond) after the one before, never in the past', () => {
    // 4 a second: a gap of 250 ms. Readings of the clock in ms; each answer is the wait from that reading.
    const next = slots(4);
    expect(next(1000)).toBe(0); // slot 1000
    expect(next(1000)).toBe(250); // slot 1250
    expect(next(1100)).toBe(400); // slot 1500
    expect(next(1600)).toBe(150); // slot 1750
    expect(next(5000)).toBe(0); // idle since: slot 5000, not 2000
    expect(next(5010)).toBe(240); // slot 5250
  });
  it('spaces slots by a fraction of a second for any rate', () => {
    const next = slots(0.5);
    expect(next(0)).toBe(0);
    expect(next(0)).toBe(2000);
    expect(next(500)).toBe(3500);
  });
});
