import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeTooOld, pinnedMajor } from './node-version.ts';

const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8'));

describe('the pinned Node', () => {
  it('is what these tests run on', () => {
    expect(pkg.devDependencies.node).toBeDefined();
    expect(nodeTooOld(process.version, pkg.devDependencies.node)).toBeUndefined();
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(pinnedMajor(pkg.devDependencies.node));
  });
  it('is refused when older', () => {
    expect(nodeTooOld('v20.20.2', '^24.21.0')).toMatch(/running on Node v20.20.2, but Statusmark pins Node \^24.21.0/);
    expect(nodeTooOld('v26.1.0', '^24.21.0')).toBeUndefined();
  });
  it('has its install script approved, or npm would skip it', () => {
    expect(pkg.allowScripts).toMatchObject({ node: true, esbuild: true });
  });
});
