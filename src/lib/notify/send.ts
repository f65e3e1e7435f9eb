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
import nodemailer from 'nodemailer';
import { channelEnv, channelWants, type Channel, type EmailChannel, type NotifyConfig } from './config.ts';
import { discordPayload, emailMessage, mattermostPayload, messageView, signature, slackPayload, teamsPayload, webhookPayload } from './messages.ts';
import { compareEntries, diffRecords, parseJson, recordHas, recordIn, recordLanguage, type Announcement, type PublishedRecord } from './record.ts';

export interface ChannelState {
  /** Key → hash of what this channel has delivered. */
  sent: Record<string, string>;
  /** Key → how it is to be announced, for what a failed run could not deliver. */
  pending: Record<string, Announcement['type']>;
}

export interface SentState {
  version: 1;
  channels: Record<string, ChannelState>;
}

export const emptyState = (): SentState => ({ version: 1, channels: {} });

/** Reads a sent-state file's text; names `source` when it is not one. */
export function parseState(text: string, source: string): SentState {
  const s = parseJson(text, source) as Partial<SentState> | null;
  if (!s || s.version !== 1 || typeof s.channels !== 'object' || s.channels === null) throw new Error(`${source}: not a Statusmark sent-state file (version 1 with channels)`);
  return s as SentState;
}

/** The language a channel speaks: its own `language`, else the site's default. */
export function channelLanguage(channel: Pick<Channel, 'language'>, record: PublishedRecord): string {
  return channel.language ?? recordLanguage(record);
}

/**
 * What one channel is to send this run, oldest first: what failed before, then what is
 * new, each entry as the channel's language words it (`recordIn`), known by that
 * language's hash. When the live record did not have that language yet, what is new or
 * corrected is judged by the default language, so a site that gains a language does not
 * announce every recent entry again as a correction.
 */
export function planChannel(channel: Channel, before: PublishedRecord | null, after: PublishedRecord, state: ChannelState | undefined): Announcement[] {
  const lang = channelLanguage(channel, after);
  const mine = recordIn(after, lang);
  const byKey = new Map(mine.entries.map((e) => [e.key, e]));
  const queue = new Map<string, Announcement>();
  const judged = !before || recordHas(before, lang) ? lang : recordLanguage(after);
  for (const a of diffRecords(before && recordIn(before, judged), recordIn(after, judged))) queue.set(a.entry.key, { type: a.type, entry: byKey.get(a.entry.key)! });
  for (const [key, type] of Object.entries(state?.pending ?? {})) {
    const entry = byKey.get(key);
    // Never delivered at all: still news, whatever changed since.
    if (entry) queue.set(key, { type: state?.sent[key] === undefined ? type : queue.get(key)?.type ?? type, entry });
  }
  return [...queue.values()]
    .filter((a) => state?.sent[a.entry.key] !== a.entry.hash && channelWants(channel, a.entry))
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
  /** Called after every delivery, so the caller can save the state as it goes. */
  onProgress?: (state: SentState) => void;
  log?: (line: string) => void;
}

export interface ChannelSummary {
  channel: string;
  type: Channel['type'];
  sent: number;
  /** Not delivered: the failed one and everything after it; pending for the next run. */
  pending: number;
  error?: string;
}

/** A delivery that failed; `retry` says whether trying again could help. */
export class DeliveryError extends Error {
  readonly retry: boolean;
  readonly retryAfterMs: number | undefined;
  constructor(message: string, retry: boolean, retryAfterMs?: number) {
    super(message);
    this.name = 'DeliveryError';
    this.retry = retry;
    this.retryAfterMs = retryAfterMs;
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

/** Runs `attempt` until it succeeds, a final error, or the retries run out. */
async function withRetries(attempt: () => Promise<void>, options: SendOptions): Promise<void> {
  const { retries = 3, backoffMs = 1000, maxDelayMs = 60_000, sleep = realSleep } = options;
  for (let n = 0; ; n++) {
    try {
      await attempt();
      return;
    } catch (error) {
      const e = error instanceof DeliveryError ? error : new DeliveryError((error as Error).message, true);
      if (!e.retry || n >= retries) throw e;
      const delay = Math.min(maxDelayMs, e.retryAfterMs ?? backoffMs * 2 ** n);
      options.log?.(`  ${e.message}; trying again in ${Math.round(delay)} ms`);
      await sleep(delay);
    }
  }
}

/** One POST of a JSON body; throws a DeliveryError on anything but 2xx. */
async function post(url: string, body: string, headers: Record<string, string>, timeoutSeconds: number): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'application/json', 'User-Agent': 'statusmark-notify', ...headers }, signal: AbortSignal.timeout(timeoutSeconds * 1000), redirect: 'error' });
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause?.code;
    throw new DeliveryError(`${new URL(url).host}: ${(error as Error).name === 'TimeoutError' ? `no answer in ${timeoutSeconds} s` : (cause ?? (error as Error).message)}`, true);
  }
  if (response.ok) {
    await response.body?.cancel();
    return;
  }
  const text = (await response.text()).slice(0, 200).replace(/\s+/g, ' ').trim();
  const retry = response.status === 429 || response.status >= 500;
  throw new DeliveryError(`${new URL(url).host}: HTTP ${response.status}${text ? ` ${text}` : ''}`, retry, retry ? retryAfterMs(response.headers.get('retry-after'), response.headers.get('date')) : undefined);
}

/** The request body and headers for an HTTP channel; `mine` is the record in the channel's language `lang`. */
function httpRequest(channel: Exclude<Channel, EmailChannel>, a: Announcement, mine: PublishedRecord, lang: string, env: SendOptions['env']): { url: string; body: string; headers: Record<string, string> } {
  const url = channel.type === 'webhook' && channel.url ? channel.url : env[channel.url_env!]!;
  const view = messageView(a, mine, lang);
  const payload =
    channel.type === 'webhook' ? webhookPayload(a, mine)
    : channel.type === 'slack' ? slackPayload(view)
    : channel.type === 'discord' ? discordPayload(view, a.entry.at)
    : channel.type === 'teams' ? teamsPayload(view)
    : mattermostPayload(view);
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = {};
  if (channel.type === 'webhook') {
    // A receiver can drop a repeat: the same delivery id is the same announcement.
    headers['X-Statusmark-Delivery'] = `${a.entry.key}@${a.entry.hash}`;
    if (channel.secret_env) headers['X-Statusmark-Signature'] = signature(body, env[channel.secret_env]!);
  }
  return { url, body, headers };
}

function mailer(channel: EmailChannel, env: SendOptions['env']) {
  const { host, port, secure, user_env, password_env } = channel.smtp;
  return nodemailer.createTransport({
    host,
    port,
    secure,
    ...(user_env ? { auth: { user: env[user_env]!, pass: password_env ? env[password_env]! : '' } } : {}),
    connectionTimeout: channel.timeout * 1000,
    greetingTimeout: channel.timeout * 1000,
    socketTimeout: channel.timeout * 1000,
  });
}

/** SMTP: 4xx replies and connection errors are worth another try; 5xx replies are final. */
function smtpError(error: unknown): DeliveryError {
  const e = error as Error & { responseCode?: number; code?: string };
  const code = e.responseCode;
  return new DeliveryError(`SMTP: ${code ?? e.code ?? ''} ${e.message}`.replace(/\s+/g, ' ').trim(), code === undefined || (code >= 400 && code < 500));
}

/**
 * Sends every planned announcement on every channel; returns the new state and a
 * summary per channel. Never throws for a delivery problem: it is in the summary.
 */
export async function dispatch(config: NotifyConfig, before: PublishedRecord | null, after: PublishedRecord, state: SentState, options: SendOptions): Promise<{ state: SentState; summary: ChannelSummary[] }> {
  const next: SentState = { version: 1, channels: structuredClone(state.channels) };
  const summary: ChannelSummary[] = [];
  for (const channel of config.channels) {
    const own = (next.channels[channel.name] ??= { sent: {}, pending: {} });
    const lang = channelLanguage(channel, after);
    const mine = recordIn(after, lang);
    const plan = planChannel(channel, before, after, own);
    const result: ChannelSummary = { channel: channel.name, type: channel.type, sent: 0, pending: 0 };
    summary.push(result);
    const missing = channelEnv(channel).filter((name) => !options.env[name]);
    const transport = channel.type === 'email' && !missing.length ? mailer(channel, options.env) : undefined;
    for (let i = 0; i < plan.length; i++) {
      const a = plan[i]!;
      try {
        if (missing.length) throw new DeliveryError(`environment variable ${missing.join(', ')} is not set`, false);
        if (channel.type === 'email') {
          const m = emailMessage(a, mine, lang);
          await withRetries(async () => {
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
              throw smtpError(error);
            }
          }, options);
        } else {
          const request = httpRequest(channel, a, mine, lang, options.env);
          await withRetries(() => post(request.url, request.body, request.headers, channel.timeout), options);
        }
        own.sent[a.entry.key] = a.entry.hash;
        delete own.pending[a.entry.key];
        result.sent++;
        options.log?.(`${channel.name}: sent ${a.type === 'correction' ? 'correction ' : ''}${a.entry.key}`);
        options.onProgress?.(next);
      } catch (error) {
        result.error = `${a.entry.key}: ${(error as Error).message}`;
        for (const rest of plan.slice(i)) own.pending[rest.entry.key] ??= rest.type;
        result.pending = plan.length - i;
        options.onProgress?.(next);
        break;
      }
    }
    transport?.close();
    // Forget keys the site no longer publishes, so the state stays as small as the record.
    const live = new Set(after.entries.map((e) => e.key));
    for (const key of Object.keys(own.sent)) if (!live.has(key)) delete own.sent[key];
    for (const key of Object.keys(own.pending)) if (!live.has(key)) delete own.pending[key];
  }
  return { state: next, summary };
}
