/**
 * `npm run bench -- --alerts`: the alert intake against Debian's prometheus-alertmanager and a
 * bare repository on disk, both on this machine.
 *
 * - 100 alerts, one after another, each its own group: the time from Alertmanager's request
 *   to the branch pushed (the service's own `request` log line for it: received → answered,
 *   and it answers once the push is done). Target: median and worst under 2 s.
 * - A storm: 1,000 alerts in 20 groups posted to Alertmanager at once; the intake must end
 *   with exactly 20 branches.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git, seededRemote } from '../src/dev/git-remote.ts';
import { freePort } from '../src/dev/ports.ts';
import { startServiceProcess } from '../src/dev/service.ts';

const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';
const TOKEN = 'bench-token-0123456789abcdef0123456789';
const TARGET_MS = 2000;
const SERVICES = ['web-chat', 'api', 'mobile-app'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the section; returns its results as [what, passed]. */
export async function benchAlerts(): Promise<[string, boolean][]> {
  const dir = mkdtempSync(join(tmpdir(), 'statusmark-bench-alerts-'));
  let am: ChildProcess | undefined;
  let service: Awaited<ReturnType<typeof startServiceProcess>> | undefined;
  try {
    const { remote, seed } = seededRemote(dir);
    service = await startServiceProcess(['--content', join(seed, 'content')], dir, {
      STATUSMARK_ALERTS_REMOTE: remote,
      STATUSMARK_ALERTS_TOKEN: TOKEN,
      STATUSMARK_ALERTS_WORKDIR: join(dir, 'intake'),
      STATUSMARK_DB: join(dir, 'subscribers.sqlite'),
    });
    const port = await freePort();
    const amUrl = `http://127.0.0.1:${port}`;
    const config = join(dir, 'alertmanager.yml');
    writeFileSync(
      config,
      `global:\n  resolve_timeout: 1h\nroute:\n  receiver: statusmark\n  group_by: [alertname, shard]\n  group_wait: 0s\n  group_interval: 10s\n  repeat_interval: 1h\nreceivers:\n  - name: statusmark\n    webhook_configs:\n      - url: ${service.url}/alerts/alertmanager\n        send_resolved: true\n        http_config:\n          authorization:\n            credentials: ${TOKEN}\n`,
    );
    am = spawn(
      ALERTMANAGER,
      [
        `--config.file=${config}`,
        `--storage.path=${join(dir, 'am')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
      ],
      {
        stdio: 'ignore',
      },
    );
    for (
      let i = 0;
      !(await fetch(`${amUrl}/-/ready`).then(
        (r) => r.ok,
        () => false,
      ));
      i++
    ) {
      if (i > 300) throw new Error('alertmanager did not start');
      await sleep(100);
    }
    const post = (alerts: object[]) =>
      fetch(`${amUrl}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
      }).then((r) => {
        if (!r.ok) throw new Error(`alertmanager: ${r.status}`);
      });
    const intakeLines = () => service!.lines.filter((l) => l.event === 'request' && l.path === '/alerts/alertmanager');

    // 100 alerts, one at a time.
    const times: number[] = [];
    for (let i = 0; i < 100; i++) {
      const seen = intakeLines().length;
      await post([
        {
          labels: { alertname: 'HighLatency', shard: `b${i}`, service: SERVICES[i % 3], instance: `bench-${i}` },
          annotations: { summary: 'bench' },
        },
      ]);
      const line = await service.waitFor(
        (l) => l.event === 'request' && l.path === '/alerts/alertmanager' && intakeLines().indexOf(l) >= seen,
        120_000,
      );
      if (line.status !== 200) throw new Error(`the intake answered ${line.status}: ${service.output().slice(-2000)}`);
      times.push(line.ms as number);
    }
    times.sort((a, b) => a - b);
    const median = ((times[49] as number) + (times[50] as number)) / 2;
    const worst = times[99] as number;
    console.log(
      `\nAlert intake, 100 alerts one after another (Alertmanager's request → branch pushed): median ${median} ms, worst ${worst} ms`,
    );

    // The storm: 1,000 alerts in 20 groups at once.
    const started = performance.now();
    const before = intakeLines().length;
    await post(
      Array.from({ length: 1000 }, (_, i) => ({
        labels: { alertname: 'HighLatency', shard: `s${i % 20}`, service: SERVICES[i % 3], instance: `storm-${i}` },
        annotations: { summary: 'storm' },
      })),
    );
    // Done when 20 storm branches exist and the intake has been idle for 5 s.
    const stormBranches = () =>
      git(remote, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/alert/')
        .split('\n')
        .filter((b) => /^alert\/highlatency-s\d+-/.test(b));
    let idleSince = performance.now();
    let last = before;
    for (;;) {
      await sleep(500);
      const now = intakeLines().length;
      if (now !== last) {
        last = now;
        idleSince = performance.now();
      }
      if (stormBranches().length >= 20 && performance.now() - idleSince > 5000) break;
      if (performance.now() - started > 600_000) break;
    }
    const branches = stormBranches().length;
    const requests = intakeLines().length - before;
    const failed = intakeLines()
      .slice(before)
      .filter((l) => l.status !== 200).length;
    console.log(
      `Storm: 1,000 alerts in 20 groups → ${branches} branches, ${requests} notifications (${failed} not 200), ${((performance.now() - started - 5000) / 1000).toFixed(1)} s`,
    );
    return [
      [`alert intake: median from request to push under ${TARGET_MS / 1000} s (${median} ms)`, median < TARGET_MS],
      [`alert intake: worst of 100 under ${TARGET_MS / 1000} s (${worst} ms)`, worst < TARGET_MS],
      [
        `alert storm: 1,000 alerts in 20 groups give exactly 20 branches (${branches}), every notification answered 200 (${failed} not)`,
        branches === 20 && failed === 0,
      ],
    ];
  } finally {
    am?.kill('SIGTERM');
    if (service) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
