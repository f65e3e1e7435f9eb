/**
 * The intake's clone outlives its configuration: when STATUSMARK_ALERTS_REMOTE names another
 * repository at the next start, drafts go there, not to the one the clone was made from.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolders } from '../../src/dev/temp.ts';
import { stretched } from '../../src/dev/work.ts';
import { branches, generic, intakeApp, seededRemote, TOKEN } from './helpers.ts';

const temp = tempFolders('alerts-remote-change');

describe('a changed remote', () => {
  it('is the one pushed to after a restart with the same work folder', { timeout: stretched(180_000) }, async () => {
    const dir = temp();
    const first = seededRemote(dir, 'first.git');
    const second = seededRemote(dir, 'second.git');
    const workdir = join(dir, 'intake');
    const post = async (remote: string, group: string) => {
      const { app } = intakeApp(
        { STATUSMARK_ALERTS_REMOTE: remote, STATUSMARK_ALERTS_TOKEN: TOKEN, STATUSMARK_ALERTS_WORKDIR: workdir },
        dir,
      );
      const reply = await app.request('/alerts/generic', {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: generic(group, 'firing', [{ labels: { alertname: 'SignupFlood' } }]),
      });
      const body = (await reply.json()) as { branch: string };
      expect(reply.status, JSON.stringify(body)).toBe(200);
      return body.branch;
    };
    const a = await post(first, 'before');
    expect(branches(first)).toEqual([a, 'main'].sort());
    const b = await post(second, 'after');
    expect(branches(second)).toEqual([b, 'main'].sort());
    expect(branches(first)).toEqual([a, 'main'].sort());
  });
});
