/**
 * A body over the limit is refused while it streams in, before the intake reads it whole or
 * looks at its credentials: a chunked POST (no Content-Length) that would go on for 2 MB gets
 * 413 after about 1 MB, without credentials, and nothing reaches the repository.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolders } from '../../src/dev/temp.ts';
import { stretched } from '../../src/dev/work.ts';
import { branches, intakeApp, seededRemote, TOKEN } from './helpers.ts';

const temp = tempFolders('alerts-limit');
const MB = 1024 * 1024;
const CHUNK = 64 * 1024;

describe('the body limit', () => {
  it('refuses a chunked 2 MB body without credentials with 413 while it streams', { timeout: stretched(120_000) }, async () => {
    const dir = temp();
    const remote = seededRemote(dir);
    const { app, lines } = intakeApp(
      { STATUSMARK_ALERTS_REMOTE: remote, STATUSMARK_ALERTS_TOKEN: TOKEN, STATUSMARK_ALERTS_WORKDIR: join(dir, 'w') },
      dir,
    );
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 2 * MB) {
          controller.close();
          return;
        }
        sent += CHUNK;
        controller.enqueue(new Uint8Array(CHUNK).fill(0x20));
      },
    });
    const reply = await app.request('/alerts/generic', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(reply.status).toBe(413);
    expect(await reply.json()).toEqual({ error: `the body is over ${MB} bytes` });
    // Refused at the limit: the rest of the body was never pulled in.
    expect(sent).toBeLessThanOrEqual(MB + 4 * CHUNK);
    expect(lines.some((l) => l.event === 'alert-refused' && l.reason === 'body too large')).toBe(true);
    expect(branches(remote)).toEqual(['main']);
  });
});
