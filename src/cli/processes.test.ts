import { describe, expect, it } from 'vitest';
import { alive } from './processes.ts';

describe('alive', () => {
  it('is true for this process and false for a process id no process has', () => {
    expect(alive(process.pid)).toBe(true);
    // Above Linux's largest process id: no process has it.
    expect(alive(4_194_305)).toBe(false);
  });
});
