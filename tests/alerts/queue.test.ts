/**
 * The intake's queue: Alertmanager's notifications for a group still waiting are replaced by
 * the newest (each carries the group's whole state), while generic ones, which may carry only
 * some of a group's alerts, are each handled in turn, so none of their alerts is lost.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNotification, type Source } from '../../src/lib/alerts/payloads.ts';
import { tempFolders } from '../../src/dev/temp.ts';
import { stretched } from '../../src/dev/work.ts';
import { Intake } from '../../src/serve/alerts/intake.ts';
import { createLog } from '../../src/serve/log.ts';
import { git, seededRemote } from './helpers.ts';

const temp = tempFolders('alerts-queue');
const now = () => new Date();

function notification(source: Source, service: string, alerts: string[]) {
  const body =
    source === 'generic'
      ? { group: 'latency', status: 'firing', alerts: [{ labels: { alertname: 'HighLatency', service } }] }
      : {
          groupKey: '{}:{alertname="HighLatency"}',
          status: 'firing',
          groupLabels: { alertname: 'HighLatency' },
          alerts: alerts.map((s) => ({
            status: 'firing',
            labels: { alertname: 'HighLatency', service: s },
            startsAt: '2026-12-06T01:00:00Z',
          })),
        };
  const n = readNotification(source, body, now());
  if (!n.ok) throw new Error(n.errors.join('; '));
  return n.value;
}

function intake(dir: string, remote: string): Intake {
  return new Intake(
    {
      remote,
      workdir: join(dir, `w-${Math.random().toString(36).slice(2)}`),
      contentPath: 'content',
      author: { name: 'Statusmark alert intake', email: 'alerts@statusmark.invalid' },
    },
    createLog('test-secret-0123456789abcdef0123456789', () => undefined),
  );
}

describe('the queue', () => {
  it('handles every generic notification of a group, each with only its own alert', { timeout: stretched(180_000) }, async () => {
    const dir = temp();
    const remote = seededRemote(dir);
    const i = intake(dir, remote);
    const outcomes = await Promise.all(['web-chat', 'api', 'mobile-app'].map((s) => i.handle(notification('generic', s, []), now)));
    expect(outcomes.map((o) => ('result' in o ? o.result : o.status))).toEqual(['created', 'joined', 'joined']);
    const o = outcomes[2] as { branch: string; file: string };
    const text = git(remote, 'show', `${o.branch}:${o.file}`);
    // The first in the front matter (`web-chat: …`), those joining in their update (`api=…`).
    for (const s of ['web-chat', 'api', 'mobile-app']) expect(text).toMatch(new RegExp(`${s}(: |=)degraded_performance`));
  });

  it("replaces an Alertmanager notification still waiting with the group's newer one", { timeout: stretched(180_000) }, async () => {
    const dir = temp();
    const remote = seededRemote(dir);
    const i = intake(dir, remote);
    const outcomes = await Promise.all([
      i.handle(notification('alertmanager', '', ['web-chat']), now),
      i.handle(notification('alertmanager', '', ['web-chat', 'api']), now),
    ]);
    // Both requests get the one outcome: the newer state, written once.
    expect(outcomes[0]).toEqual(outcomes[1]);
    expect(outcomes[0]).toMatchObject({ result: 'created' });
  });
});
