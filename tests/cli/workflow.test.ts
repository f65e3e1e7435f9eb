/**
 * Issue 13, "staff workflow under stress": each case drives the real command in a
 * temporary git repository with the pre-commit hook installed, and checks the exact
 * output, the exact file text and the git log.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolders } from '../temp.ts';
import { git, gitTry, log, project, root, statusmark } from './helpers.ts';

const tempFolder = tempFolders('workflow');
const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
const stagedCopies = () => readdirSync(tmpdir()).filter((f) => f.startsWith('statusmark-staged-'));

describe('1. the CLI and the build use the same clock, and say what a pinned clock hides', () => {
  it('posts at the snapshot time, says the clock is pinned, and counts what the pin hides', () => {
    const dir = project(tempFolder(), { live: false });
    const pinned = 'clock: pinned by snapshot: 27 Jan 2025, 18:30 GMT+8 in content/site.yaml; delete `snapshot:` in content/site.yaml for a live page';
    const posted = statusmark(['new', '--title', 'Mobile app crashes', '--service', 'mobile-app=major', '--message', 'Version 2.3 crashes on start.', '--commit'], dir);
    expect(posted).toEqual({ code: 0, out: 'content/incidents/2025-01-27-mobile-app-crashes.md', err: `${pinned}\ncommitted: Incident: Mobile app crashes (investigating)` });
    expect(read(dir, 'content/incidents/2025-01-27-mobile-app-crashes.md')).toBe(
      '---\ntitle: Mobile app crashes\nimpact: critical\nservices:\n  mobile-app: major_outage\nstarted: 2025-01-27T18:30:00+08:00\n---\n\n## Investigating 2025-01-27 18:30 +08:00\n\nVersion 2.3 crashes on start.\n',
    );
    const later = statusmark(['notice', '--title', 'Phone support closed', '--message', 'Use e-mail.', '--at', '2025-01-28T09:00+08:00', '--commit'], dir);
    expect(later).toEqual({
      code: 0,
      out: 'content/notices/phone-support-closed.md',
      err: 'committed: Notice: Phone support closed\nnot shown yet: the page is pinned by snapshot: 27 Jan 2025, 18:30 GMT+8 in content/site.yaml, before this post; delete `snapshot:` in content/site.yaml for a live page',
    });
    const list = statusmark(['list'], dir);
    expect(list.err).toBe(pinned);
    expect(list.out).toContain('Active incidents (2)\n  2025-01-27-mobile-app-crashes\n    Mobile app crashes\n    Investigating since 27 Jan 2025, 18:30 GMT+8; Mobile app: major outage\n');
    expect(list.out).not.toContain('phone-support-closed');
    // After the snapshot: the new notice, the attack's resolution (31 Jan) and the patching window's
    // "in progress" and "completed" updates (29 Jan).
    expect(statusmark(['validate'], dir)).toEqual({
      code: 0,
      out: '11 files valid: 8 services, 5 incidents, 2 maintenance windows, 2 notices',
      err: 'snapshot: 27 Jan 2025, 18:30 GMT+8 in content/site.yaml hides 1 notice and 3 updates posted later; delete `snapshot:` in content/site.yaml for a live page',
    });
    expect(log(dir)).toEqual(['Notice: Phone support closed', 'Incident: Mobile app crashes (investigating)', 'Demo content']);
  });
});
