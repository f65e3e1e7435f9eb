/**
 * `statusmark serve`: the companion service for e-mail subscriptions, deployed apart from
 * the static page (which never depends on it). Runs until SIGTERM or SIGINT, then finishes
 * the message it is sending and exits 0.
 */
import { ALERTS_ENVIRONMENT_HELP } from '../../serve/alerts/index.ts';
import { ConfigError, ENVIRONMENT_HELP, readConfig } from '../../serve/config.ts';
import { createLog } from '../../serve/log.ts';
import { ContentError, startService } from '../../serve/server.ts';
import { readArguments } from '../arguments.ts';
import type { Summary } from '../command.ts';
import { CliError } from '../errors.ts';

export const summary: Summary = {
  forms: ['[--host H] [--port P] [--content DIR]'],
  notes: ['run the subscription service (serve --help: its environment, signals, exit codes)'],
};

export const usage = `Usage: statusmark serve [--host H] [--port P] [--content DIR]

Runs the companion service: visitors subscribe to e-mail updates for the services they
choose, and \`statusmark notify\` hands it what each deploy made public. Deploy it apart from
the static page; the page never depends on it. It reads the site's content folder once, at
start (restart it after changing site.yaml or services.yaml), logs one JSON line per event on
stdout (e-mail addresses only as short keyed hashes), and answers GET /healthz.

  --host H       the address to listen on (default: $HOST, else 127.0.0.1)
  --port P       the port (default: $PORT, else 8787; 0: any free port, logged at start)
  --content DIR  the content folder (default: $STATUSMARK_CONTENT, else ./content)
  -h, --help     this text

${ENVIRONMENT_HELP}

${ALERTS_ENVIRONMENT_HELP}

Signals
  SIGTERM, SIGINT  stop accepting connections, finish the message being sent, exit 0

Exit codes
  0  stopped by a signal
  1  the configuration or the content is not valid, or the service could not start
  2  a bad option`;

export async function run(argv: string[], env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Promise<number> {
  const { values } = readArguments(
    argv,
    { host: { type: 'string' }, port: { type: 'string' }, content: { type: 'string' } },
    false,
    (message) => new CliError(`${message}\n\n${usage}`, 2),
  );
  let config: ReturnType<typeof readConfig>;
  try {
    config = readConfig(env, cwd, values);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(`the configuration is not valid:\n  ${error.problems.join('\n  ')}`);
    throw error;
  }
  const log = createLog(config.secret);
  try {
    const service = await startService(config, log);
    await service.stopped;
    return 0;
  } catch (error) {
    if (error instanceof ContentError) throw new CliError(`the content folder is not valid:\n${error.message}`);
    if (error instanceof ConfigError) throw new CliError(`the configuration is not valid:\n  ${error.problems.join('\n  ')}`);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL')
      throw new CliError(`cannot listen on ${config.host}:${config.port} (${code})`);
    // Anything else at start is the database (unreachable, refused, a failed migration): say which, without its URL.
    throw new CliError(`could not start: ${(error as Error).message}`);
  }
}
