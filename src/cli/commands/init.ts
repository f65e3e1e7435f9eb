/**
 * `statusmark init DIR`: a new status page in one command. Asks for what the flags do not
 * give (in a terminal, or from piped answers, one a line), unless --yes; checks every
 * answer with the content schema (src/lib/authoring/scaffold.ts); writes the site; runs `git init`
 * and installs the pre-commit hook. Refuses a folder that already has files in it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import {
  answerProblem,
  answerProblems,
  DEFAULT_GROUP,
  nextCommands,
  serviceProblems,
  parseServiceAnswer,
  siteFiles,
  splitUrl,
  startDay,
  type ServiceAnswer,
  type SiteAnswers,
} from '../../lib/authoring/scaffold.ts';
import { type Options, readArguments } from '../arguments.ts';
import type { Summary } from '../command.ts';
import { CliError } from '../errors.ts';
import { installHook } from '../hook.ts';
import { packageFacts } from '../package-facts.ts';
import { resolveNow } from '../../lib/content/clock.ts';

export const summary: Summary = {
  forms: ['DIR [--name N] [--url URL] [--timezone ZONE] [--start YYYY-MM-DD] [--service ID=NAME [--group G]]... [--yes]'],
  notes: ['a new status page in DIR, committed on main (asks for what the flags do not give; init --help)'],
};

export const usage = `Usage: statusmark init DIR [--name NAME] [--url URL] [--base PATH] [--timezone ZONE]
                       [--start YYYY-MM-DD] [--group G] [--service ID=NAME]... [--yes]

Writes a new status page into DIR (which must be empty or absent): content/, astro.config.mjs,
package.json, the GitHub workflows, .gitignore and a README for the team; then git init on
branch main, a first commit of every file it wrote (as the author git config names; with no
identity configured it says what to run), and the pre-commit hook. Prints the commands to
run next. Without --yes it asks for what the flags do not give.
  --url        where the page is served; a path (https://acme.github.io/status) becomes base: /status/
  --service    repeatable; --group applies to the --service flags after it (default "${DEFAULT_GROUP}")
  --timezone   an IANA zone such as Europe/Berlin (default with --yes: UTC)
  --start      the day the services went live, each service's start: (default: today in the zone)`;

/** `--group A --service a=X --service b=Y --group B --service c=Z`: each service takes the group given before it. */
function servicesFromFlags(tokens: ReturnType<typeof readArguments>['tokens']): ServiceAnswer[] {
  let group = DEFAULT_GROUP;
  const services: ServiceAnswer[] = [];
  for (const t of tokens) {
    if (t.kind !== 'option' || t.value === undefined) continue;
    if (t.name === 'group') group = t.value;
    if (t.name === 'service') {
      const parsed = parseServiceAnswer(t.value, group);
      if (typeof parsed === 'string') throw new CliError(`--service ${parsed}`);
      services.push(parsed);
    }
  }
  return services;
}

const FLAGS = {
  name: { type: 'string' },
  url: { type: 'string' },
  base: { type: 'string' },
  timezone: { type: 'string' },
  start: { type: 'string' },
  service: { type: 'string', multiple: true },
  group: { type: 'string', multiple: true },
  yes: { type: 'boolean', short: 'y' },
} as const satisfies Options;

/** What is in a folder that is not empty, for the refusal: "content/, README.md". */
function contentsOf(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
    .sort();
}

/** Questions, one answer a line: from a terminal, or piped. */
function asker(): {
  ask: (question: string, fallback?: string, check?: (answer: string) => string | undefined) => Promise<string>;
  close: () => void;
} {
  const rl = createInterface({ input: process.stdin, terminal: false });
  // The iterator keeps lines that arrive before their question (piped answers).
  const lines = rl[Symbol.asyncIterator]();
  return {
    async ask(question, fallback, check) {
      // Asked again until the answer passes the check (the schema's rule), which says what is wrong.
      for (;;) {
        process.stdout.write(`${question}${fallback ? ` [${fallback}]` : ''}: `);
        const next = await lines.next();
        if (next.done) throw new CliError(`no answer to "${question}" (the input ended); give it as a flag, or --yes for the defaults`);
        if (!process.stdin.isTTY) process.stdout.write('\n');
        const answer = next.value.trim() || fallback || '';
        const problem = check?.(answer);
        if (!problem) return answer;
        console.log(`  ${JSON.stringify(answer)} ${problem}`);
      }
    },
    close: () => rl.close(),
  };
}

async function answers(argv: string[]): Promise<{ dir: string; answers: SiteAnswers }> {
  const { values, positionals, tokens } = readArguments(argv, FLAGS, true, (message) => new CliError(`${message}\n\n${usage}`));
  if (positionals.length > 1 || (values.yes && !positionals.length)) {
    throw new CliError(
      `name one folder to create the page in, e.g. statusmark init my-status${positionals.length ? ` (got ${positionals.join(', ')})` : ''}\n\n${usage}`,
    );
  }
  let services = servicesFromFlags(tokens);
  let { name, url, base, timezone, start } = values;
  let folder = positionals[0];
  const q = values.yes ? undefined : asker();
  const refuseNonEmpty = () => {
    const there = contentsOf(resolve(folder!));
    if (there.length) throw new CliError(`${folder} is not empty (it holds ${there.join(', ')}); choose a new folder, nothing was written`);
  };
  if (folder !== undefined) refuseNonEmpty();
  if (q) {
    try {
      if (folder === undefined) {
        folder = await q.ask('Folder for the new page', 'status-page');
        refuseNonEmpty();
      }
      name ??= await q.ask('Name of the page (e.g. Acme Status)', undefined, (a) => answerProblem('name', a));
      url ??= await q.ask('URL it is served at (e.g. https://status.acme.com or https://acme.github.io/status)', undefined, (a) =>
        answerProblem('url', a),
      );
      base ??= splitUrl(url) ? await q.ask('Base path', splitUrl(url)!.base, (a) => answerProblem('base', a)) : undefined;
      timezone ??= await q.ask('Time zone', Intl.DateTimeFormat().resolvedOptions().timeZone, (a) => answerProblem('timezone', a));
      start ??= await q.ask('Day the services went live (uptime counts from it)', startDay(today(), timezone), (a) =>
        answerProblem('start', a),
      );
      if (!services.length) {
        console.log('Services, one a line as id=Name (e.g. api=Public API); an empty line ends the list.');
        for (;;) {
          const line = await q.ask(`Service ${services.length + 1}`);
          if (!line && services.length) break;
          if (!line) {
            console.log('  a page needs at least one service');
            continue;
          }
          const group = await q.ask('  its group', services.at(-1)?.group ?? DEFAULT_GROUP);
          const s = parseServiceAnswer(line, group);
          // The same checks as the whole list gets at the end, on the list so far with this one.
          const problems = typeof s === 'string' ? [s] : serviceProblems([...services, s]);
          if (problems.length) console.log(problems.map((p) => `  ${p}; not added`).join('\n'));
          else if (typeof s !== 'string') services = [...services, s];
        }
      }
    } finally {
      q.close();
    }
  }
  if (name === undefined) throw new CliError('--name is required with --yes');
  if (url === undefined) throw new CliError('--url is required with --yes');
  const split = splitUrl(url);
  if (!split) throw new CliError(`--url ${JSON.stringify(url)} must be an http:// or https:// URL`);
  const dir = resolve(folder!);
  const zone = timezone ?? 'UTC';
  // A zone that is not one is reported by answerProblems below; today in UTC stands in until then.
  const firstDay = startDay(today(), answerProblem('timezone', zone) ? 'UTC' : zone);
  const result: SiteAnswers = {
    name: name.trim(),
    url: split.url,
    base: base ?? split.base,
    timezone: zone,
    start: start ?? firstDay,
    services,
  };
  const problems = answerProblems(result);
  if (problems.length) throw new CliError(`${problems.join('\n')}\nnothing was written`);
  return { dir, answers: result };
}

export async function run(argv: string[]): Promise<number> {
  const { dir, answers: a } = await answers(argv);
  const files = siteFiles(a, packageFacts());
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir, stdio: 'inherit' });
  const shown = relative(process.cwd(), dir) || '.';
  const message = `Status page: ${a.name}, made by statusmark init`;
  execFileSync('git', ['add', '--all'], { cwd: dir, stdio: 'inherit' });
  // Before the hook: the hook runs the installed statusmark, and nothing is installed yet.
  // user.useConfigOnly: git must not make up an author from the machine's user and host name.
  const committed = spawnSync('git', ['-c', 'user.useConfigOnly=true', 'commit', '-q', '-m', message], { cwd: dir, encoding: 'utf8' });
  installHook(dir);
  const next = nextCommands(a, shown)
    .map((line) => `  ${line}`)
    .join('\n');
  if (committed.status !== 0) {
    const said = committed.stderr
      .trim()
      .split('\n')
      .map((line) => `  git: ${line}`)
      .join('\n');
    // --no-verify: the hook just installed runs the installed statusmark, and npm install comes later; init checked the content itself.
    const commit = `git commit --no-verify -m "${message}"`;
    const noIdentity = /user\.email|user\.name|identity|who you are/i.test(committed.stderr);
    console.error(`statusmark init: wrote ${a.name} in ${shown} (${Object.keys(files).length} files, staged) but could not commit them${noIdentity ? ': git has no author to commit as' : ''}.
${said}
${
  noIdentity
    ? `Tell git who you are (once per machine), then make the first commit:
  cd ${shown}
  git config --global user.name "Your Name"
  git config --global user.email you@example.com
  ${commit}`
    : `Fix what git says above, then make the first commit:
  cd ${shown}
  ${commit}`
}
Then:
${next}`);
    return 1;
  }
  console.log(`Created ${a.name} in ${shown}: ${Object.keys(files).length} files, committed on branch main ("${message}"), with the pre-commit hook.

Next (publishing needs Settings > Pages > Source: GitHub Actions in the repository):
${next}
First incident:
  npx statusmark new --title "Slow logins" --service ${a.services[0]!.id}=degraded --message "We are looking into it."`);
  return 0;
}

/** Now by the build's clock (STATUSMARK_NOW pins it, as for every other command). */
function today(): Date {
  return resolveNow(process.env, {}, new Date()).now;
}
