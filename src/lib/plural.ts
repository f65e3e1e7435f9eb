/** "1 incident", "2 incidents"; `plural` is the irregular form where there is one. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
