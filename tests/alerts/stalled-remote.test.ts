/**
 * A remote that takes the connection and never answers: each git command of the intake is
 * killed after its timeout (lowered here to 2 s), the request gets 503 with the reason, a log
 * line says so, the next notification in the queue gets its turn, and the stop's drain ends.
 */
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempFolders } from '../../src/dev/temp.ts';
import { stretched } from '../../src/dev/work.ts';
import { generic, intakeApp, TOKEN } from './helpers.ts';

const temp = tempFolders('alerts-stalled');
const sockets = new Set<Socket>();
const silent = createServer((socket) => {
  // Takes the connection, reads what comes, says nothing.
  sockets.add(socket);
  socket.on('data', () => undefined);
  socket.on('close', () => sockets.delete(socket));
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

describe('a stalled remote', () => {
  it('ends each git command at the timeout with 503 and a log line, and the queue and the drain move on', {
    timeout: stretched(120_000),
  }, async () => {
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const remote = `http://127.0.0.1:${(silent.address() as { port: number }).port}/page.git`;
    const dir = temp();
    const { app, lifecycle, lines } = intakeApp(
      { STATUSMARK_ALERTS_REMOTE: remote, STATUSMARK_ALERTS_TOKEN: TOKEN, STATUSMARK_ALERTS_WORKDIR: join(dir, 'w') },
      dir,
      undefined,
      { gitTimeoutMs: 2000 },
    );
    const post = (group: string) =>
      app.request('/alerts/generic', {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: generic(group, 'firing', [{ labels: { alertname: 'SignupFlood' } }]),
      });
    // Two groups: the second waits in the queue behind the first, which stalls.
    const replies = await Promise.all([post('first'), post('second')]);
    for (const reply of replies) {
      expect(reply.status).toBe(503);
      expect(((await reply.json()) as { error: string }).error).toMatch(/did not answer.*within 2 s/);
    }
    const failed = lines.filter((l) => l.event === 'alert-failed');
    expect(failed).toHaveLength(2);
    expect(String(failed[0]?.reason)).toContain('no answer from the remote within 2 s');
    // Nothing left running: the stop's drain ends.
    await lifecycle.drain();
    expect(lifecycle.stopping).toBe(true);
  });
});
