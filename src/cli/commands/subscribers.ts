/**
 * `statusmark subscribers list|export|delete <address>`: what the subscription service
 * keeps, read from the same database (DATABASE_URL, else the SQLite file), so a team can
 * answer for it: who is subscribed, everything stored about one address, and erasure.
 */
import { existsSync } from 'node:fs';
import { parseAddress } from '../../lib/subscriptions/address.ts';
import { count } from '../../lib/languages/plural.ts';
import { databaseConfig, DEFAULT_DATABASE_FILE } from '../../serve/config.ts';
import { type Db, hasTables, openDatabase } from '../../serve/db/database.ts';
import { allSubscribers, deleteSubscriber, deliveriesOf, type Subscriber, subscriberByAddress } from '../../serve/subscriptions/store.ts';
import { readArguments } from '../arguments.ts';
import type { Summary } from '../command.ts';
import { CliError } from '../errors.ts';

export const summary: Summary = {
  forms: ['list | export [ADDRESS] | delete ADDRESS'],
  notes: ['the e-mail subscribers statusmark serve keeps, from its database (subscribers --help)'],
};

export const usage = `Usage: statusmark subscribers list
       statusmark subscribers export [ADDRESS]
       statusmark subscribers delete ADDRESS

Reads the subscription service's database: PostgreSQL when DATABASE_URL is set, else the
SQLite file STATUSMARK_DB (default ${DEFAULT_DATABASE_FILE}), as \`statusmark serve\` does.
It never creates or changes its tables (only \`statusmark serve\` does).

  list            one line per subscriber: address, state, language, services, signed up, confirmed
  export          every subscriber as JSON, with all that is stored about them (their delivery records
                  too); with ADDRESS, that one. Confirmation tokens are not exported: only their keyed
                  hashes are stored, which open nothing
  delete ADDRESS  erase the subscriber with everything stored about them (their pending mails too);
                  no goodbye mail is sent
  -h, --help      this text

Exit codes
  0  done
  1  the address is not subscribed, or the database cannot be opened
  2  a bad command line`;

/** One subscriber as the export shows it: the stored row, services read back, and their delivery records. */
async function exportedWithDeliveries(db: Db, s: Subscriber) {
  const deliveries = await deliveriesOf(db, s.id);
  return {
    ...exported(s),
    deliveries: deliveries.map((d) => ({ update: d.entry_key, state: d.state, attempts: Number(d.attempts), at: d.updated_at })),
  };
}

/** One subscriber as the list shows it: the stored row, services read back. */
function exported(s: Subscriber) {
  return {
    address: s.address,
    state: s.state,
    language: s.language,
    services: s.services === null ? 'all' : (JSON.parse(s.services) as string[]),
    signedUp: s.created_at,
    confirmed: s.confirmed_at,
    lastConfirmationMail: s.confirm_mailed_at,
    bouncedBecause: s.bounced_reason,
  };
}

function address(text: string | undefined): string {
  if (!text) throw new CliError(`give the address\n\n${usage}`, 2);
  const parsed = parseAddress(text);
  if (!parsed.ok) throw new CliError(`"${text}" is not an e-mail address (${parsed.reason})`, 2);
  return parsed.address;
}

export async function run(argv: string[], env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Promise<number> {
  const { positionals } = readArguments(argv, {}, true, (message) => new CliError(`${message}\n\n${usage}`, 2));
  const [action, target, ...extra] = positionals;
  if (!action || !['list', 'export', 'delete'].includes(action) || extra.length || (action === 'list' && target))
    throw new CliError(`${action ? `unknown or malformed: ${positionals.join(' ')}` : 'say list, export or delete'}\n\n${usage}`, 2);
  const problems: string[] = [];
  const config = databaseConfig(env, cwd, problems);
  if (problems.length) throw new CliError(problems.join('\n'));
  if (config.kind === 'sqlite' && !existsSync(config.file))
    throw new CliError(`${config.file}: no subscription database here (set DATABASE_URL or STATUSMARK_DB as for statusmark serve)`);
  let db: Db;
  const kind = config.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  try {
    db = await openDatabase(config, { migrate: false });
  } catch (error) {
    throw new CliError(`cannot open the ${kind} database: ${(error as Error).message}`);
  }
  try {
    let ready: boolean;
    try {
      ready = await hasTables(db);
    } catch (error) {
      throw new CliError(`cannot read the ${kind} database: ${(error as Error).message}`);
    }
    if (!ready) {
      if (action === 'delete')
        throw new CliError(
          `${address(target)}: not subscribed; nothing deleted (no subscribers yet: statusmark serve has not set up this database)`,
        );
      if (action === 'export' && target)
        throw new CliError(`${target}: not subscribed (no subscribers yet: statusmark serve has not set up this database)`);
      if (action === 'export') console.log('[]');
      console.error('no subscribers yet (statusmark serve has not set up this database)');
      return 0;
    }
    if (action === 'list') {
      const all = await allSubscribers(db);
      for (const s of all) {
        const e = exported(s);
        console.log(
          [
            e.address,
            e.state,
            e.language,
            typeof e.services === 'string' ? e.services : e.services.join(','),
            e.signedUp,
            e.confirmed ?? '-',
          ].join('\t'),
        );
      }
      console.error(count(all.length, 'subscriber'));
      return 0;
    }
    if (action === 'export') {
      const list = target ? [await subscriberByAddress(db, address(target))] : await allSubscribers(db);
      if (list[0] === undefined && target) throw new CliError(`${target}: not subscribed`);
      const out = [];
      for (const s of list as Subscriber[]) out.push(await exportedWithDeliveries(db, s));
      console.log(JSON.stringify(out, null, 2));
      console.error('confirmation tokens are not exported: only their keyed hashes are stored, which open nothing');
      return 0;
    }
    const who = address(target);
    const s = await subscriberByAddress(db, who);
    if (!s || !(await deleteSubscriber(db, s.id))) throw new CliError(`${who}: not subscribed; nothing deleted`);
    console.log(`statusmark subscribers: deleted ${who} and everything stored about them`);
    return 0;
  } finally {
    await db.destroy();
  }
}
