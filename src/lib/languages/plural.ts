import { num } from './format.ts';

/** "1 incident", "2 incidents", "1,234 incidents" (English words, so English digits grouping); `plural` is the irregular form where there is one. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${num('en', n)} ${n === 1 ? singular : plural}`;
}
