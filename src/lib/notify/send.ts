/**
 * Sending: announces what a deploy made public on every configured channel, exactly
 * once. A sent-state per channel remembers what went out (key and hash); what could
 * not go out stays pending and is sent first by the next run, in order. A channel
 * stops at its first failure so its receivers never get updates out of order.
 *
 * HTTP requests time out, and are retried with backoff on 429, 5xx and network errors,
 * honouring `Retry-After`; any other 4xx is final. The sleep and the delays are options,
 * so tests wait milliseconds.
 */
import { channelEnv, channelWants, type Channel, type EmailChannel, type NotifyConfig } from './config.ts';
import {
  discordPayload,
  emailMessage,
  mattermostPayload,
  messageView,
  signature,
  slackPayload,
  teamsPayload,
  webhookPayload,
} from './messages.ts';
import {
  compareEntries,
  contentHash,
  diffRecords,
  entryIn,
  parseJson,
  parseRecord,
  recordHas,
  recordIn,
  recordLanguage,
  type Announcement,
  type PublishedRecord,
  type RecordEntry,
} from './record.ts';

export interface ChannelState {
  /** Key → hash of what this channel has delivered. */
  sent: Record<string, string>;
  /**
   * The outbox: key → how it is to be announced. Everything a run is to send is written
   * here before the first request goes out, and leaves it once delivered, so a run that
   * dies (a crash, `kill -9`, a job timeout) leaves it for the next run.
   */
  pending: Record<string, Announcement['type']>;
  /** Key → hash of the request going out right now: written before it is sent, removed once its answer is in. */
  sending?: Record<string, string>;
  /**
   * Key → hash of what a chat channel may or may not have posted: the request went out and
   * no answer came (a timeout, or a run that died while sending). A chat cannot drop a
   * repeat, so it is never sent again; the run that found it says so and exits 1.
   */
  unknown?: Record<string, string>;
}

export const STATE_VERSION = 2;

export interface SentState {
  version: typeof STATE_VERSION;
  channels: Record<string, ChannelState>;
  /**
   * The new build's record of the last run, kept once its announcements were queued: the
   * record to compare with when the one from before a deploy is missing.
   */
  baseline?: PublishedRecord;
  /**
   * Set while the subscription service has not taken a hand-off: the record (null when the
   * site had none) that the first hand-off it did not take was computed from. The next run
   * hands over what is new since it, not since its own `before`, so no update is lost; what
   * the service already took it drops (it keys entries by delivery id). Cleared once a
   * hand-off is taken.
   */
  handoffFrom?: { record: PublishedRecord | null };
}

export const emptyState = (): SentState => ({ version: STATE_VERSION, channels: {} });

/** What reading a state written by version 1 (keys by position) needs: the records and channels of this run. */
export interface StateContext {
  before: PublishedRecord | null;
  after: PublishedRecord;
  channels: Pick<Channel, 'name' | 'language'>[];
}

/** Reads a sent-state file's text; names `source` when it is not one. A version 1 state is upgraded by `upgradeState`. */
export function parseState(text: string, source: string, context?: StateContext): SentState {
  const s = parseJson(text, source) as { version?: unknown; channels?: unknown } | null;
  if (
    !s ||
    (s.version !== 1 && s.version !== STATE_VERSION) ||
    typeof s.channels !== 'object' ||
    s.channels === null ||
    Array.isArray(s.channels)
  ) {
    throw new Error(`${source}: not a Statusmark sent-state file (version 1 or ${STATE_VERSION} with channels)`);
  }
  for (const [name, c] of Object.entries(s.channels as Record<string, unknown>)) {
    const own = c as Partial<ChannelState> | null;
    if (!own || typeof own.sent !== 'object' || own.sent === null || typeof own.pending !== 'object' || own.pending === null)
      throw new Error(`${source}: channels.${name}: needs sent and pending`);
  }
  if (s.version === STATE_VERSION) {
    const state = s as SentState;
    if (state.baseline !== undefined) state.baseline = parseRecord(JSON.stringify(state.baseline), `${source}: baseline`);
    if (state.handoffFrom !== undefined) {
      const from = state.handoffFrom as { record?: unknown } | null;
      if (!from || typeof from !== 'object' || !('record' in from)) throw new Error(`${source}: handoffFrom: needs a record (or null)`);
      state.handoffFrom = {
        record: from.record === null ? null : parseRecord(JSON.stringify(from.record), `${source}: handoffFrom.record`),
      };
    }
    return state;
  }
  if (!context) throw new Error(`${source}: a version 1 sent-state file needs the records of the run to be read`);
  return upgradeState(s as { channels: Record<string, ChannelState> }, context);
}

/**
 * A state written by version 1, whose keys were positions (`incident/outage/2`) and whose
 * hashes covered the link, in version 2's terms, so upgrading sends nothing again. A
 * position is read against the record the last run announced (this run's `before`, whose
 * positions it used), else this build's. A hash that matches what that entry said then
 * becomes the entry's hash now; one that does not stays different, so a later correction
 * is still told apart. Keys neither record has are dropped, as the site no longer
 * publishes them.
 */
export function upgradeState(old: { channels: Record<string, ChannelState> }, { before, after, channels }: StateContext): SentState {
  const newKey = new Map<string, string>();
  const positions = (record: PublishedRecord | null) =>
    (record?.entries ?? []).map((e) => [e.kind === 'notice' ? e.key : `${e.kind}/${e.slug}/${e.ordinal}`, e] as const);
  const entries = new Map<string, RecordEntry>();
  for (const [position, e] of [...positions(after), ...positions(before)]) {
    newKey.set(position, e.key);
    entries.set(e.key, e);
  }
  // What an entry says now, in every language (a version 1 `before` is upgraded without its other languages).
  for (const e of after.entries) entries.set(e.key, e);
  const out = emptyState();
  for (const [name, own] of Object.entries(old.channels)) {
    const channel = channels.find((c) => c.name === name);
    const lang = channel ? channelLanguage(channel, after) : recordLanguage(after);
    const next: ChannelState = { sent: {}, pending: {} };
    for (const [position, hash] of Object.entries(own.sent)) {
      const key = newKey.get(position);
      if (key === undefined) continue;
      const said = entryIn(entries.get(key)!, lang);
      next.sent[key] = hash === contentHash(said, true) ? contentHash(said) : `v1:${hash}`;
    }
    for (const [position, type] of Object.entries(own.pending)) {
      const key = newKey.get(position);
      if (key !== undefined) next.pending[key] = type;
    }
    out.channels[name] = next;
  }
  return out;
}

/** The language a channel speaks: its own `language`, else the site's default. */
export function channelLanguage(channel: Pick<Channel, 'language'>, record: PublishedRecord): string {
  return channel.language ?? recordLanguage(record);
}

/**
 * What one channel is to send this run, oldest first: what failed before, then what is
 * new, each entry as the channel's language words it (`recordIn`), known by that
 * language's hash. When the live record did not have that language yet (or was written
 * by version 1, whose other languages' hashes cannot be rebuilt), what is new or
 * corrected is judged by the default language, so a site that gains a language does not
 * announce every recent entry again as a correction. What may already have been posted
 * (`unknown`) is not sent again.
 */
export function planChannel(
  channel: Channel,
  before: PublishedRecord | null,
  after: PublishedRecord,
  state: ChannelState | undefined,
): Announcement[] {
  const lang = channelLanguage(channel, after);
  const mine = recordIn(after, lang);
  const byKey = new Map(mine.entries.map((e) => [e.key, e]));
  const queue = new Map<string, Announcement>();
  const judged =
    !before || (recordHas(before, lang) && (before.upgradedFrom === undefined || lang === recordLanguage(before)))
      ? lang
      : recordLanguage(after);
  for (const a of diffRecords(before && recordIn(before, judged), recordIn(after, judged)))
    queue.set(a.entry.key, { type: a.type, entry: byKey.get(a.entry.key)! });
  for (const [key, type] of Object.entries(state?.pending ?? {})) {
    const entry = byKey.get(key);
    // Never delivered at all: still news, whatever changed since.
    if (entry) queue.set(key, { type: state?.sent[key] === undefined ? type : (queue.get(key)?.type ?? type), entry });
  }
  return [...queue.values()]
    .filter(
      (a) => state?.sent[a.entry.key] !== a.entry.hash && state?.unknown?.[a.entry.key] !== a.entry.hash && channelWants(channel, a.entry),
    )
    .sort((a, b) => compareEntries(a.entry, b.entry));
}

export interface SendOptions {
  env: Record<string, string | undefined>;
  /** Attempts after the first, for 429, 5xx and network errors (default 3). */
  retries?: number;
  /** The first backoff delay, doubled on each retry (default 1000 ms). */
  backoffMs?: number;
  /** The longest wait, also for a Retry-After (default 60 s). */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Saves the state; called with everything due before the first request, before each
   * request and after each answer. Without it nothing survives a run that dies.
   */
  onProgress?: (state: SentState) => void;
  /**
   * Awaited at two points of the run, with the state saved as it stands: `queued` once
   * everything due is in the outbox and nothing is sent yet, `delivered` once a receiver has
   * answered and before that is saved. The command lets tests stop a process there.
   */
  checkpoint?: (stage: 'queued' | 'delivered') => Promise<void>;
  log?: (line: string) => void;
}

export interface ChannelSummary {
  channel: string;
  type: Channel['type'];
  sent: number;
  /** Not delivered: the failed one and everything after it; pending for the next run. */
  pending: number;
  /** Chat channels: how many may or may not have been posted (not sent again); absent when none. */
  unknown?: number;
  error?: string;
}

/** Channels that cannot drop a repeat: a request that went out unanswered is never sent again. */
export const CANNOT_DROP_REPEATS: readonly Channel['type'][] = ['slack', 'discord', 'teams', 'mattermost'];

/** A delivery that failed; `retry` says whether trying again could help, `mayHaveArrived` that the request went out before it failed. */
export class DeliveryError extends Error {
  readonly retry: boolean;
  readonly retryAfterMs: number | undefined;
  readonly mayHaveArrived: boolean;
  constructor(message: string, retry: boolean, retryAfterMs?: number, mayHaveArrived = false) {
    super(message);
    this.name = 'DeliveryError';
    this.retry = retry;
    this.retryAfterMs = retryAfterMs;
    this.mayHaveArrived = mayHaveArrived;
  }
}

/** `Retry-After` as milliseconds: seconds, or an HTTP date counted from the response's own `Date`. */
export function retryAfterMs(value: string | null, responseDate: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  // Seconds; Discord sends fractions ("0.5").
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.ceil(Number(value.trim()) * 1000);
  const at = Date.parse(value);
  const sent = responseDate ? Date.parse(responseDate) : Number.NaN;
  if (Number.isNaN(at) || Number.isNaN(sent)) return undefined;
  return Math.max(0, at - sent);
}

const realSleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * Runs `attempt` until it succeeds, a final error, or the retries run out. When a request
 * may have arrived and the channel cannot drop a repeat (`repeatable` false), it is not
 * tried again.
 */
async function withRetries(attempt: () => Promise<void>, options: SendOptions, repeatable: boolean): Promise<void> {
  const { retries = 3, backoffMs = 1000, maxDelayMs = 60_000, sleep = realSleep } = options;
  for (let n = 0; ; n++) {
    try {
      await attempt();
      return;
    } catch (error) {
      const e = error instanceof DeliveryError ? error : new DeliveryError((error as Error).message, true);
      if (!e.retry || n >= retries || (e.mayHaveArrived && !repeatable)) throw e;
      const delay = Math.min(maxDelayMs, e.retryAfterMs ?? backoffMs * 2 ** n);
      options.log?.(`  ${e.message}; trying again in ${Math.round(delay)} ms`);
      await sleep(delay);
    }
  }
}

/** Connection errors that happen before a request is written: nothing arrived, so trying again cannot repeat it. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * How a receiver is named in logs and errors: its host (and port) only. Its path, query and
 * user name or password are the secret of a webhook URL and never printed.
 */
export function receiverHost(url: string): string {
  return URL.canParse(url) ? new URL(url).host : 'an address that is not a URL';
}

/**
 * One POST of a JSON body; throws a DeliveryError on anything but 2xx, naming the host and
 * at most the HTTP status line (a receiver's reply may echo what it was sent).
 */
async function post(url: string, body: string, headers: Record<string, string>, timeoutSeconds: number): Promise<void> {
  const host = receiverHost(url);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'statusmark-notify', ...headers },
      signal: AbortSignal.timeout(timeoutSeconds * 1000),
      redirect: 'error',
    });
  } catch (error) {
    const code = (error as Error & { cause?: { code?: string } }).cause?.code;
    if ((error as Error).name === 'TimeoutError')
      throw new DeliveryError(`${host}: no answer in ${timeoutSeconds} s`, true, undefined, true);
    // The error's own message may quote the URL: only its code is shown.
    throw new DeliveryError(`${host}: ${code ?? 'the request failed'}`, true, undefined, !code || !NOT_CONNECTED.has(code));
  }
  await response.body?.cancel();
  if (response.ok) return;
  const retry = response.status === 429 || response.status >= 500;
  throw new DeliveryError(
    `${host}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
    retry,
    retry ? retryAfterMs(response.headers.get('retry-after'), response.headers.get('date')) : undefined,
  );
}

/** A receiver's URL (from the channel's environment variable): http(s), without a user name or password. */
function receiverUrl(channel: Exclude<Channel, EmailChannel>, env: SendOptions['env']): string {
  const url = env[channel.url_env]!;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
    throw new DeliveryError(`${channel.url_env} does not hold an http(s) URL`, false);
  const parsed = new URL(url);
  if (parsed.username || parsed.password)
    throw new DeliveryError(
      `${parsed.host}: the URL in ${channel.url_env} carries a user name or password, which requests cannot send; drop them from it`,
      false,
    );
  return url;
}

/** The request body and headers for an HTTP channel; `mine` is the record in the channel's language `lang`. */
function httpRequest(
  channel: Exclude<Channel, EmailChannel>,
  a: Announcement,
  mine: PublishedRecord,
  lang: string,
  env: SendOptions['env'],
): { url: string; body: string; headers: Record<string, string> } {
  const url = receiverUrl(channel, env);
  const view = messageView(a, mine, lang);
  const payload =
    channel.type === 'webhook'
      ? webhookPayload(a, mine)
      : channel.type === 'slack'
        ? slackPayload(view)
        : channel.type === 'discord'
          ? discordPayload(view, a.entry.at)
          : channel.type === 'teams'
            ? teamsPayload(view)
            : mattermostPayload(view);
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = {};
  if (channel.type === 'webhook') {
    // A receiver can drop a repeat: the same delivery id is the same announcement.
    headers['X-Statusmark-Delivery'] = deliveryId(a.entry);
    if (channel.secret_env) headers['X-Statusmark-Signature'] = signature(body, env[channel.secret_env]!);
  }
  return { url, body, headers };
}

/** A webhook's `X-Statusmark-Delivery`: the same for every attempt of one announcement, in this run or the next. */
export function deliveryId(entry: Pick<RecordEntry, 'key' | 'hash'>): string {
  return `${entry.key}@${entry.hash}`;
}

/** Loopback hosts: a relay on the same machine. */
export function isLoopback(host: string): boolean {
  return /^(localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i.test(host);
}

/**
 * The channel's SMTP transport. Nodemailer is loaded only for a run that mails: a site whose
 * channels are all webhooks and chats starts notify without it (about 0.15 s of CPU time).
 */
async function mailer(channel: EmailChannel, env: SendOptions['env']) {
  const { default: nodemailer } = await import('nodemailer');
  const { host, port, secure, user_env, password_env, tls } = channel.smtp;
  // TLS before anything is said, unless the channel names a trusted relay; a loopback relay that is given no credentials needs none.
  const requireTLS = !secure && tls === 'required' && (user_env !== undefined || !isLoopback(host));
  return nodemailer.createTransport({
    host,
    port,
    secure,
    requireTLS,
    ...(user_env ? { auth: { user: env[user_env]!, pass: password_env ? env[password_env]! : '' } } : {}),
    connectionTimeout: channel.timeout * 1000,
    greetingTimeout: channel.timeout * 1000,
    socketTimeout: channel.timeout * 1000,
  });
}

/**
 * SMTP: 4xx replies and connection errors are worth another try; 5xx replies are final,
 * and so is a server that offers no TLS where it is required (nothing was sent to it).
 */
function smtpError(error: unknown, channel: EmailChannel): DeliveryError {
  const e = error as Error & { responseCode?: number; code?: string };
  if (e.code === 'ETLS' || /STARTTLS/i.test(e.message)) {
    return new DeliveryError(
      `SMTP: ${channel.smtp.host}:${channel.smtp.port} offers no STARTTLS, and TLS is required before credentials or mail are sent; use secure: true (port 465) if it speaks TLS from the start, or tls: none-trusted-relay for a relay you trust on your own network`,
      false,
    );
  }
  const code = e.responseCode;
  return new DeliveryError(
    `SMTP: ${code ?? e.code ?? ''} ${e.message}`.replace(/\s+/g, ' ').trim(),
    code === undefined || (code >= 400 && code < 500),
  );
}

/**
 * Sends every planned announcement on every channel; returns the new state and a
 * summary per channel. Never throws for a delivery problem: it is in the summary.
 *
 * Exactly once: first everything due on every channel goes into the outbox (`pending`)
 * and is saved; then each request is marked `sending` and saved before it goes out, and
 * moved to `sent` and saved once answered. A run that dies leaves the rest pending; a
 * request it left `sending` is sent again to a webhook (same `X-Statusmark-Delivery`, so
 * the receiver drops a repeat) and by e-mail (same Message-ID), and reported as unknown,
 * never sent again, on a chat channel.
 */
export async function dispatch(
  config: NotifyConfig,
  before: PublishedRecord | null,
  after: PublishedRecord,
  state: SentState,
  options: SendOptions,
): Promise<{ state: SentState; summary: ChannelSummary[] }> {
  const next: SentState = {
    version: STATE_VERSION,
    channels: structuredClone(state.channels),
    baseline: after,
    ...(state.handoffFrom ? { handoffFrom: structuredClone(state.handoffFrom) } : {}),
  };
  const save = () => options.onProgress?.(next);
  const summary: ChannelSummary[] = [];
  const live = new Set(after.entries.map((e) => e.key));
  const plans = config.channels.map((channel) => {
    const own = (next.channels[channel.name] ??= { sent: {}, pending: {} });
    const result: ChannelSummary = { channel: channel.name, type: channel.type, sent: 0, pending: 0 };
    summary.push(result);
    // A request a dead run left going out: on a chat channel it may have been posted.
    for (const [key, hash] of Object.entries(own.sending ?? {})) {
      if (CANNOT_DROP_REPEATS.includes(channel.type) && live.has(key)) {
        (own.unknown ??= {})[key] = hash;
        delete own.pending[key];
        result.unknown = (result.unknown ?? 0) + 1;
        result.error = `${key}: unknown whether it was posted (an earlier run stopped while sending it); not sent again, as ${channel.type} cannot drop a repeat; check the channel`;
        options.log?.(`${channel.name}: ${result.error}`);
      }
    }
    delete own.sending;
    const plan = planChannel(channel, before, after, own);
    for (const a of plan) own.pending[a.entry.key] ??= a.type;
    return { channel, own, plan, result };
  });
  save();
  await options.checkpoint?.('queued');
  for (const { channel, own, plan, result } of plans) {
    const lang = channelLanguage(channel, after);
    const mine = recordIn(after, lang);
    const repeatable = !CANNOT_DROP_REPEATS.includes(channel.type);
    const missing = channelEnv(channel).filter((name) => !options.env[name]);
    const transport = channel.type === 'email' && !missing.length ? await mailer(channel, options.env) : undefined;
    for (let i = 0; i < plan.length; i++) {
      const a = plan[i]!;
      try {
        if (missing.length) throw new DeliveryError(`environment variable ${missing.join(', ')} is not set`, false);
        const send =
          channel.type === 'email'
            ? (() => {
                const m = emailMessage(a, mine, lang);
                return async () => {
                  try {
                    await transport!.sendMail({
                      from: channel.from,
                      to: channel.to,
                      subject: m.subject,
                      text: m.text,
                      html: m.html,
                      messageId: m.messageId,
                      ...(m.inReplyTo ? { inReplyTo: m.inReplyTo } : {}),
                      ...(m.references ? { references: m.references } : {}),
                      list: { unsubscribe: channel.unsubscribe },
                      date: new Date(a.entry.at),
                    });
                  } catch (error) {
                    throw smtpError(error, channel);
                  }
                };
              })()
            : (() => {
                const request = httpRequest(channel, a, mine, lang, options.env);
                return () => post(request.url, request.body, request.headers, channel.timeout);
              })();
        own.sending = { [a.entry.key]: a.entry.hash };
        save();
        await withRetries(send, options, repeatable);
        await options.checkpoint?.('delivered');
        own.sent[a.entry.key] = a.entry.hash;
        delete own.pending[a.entry.key];
        delete own.sending;
        result.sent++;
        options.log?.(`${channel.name}: sent ${a.type === 'correction' ? 'correction ' : ''}${a.entry.key}`);
        save();
      } catch (error) {
        delete own.sending;
        const e = error as DeliveryError;
        let rest = plan.slice(i);
        if (e.mayHaveArrived && !repeatable) {
          (own.unknown ??= {})[a.entry.key] = a.entry.hash;
          delete own.pending[a.entry.key];
          result.unknown = (result.unknown ?? 0) + 1;
          rest = plan.slice(i + 1);
          result.error = `${a.entry.key}: ${e.message}; unknown whether it was posted, and not sent again, as ${channel.type} cannot drop a repeat; check the channel`;
        } else {
          result.error = `${a.entry.key}: ${e.message}`;
        }
        for (const r of rest) own.pending[r.entry.key] ??= r.type;
        result.pending = rest.length;
        save();
        break;
      }
    }
    transport?.close();
    // Forget keys the site no longer publishes, so the state stays as small as the record.
    for (const map of [own.sent, own.pending, own.unknown ?? {}]) for (const key of Object.keys(map)) if (!live.has(key)) delete map[key];
    if (own.unknown && !Object.keys(own.unknown).length) delete own.unknown;
  }
  return { state: next, summary };
}
