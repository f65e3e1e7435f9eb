#!/usr/bin/env node
// `npm create statusmark [DIR] [-- flags]`: the same as `npx statusmark init`, nothing more.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = dirname(createRequire(import.meta.url).resolve('statusmark/package.json'));
const run = spawnSync(process.execPath, [join(root, 'bin', 'statusmark.js'), 'init', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
