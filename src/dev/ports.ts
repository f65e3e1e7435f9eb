/** Ports on 127.0.0.1 for the servers tests start. */
import { createServer } from 'node:net';

/**
 * A port nothing listens on at this moment, on 127.0.0.1, for a server that cannot be given
 * port 0 (nginx, Alertmanager, sshd, PostgreSQL, wrangler). Another process may take it before
 * the server does; the servers that can take port 0 should.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
