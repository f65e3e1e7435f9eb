/**
 * The Node.js version check: the project pins Node through the `node` devDependency
 * (Astro 7 needs >= 22.12; the machines have 20), and nothing may run on an older one.
 */

/** The major version a `node` dependency range asks for, e.g. "^24.21.0" → 24. */
export function pinnedMajor(range: string): number {
  const m = /(\d+)/.exec(range);
  if (!m) throw new Error(`cannot read a Node version from "${range}"`);
  return Number(m[1]);
}

/** An error message when `running` is older than the pinned range, else undefined. */
export function nodeTooOld(running: string, range: string): string | undefined {
  const major = Number(running.replace(/^v/, '').split('.')[0]);
  const pinned = pinnedMajor(range);
  if (major >= pinned) return undefined;
  return `running on Node ${running}, but Statusmark pins Node ${range}. Run "npm install", then use "npm run …" or "npx …", which put the pinned Node first on the PATH.`;
}
