/**
 * The service's log: one JSON object a line on stdout (or the sink given), one line per
 * event. An e-mail address never appears in clear: `who(address)` is a short keyed hash
 * (HMAC-SHA-256 with the service's secret, 12 hex digits), the same for the same address
 * so a team can follow one subscriber through the log, useless to anyone without the key.
 * As a second guard, any address left in a string field is replaced by its hash.
 */
import { createHmac } from 'node:crypto';

export type Level = 'info' | 'warn' | 'error';
export type Fields = Record<string, string | number | boolean | null | undefined>;

export interface Log {
  info(event: string, fields?: Fields): void;
  warn(event: string, fields?: Fields): void;
  error(event: string, fields?: Fields): void;
  /** The short keyed hash that stands for `address` in the log. */
  who(address: string): string;
}

/** Something that looks like an e-mail address inside a longer text (SMTP replies quote them). */
const ADDRESS_IN_TEXT = /[^\s@<>"'(),;:[\]]+@[^\s@<>"'(),;:[\]]+/g;

export function createLog(secret: string, write: (line: string) => void = (line) => process.stdout.write(line)): Log {
  const who = (address: string) => createHmac('sha256', secret).update(address.trim().toLowerCase()).digest('hex').slice(0, 12);
  const line = (level: Level, event: string, fields: Fields = {}) => {
    const clean: Fields = {};
    for (const [name, value] of Object.entries(fields))
      clean[name] = typeof value === 'string' ? value.replace(ADDRESS_IN_TEXT, (a) => `<${who(a)}>`) : value;
    write(`${JSON.stringify({ time: new Date().toISOString(), level, event, ...clean })}\n`);
  };
  return {
    info: (event, fields) => line('info', event, fields),
    warn: (event, fields) => line('warn', event, fields),
    error: (event, fields) => line('error', event, fields),
    who,
  };
}
