/**
 * A real SMTP server on 127.0.0.1 for tests and the bench (the smtp-server package), which
 * keeps every mail it accepted, parsed by mailparser. A test can make it refuse a
 * recipient with a reply code, hold a message before answering (to kill the sender right
 * then), and see whether anyone tried to log in.
 */
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Inbox {
  url: string;
  port: number;
  /** Every mail accepted, in order, with its envelope recipients and when its data had arrived (performance.now()). */
  mail: { to: string[]; parsed: ParsedMail; at: number }[];
  /** How many messages were accepted for each recipient. */
  counts(): Map<string, number>;
  /** Recipients refused at RCPT TO with this code (550: a permanent failure). */
  refuse: Map<string, number>;
  /** Logins tried (user names). */
  logins: string[];
  /** When set, every login is refused with this code (535: bad credentials). */
  refuseLogin?: number;
  /** When set, every message is refused with this code once its data has arrived (554: transaction failed). */
  refuseData?: number;
  /**
   * When set, called with each message once its data has arrived, before the server answers;
   * the answer (250, the message taken) waits for the promise it returns.
   */
  hold?: (count: number) => Promise<void> | undefined;
  /** Resolves once `n` mails in all have been accepted. */
  waitForCount(n: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * `tls`: a key and certificate (PEM) to speak TLS from the start (smtps://, the url says so);
 * the client must trust the certificate (NODE_EXTRA_CA_CERTS for a process).
 */
export async function startInbox({ parse = true, tls }: { parse?: boolean; tls?: { key: string; cert: string } } = {}): Promise<Inbox> {
  const mail: Inbox['mail'] = [];
  const waiters: { n: number; done: () => void }[] = [];
  let arrived = 0;
  const inbox: Inbox = {
    url: '',
    port: 0,
    mail,
    refuse: new Map(),
    logins: [],
    counts() {
      const out = new Map<string, number>();
      for (const m of mail) for (const to of m.to) out.set(to, (out.get(to) ?? 0) + 1);
      return out;
    },
    waitForCount(n) {
      return mail.length >= n ? Promise.resolve() : new Promise((done) => waiters.push({ n, done }));
    },
    close: () => new Promise((done) => server.close(() => done())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: tls ? [] : ['STARTTLS'],
    ...(tls ? { secure: true, key: tls.key, cert: tls.cert } : {}),
    logger: false,
    size: 10 * 1024 * 1024,
    onAuth(auth, _session, callback) {
      inbox.logins.push(auth.username ?? '');
      if (inbox.refuseLogin) return callback(Object.assign(new Error('login refused for the test'), { responseCode: inbox.refuseLogin }));
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      const code = inbox.refuse.get(address.address.toLowerCase());
      if (code) return callback(Object.assign(new Error(`${address.address}: refused for the test`), { responseCode: code }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        if (inbox.refuseData) return callback(Object.assign(new Error('message refused for the test'), { responseCode: inbox.refuseData }));
        const raw = Buffer.concat(chunks);
        const at = performance.now();
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        const count = ++arrived;
        const held = inbox.hold?.(count);
        if (held) await held;
        const parsed = parse ? await simpleParser(raw) : ({} as ParsedMail);
        mail.push({ to, parsed, at });
        for (const w of waiters.filter((x) => mail.length >= x.n)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.done();
        }
        callback();
      });
    },
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.server.address() as AddressInfo;
  inbox.port = port;
  inbox.url = `${tls ? 'smtps' : 'smtp'}://127.0.0.1:${port}`;
  return inbox;
}
