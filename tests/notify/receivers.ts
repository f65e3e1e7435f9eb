/**
 * Real receivers on 127.0.0.1 for the notify tests: one HTTP server whose paths act as
 * the webhook, Slack, Discord, Teams and Mattermost endpoints (each checking what it gets
 * against that service's schema, and the webhook its HMAC), an SMTP server from the
 * `smtp-server` package, and a port with nothing listening.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** How an endpoint answers: 200, or a failure for the next requests. */
export interface Endpoint {
  schema: object;
  /** The HMAC secret to check `X-Statusmark-Signature` with. */
  secret?: string;
  /** Answers to give before succeeding: `[500, 500]`, `[429]`. */
  failures: number[];
  /** Fail every request with this status until cleared. */
  down?: number;
  /** Never answer (the request is counted, not accepted). */
  hang?: boolean;
  /** Accept, then answer only after this many milliseconds (a slow receiver). */
  delayMs?: number;
  /** Accept, then answer only once this settles (a receiver held until the test lets go). */
  gate?: Promise<void>;
  /** Every request, accepted or not. */
  requests: number;
  accepted: Received[];
  /** What did not match its schema or signature. */
  errors: string[];
}

export interface HttpReceivers {
  url: (path: string) => string;
  /** Resolves once `path` has had `n` requests (accepted or not). */
  arrived: (path: string, n: number) => Promise<void>;
  endpoints: Map<string, Endpoint>;
  close: () => Promise<void>;
}

export function endpoint(schema: object, extra: Partial<Endpoint> = {}): Endpoint {
  return { schema, failures: [], requests: 0, accepted: [], errors: [], ...extra };
}

export async function startHttp(endpoints: Map<string, Endpoint>): Promise<HttpReceivers> {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const events = new EventEmitter();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // By path: a query (a token in a capability URL) does not change the endpoint.
      const e = endpoints.get((req.url ?? '').split('?')[0]!);
      if (!e || req.method !== 'POST') return void res.writeHead(404).end();
      e.requests++;
      events.emit('request');
      const raw = Buffer.concat(chunks).toString('utf8');
      if (e.hang) return;
      if (e.down) return void res.writeHead(e.down).end('down for the test');
      const failure = e.failures.shift();
      if (failure === 429) return void res.writeHead(429, { 'Retry-After': '1' }).end('slow down');
      if (failure) return void res.writeHead(failure).end('failing for the test');
      if (e.secret) {
        const expected = Buffer.from(`sha256=${createHmac('sha256', e.secret).update(raw).digest('hex')}`);
        const got = Buffer.from(String(req.headers['x-statusmark-signature'] ?? ''));
        if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
          e.errors.push(`${req.url}: bad signature ${got.toString()}`);
          return void res.writeHead(401).end();
        }
      }
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        e.errors.push(`${req.url}: not JSON`);
        return void res.writeHead(400).end();
      }
      if (!ajv.validate(e.schema, body)) {
        e.errors.push(`${req.url}: ${ajv.errorsText()}`);
        return void res.writeHead(400).end();
      }
      e.accepted.push({ headers: req.headers, body });
      const answer = () => void res.writeHead(req.url === '/discord' ? 204 : 200).end();
      if (e.gate) void e.gate.then(answer);
      else if (e.delayMs) setTimeout(answer, e.delayMs);
      else answer();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    arrived: (path, n) =>
      new Promise<void>((done) => {
        const check = () => {
          if ((endpoints.get(path)?.requests ?? 0) < n) return;
          events.off('request', check);
          done();
        };
        events.on('request', check);
        check();
      }),
    endpoints,
    close: () =>
      new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

export interface SmtpReceiver {
  port: number;
  mail: ParsedMail[];
  /** Envelope recipients of each message. */
  recipients: string[][];
  close: () => Promise<void>;
}

/**
 * @param refusals SMTP reply codes to answer the next messages with before accepting: `[451, 451]`.
 * @param options.auth offer AUTH PLAIN/LOGIN over the plain connection (still no STARTTLS), accepting any login.
 */
export async function startSmtp(
  refusals: number[] = [],
  options: { auth?: boolean } = {},
): Promise<SmtpReceiver & { attempts: () => number; logins: () => string[] }> {
  const mail: ParsedMail[] = [];
  const recipients: string[][] = [];
  const logins: string[] = [];
  let attempts = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: options.auth === true,
    onAuth(auth, _session, callback) {
      logins.push(`${auth.username}:${auth.password}`);
      callback(null, { user: auth.username });
    },
    logger: false,
    onData(stream, session, callback) {
      attempts++;
      const refusal = refusals.shift();
      if (refusal) {
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error(`refused for the test`), { responseCode: refusal })));
        return;
      }
      simpleParser(stream)
        .then((parsed) => {
          mail.push(parsed);
          recipients.push(session.envelope.rcptTo.map((r) => r.address));
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    mail,
    recipients,
    attempts: () => attempts,
    logins: () => logins,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** A port on 127.0.0.1 with nothing listening: opened, noted, closed. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}
