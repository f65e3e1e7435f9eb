/** Every file below `dir`, as sorted paths relative to it (for the benchmark and the build tests). */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
}
