#!/usr/bin/env node
// The `statusmark` command. In the published package it runs the JavaScript that `npm pack`
// compiled (Node does not strip types under node_modules); in this repository, the source.
import { existsSync } from 'node:fs';
import { enableCompileCache } from 'node:module';

// Node keeps the code it compiled on disk (in the system's temporary folder) and reuses it:
// each command, and the git hook's validate on every commit, starts in about half the time.
enableCompileCache();

const compiled = new URL('../compiled/cli/statusmark.js', import.meta.url);
const { main } = await import(existsSync(compiled) ? compiled.href : new URL('../src/cli/statusmark.ts', import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
