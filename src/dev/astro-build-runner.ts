/**
 * Runs several `astro build`s of this repository's site one after another in this one Node
 * process (the builds are named by a JSON file, argv[2]), and writes a line per build to
 * stdout: `statusmark-build <index> <status> <message>`. Started by astroBuilds in
 * ./astro-build.ts. Astro's start-up, which is most of a small build's cost, is paid once.
 *
 * Each build runs from a working directory of its own (a new folder beside the plan): Astro
 * writes the code that renders the pages under it and imports that code. From the same
 * folder, the second build's import would get the first build's modules back from Node's
 * module cache, and render the first build's content.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'astro';

interface Planned {
  outDir: string;
  env: Record<string, string>;
}

const [file, root] = [process.argv[2], process.argv[3]];
if (!file || !root) throw new Error('usage: node astro-build-runner.ts BUILDS.json ROOT');
const planned = JSON.parse(readFileSync(file, 'utf8')) as Planned[];
for (const [index, { outDir, env }] of planned.entries()) {
  // Each build sees its own variables, and the process's own again after it.
  const before = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  const cwd = join(dirname(file), `build-${index}`);
  mkdirSync(cwd);
  process.chdir(cwd);
  let status = 0;
  let message = '';
  try {
    await build({ root, outDir });
  } catch (error) {
    status = 1;
    message = (error as Error).message;
  }
  process.chdir(dirname(file));
  rmSync(cwd, { recursive: true, force: true });
  for (const [name, value] of Object.entries(before)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  console.log(`statusmark-build ${index} ${status} ${JSON.stringify(message)}`);
}
