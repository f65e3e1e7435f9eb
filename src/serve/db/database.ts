/**
 * The subscription database: Kysely over SQLite (Node's built-in node:sqlite, one file,
 * nothing to install) or PostgreSQL (pg, when DATABASE_URL is set), with the same tables,
 * migrations and queries for both. Times are stored as ISO 8601 UTC text of fixed width,
 * which both compare correctly as text.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { type Generated, Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.ts';
import { migrate } from './migrations.ts';

export interface SubscribersTable {
  /** Random, url-safe: names the subscriber in links, never the address. */
  id: string;
  /** Lower-cased, checked (src/lib/subscriptions/address.ts). */
  address: string;
  /** A language of the site. */
  language: string;
  /** JSON array of service ids, or null for every service. */
  services: string | null;
  state: 'pending' | 'confirmed' | 'bounced';
  created_at: string;
  confirmed_at: string | null;
  /** When the last confirmation mail went out (at most one an hour). */
  confirm_mailed_at: string | null;
  /** Why sending stopped (the SMTP reply of a permanent failure), when bounced. */
  bounced_reason: string | null;
}

export interface TokensTable {
  /** SHA-256 (keyed with the service's secret) of the token; the token itself is never stored. */
  hash: string;
  subscriber_id: string;
  purpose: 'confirm';
  expires_at: string;
  used_at: string | null;
}

/** An update handed over by `statusmark notify`, kept until its deliveries are done. */
export interface EntriesTable {
  /** The delivery id of notify (its key, and the hash of what it says for a correction). */
  id: string;
  /** The notify record's entry key. */
  entry_key: string;
  /** JSON: { announcement, site } as handed over. */
  payload: string;
  received_at: string;
  /** Order of arrival: deliveries go out entry by entry in this order. */
  seq: number;
}

export type DeliveryState = 'pending' | 'sending' | 'sent' | 'unknown' | 'bounced' | 'failed';

export interface DeliveriesTable {
  subscriber_id: string;
  entry_id: string;
  state: DeliveryState;
  attempts: number;
  updated_at: string;
}

export interface RateLimitsTable {
  /** What is limited: `address:<hash>` or `client:<hash>`. */
  bucket: string;
  window_start: string;
  count: number;
}

export interface Tables {
  subscribers: SubscribersTable;
  tokens: TokensTable;
  entries: EntriesTable;
  deliveries: DeliveriesTable;
  rate_limits: RateLimitsTable;
}

export type Db = Kysely<Tables>;
export type { Generated };

/** node:sqlite's DatabaseSync in the shape Kysely's SqliteDialect drives (better-sqlite3's): parameters as an array, `reader` from the columns. */
function sqliteAdapter(file: string): SqliteDatabase {
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;');
  return {
    close: () => db.close(),
    prepare: (text: string) => {
      // A transaction takes the write lock when it begins, waiting for it (busy_timeout) if another
      // process holds it. Begun as a reader (SQLite's default), one that then writes fails at once
      // with "database is locked" when another connection wrote meanwhile: no wait helps then.
      const statement = db.prepare(/^\s*begin\s*$/i.test(text) ? 'begin immediate' : text);
      const reader = statement.columns().length > 0;
      const args = (parameters: ReadonlyArray<unknown>) =>
        parameters.map((p) => (typeof p === 'boolean' ? Number(p) : p)) as SQLInputValue[];
      return {
        reader,
        all: (parameters) => statement.all(...args(parameters)),
        run: (parameters) => {
          const { changes, lastInsertRowid } = statement.run(...args(parameters));
          return { changes, lastInsertRowid };
        },
        iterate: (parameters) => statement.iterate(...args(parameters)),
      };
    },
  };
}

/** How long a new PostgreSQL connection may take to be ready before it fails (the server stopped answering). */
export const PG_CONNECT_TIMEOUT_MS = 5_000;
/**
 * How long one PostgreSQL query may take: the client gives up after this (query_timeout, which
 * also ends the wait on a server that stopped answering), the server cancels it a little
 * earlier (statement_timeout), so /healthz answers 503 and a sign-up 303 instead of hanging.
 */
export const PG_QUERY_TIMEOUT_MS = 5_000;

/**
 * Opens the database the configuration names and brings its tables up to date; with
 * `migrate: false` (a reader such as `statusmark subscribers`) it changes nothing: the
 * tables may then be missing (see `hasTables`).
 */
export async function openDatabase(config: DatabaseConfig, options: { migrate?: boolean } = {}): Promise<Db> {
  let db: Db;
  if (config.kind === 'sqlite') {
    mkdirSync(dirname(config.file), { recursive: true });
    db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqliteAdapter(config.file) }) });
  } else {
    const pool = new pg.Pool({
      connectionString: config.url,
      max: 5,
      connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
      query_timeout: PG_QUERY_TIMEOUT_MS,
      statement_timeout: PG_QUERY_TIMEOUT_MS - 500,
    });
    // An idle client whose server went away must not crash the process; the next query reports it.
    pool.on('error', () => {});
    db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  }
  if (options.migrate === false) return db;
  try {
    await migrate(db as unknown as Kysely<unknown>);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

/** Resolves when the database answers a query. */
export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

/** Whether the subscription tables exist (a service has run its migrations on this database). */
export async function hasTables(db: Db): Promise<boolean> {
  const tables = await db.introspection.getTables();
  return tables.some((t) => t.name === 'subscribers');
}
