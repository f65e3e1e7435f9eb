/**
 * Serves a built `dist/` on 127.0.0.1 for browser tests and screenshots, under the
 * site's base path, with the headers from public/_headers when asked.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { headerRules, headersFor } from '../lib/outputs/headers.ts';

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** @param withHeaders send the documented headers (src/lib/outputs/headers.ts), as a CDN configured from _headers would. */
export async function serve(dir: string, base = '/', withHeaders = false): Promise<Served> {
  const rules = withHeaders ? headerRules(base) : [];
  const files = sirv(dir, {
    dev: false,
    etag: true,
    extensions: ['html'],
    setHeaders: (res, pathname) => {
      for (const [k, v] of Object.entries(headersFor(base + pathname.replace(/^\//, ''), rules))) res.setHeader(k, v);
    },
  });
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (!url.startsWith(base)) {
      res.statusCode = 404;
      res.end('outside the base path');
      return;
    }
    req.url = `/${url.slice(base.length)}`;
    files(req, res, () => {
      const page = join(dir, '404.html');
      res.statusCode = 404;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(existsSync(page) ? readFileSync(page) : 'not found');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base}`,
    // The connections a browser still holds (tabs kept open from test to test, connections it
    // opened ahead of need) are closed too: server.close() alone waits for them, for ever.
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
