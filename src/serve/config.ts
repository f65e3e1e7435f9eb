/**
 * The companion service's configuration. Secrets (the database URL, the SMTP URL with its
 * password, the key for hashes, the hand-off token) come ONLY from the environment; the
 * command line gives only what is not secret (the content folder, where to listen).
 * Every problem is named by the variable that holds it, and all are reported at once.
 */
import { resolve } from 'node:path';

export type DatabaseConfig = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export interface MailConfig {
  /** smtp:// or smtps://, with user:password when the relay wants them. */
  url: string;
  /** The From: address of every mail. */
  from: string;
  /** At most this many mails per second to the relay, every mail the service sends counted. */
  perSecond: number;
}

export interface ServeConfig {
  host: string;
  port: number;
  contentDir: string;
  database: DatabaseConfig;
  /** Keys the hashes of tokens and the short hashes that stand for addresses in the logs (STATUSMARK_SERVE_SECRET). */
  secret: string;
  /** The bearer token `statusmark notify` hands deliveries over with; absent: the hand-off is refused. */
  handoffToken?: string;
  /** Absent: the service takes no sign-ups (no SMTP relay configured). */
  mail?: MailConfig;
  /** The service's own public URL, for the links in mails (else site.yaml's subscriptions.url). */
  publicUrl?: string;
  /** Behind a reverse proxy: the client is the last address of X-Forwarded-For (STATUSMARK_TRUST_PROXY=1). */
  trustProxy: boolean;
}

/** A configuration that cannot be used: every problem, one a line. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.problems = problems;
  }
}

/** The file SQLite keeps subscribers in when DATABASE_URL is not set. */
export const DEFAULT_DATABASE_FILE = '.statusmark/subscribers.sqlite';
export const DEFAULT_PORT = 8787;
export const DEFAULT_MAILS_PER_SECOND = 10;
/** The key for hashes must be long enough that guessing it is hopeless. */
export const MIN_SECRET_LENGTH = 32;

/** What `statusmark serve --help` says about the environment. */
export const ENVIRONMENT_HELP = `Environment (secrets are read only from here)
  STATUSMARK_SERVE_SECRET  required: at least ${MIN_SECRET_LENGTH} characters; keys the stored token hashes and the
                           short hashes that stand for e-mail addresses in the logs
  DATABASE_URL             postgres://user:password@host:port/db: keep subscribers in PostgreSQL
  STATUSMARK_DB            without DATABASE_URL: the SQLite file (default ${DEFAULT_DATABASE_FILE})
  SMTP_URL                 smtp://user:password@relay:587 or smtps://…:465; without it, no sign-ups.
                           Credentials are sent only over TLS (STARTTLS is required for smtp://)
  STATUSMARK_MAIL_FROM     the From: address of the mails (required with SMTP_URL)
  STATUSMARK_MAIL_RATE     mails per second to the relay, every mail counted (default ${DEFAULT_MAILS_PER_SECOND})
  STATUSMARK_SERVE_TOKEN   the token \`statusmark notify\` hands new updates over with (at least ${MIN_SECRET_LENGTH} characters)
  STATUSMARK_PUBLIC_URL    the service's public https:// URL (default: site.yaml's subscriptions.url)
  STATUSMARK_TRUST_PROXY   1 behind a reverse proxy: rate limits count the client in X-Forwarded-For
  HOST, PORT               where to listen (default 127.0.0.1:${DEFAULT_PORT})
  STATUSMARK_CONTENT       the content folder (default ./content)`;

/** A bearer token's characters (RFC 6750 b64token): letters, digits, - . _ ~ + /, then any number of =. */
export const BEARER_TOKEN = /^[A-Za-z0-9._~+/-]+=*$/;

const EMAIL = /^[^\s@<>"',;]+@[^\s@<>"',;]+\.[^\s@<>"',;]+$/;

function httpUrl(value: string, name: string, problems: string[]): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.href.replace(/\/$/, '');
  } catch {
    // reported below
  }
  problems.push(`${name}: "${value}" is not an http(s) URL`);
  return undefined;
}

/** The database the environment names: PostgreSQL with DATABASE_URL, else the SQLite file. Problems are added to `problems`. */
export function databaseConfig(env: Record<string, string | undefined>, cwd: string, problems: string[]): DatabaseConfig {
  if (!env.DATABASE_URL) return { kind: 'sqlite', file: resolve(cwd, env.STATUSMARK_DB || DEFAULT_DATABASE_FILE) };
  if (!/^postgres(ql)?:\/\//.test(env.DATABASE_URL)) problems.push('DATABASE_URL: must start with postgres:// or postgresql://');
  return { kind: 'postgres', url: env.DATABASE_URL };
}

/**
 * The configuration from `env` (and the options given on the command line, which win over
 * HOST, PORT and STATUSMARK_CONTENT); throws a ConfigError naming every bad variable.
 */
export function readConfig(
  env: Record<string, string | undefined>,
  cwd: string,
  options: { host?: string; port?: string; content?: string } = {},
): ServeConfig {
  const problems: string[] = [];
  const portText = options.port ?? env.PORT ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    problems.push(`${options.port ? '--port' : 'PORT'}: "${portText}" is not a port number (0-65535)`);
  const host = options.host ?? env.HOST ?? '127.0.0.1';

  const secret = env.STATUSMARK_SERVE_SECRET ?? '';
  if (secret.length < MIN_SECRET_LENGTH)
    problems.push(
      `STATUSMARK_SERVE_SECRET: ${secret ? `only ${secret.length} characters` : 'not set'}; give at least ${MIN_SECRET_LENGTH} random characters (openssl rand -hex 32)`,
    );

  const handoffToken = env.STATUSMARK_SERVE_TOKEN || undefined;
  if (handoffToken && handoffToken.length < MIN_SECRET_LENGTH)
    problems.push(`STATUSMARK_SERVE_TOKEN: only ${handoffToken.length} characters; give at least ${MIN_SECRET_LENGTH} random characters`);
  // What an HTTP bearer token may hold (RFC 6750's b64token, as Hono's bearerAuth checks it): any other token is never accepted.
  if (handoffToken && !BEARER_TOKEN.test(handoffToken))
    problems.push(
      'STATUSMARK_SERVE_TOKEN: holds characters a bearer token cannot; use only letters A-Z a-z, digits 0-9 and . _ ~ + / - (= only at the end), e.g. openssl rand -hex 32',
    );

  const database = databaseConfig(env, cwd, problems);

  let mail: MailConfig | undefined;
  if (env.SMTP_URL) {
    const from = env.STATUSMARK_MAIL_FROM ?? '';
    const rateText = env.STATUSMARK_MAIL_RATE ?? String(DEFAULT_MAILS_PER_SECOND);
    const perSecond = Number(rateText);
    let scheme = '';
    try {
      scheme = new URL(env.SMTP_URL).protocol;
    } catch {
      // reported below
    }
    if (scheme !== 'smtp:' && scheme !== 'smtps:')
      problems.push('SMTP_URL: must be smtp://host:port or smtps://host:port (with user:password@ when needed)');
    if (!EMAIL.test(from))
      problems.push(`STATUSMARK_MAIL_FROM: ${from ? `"${from}" is not an e-mail address` : 'not set (required with SMTP_URL)'}`);
    if (!(perSecond > 0) || !Number.isFinite(perSecond))
      problems.push(`STATUSMARK_MAIL_RATE: "${rateText}" is not a positive number of mails per second`);
    mail = { url: env.SMTP_URL, from, perSecond };
  } else if (env.STATUSMARK_MAIL_FROM) problems.push('SMTP_URL: not set, but STATUSMARK_MAIL_FROM is: give the relay too');

  const trustProxy = env.STATUSMARK_TRUST_PROXY ?? '';
  if (!['', '0', '1'].includes(trustProxy)) problems.push(`STATUSMARK_TRUST_PROXY: "${trustProxy}" is neither 1 nor 0`);
  const publicUrl = env.STATUSMARK_PUBLIC_URL ? httpUrl(env.STATUSMARK_PUBLIC_URL, 'STATUSMARK_PUBLIC_URL', problems) : undefined;
  if (problems.length) throw new ConfigError(problems);
  return {
    host,
    port,
    contentDir: resolve(cwd, options.content ?? (env.STATUSMARK_CONTENT || 'content')),
    database,
    secret,
    trustProxy: trustProxy === '1',
    ...(handoffToken ? { handoffToken } : {}),
    ...(mail ? { mail } : {}),
    ...(publicUrl ? { publicUrl } : {}),
  };
}
