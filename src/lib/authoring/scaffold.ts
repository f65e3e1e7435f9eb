/**
 * `statusmark init`: the answers a new site starts from, checked with the content
 * schema's own rules, and the files written from them. Pure: the command line
 * (src/cli/commands/init.ts) asks, reads the flags and writes; this module decides.
 */
import { stringify } from 'yaml';
import { serviceSchema, siteSchema } from '../content/schema.ts';
import { slugify } from '../content/slug.ts';
import { dayKey } from '../languages/time.ts';

/** One service of the new page, as `--service id=Name [--group G]` gives it. */
export interface ServiceAnswer {
  id: string;
  name: string;
  group: string;
}

/** Everything `init` needs to know about the new page. */
export interface SiteAnswers {
  name: string;
  /** The origin only (https://acme.github.io); a path goes in `base`. */
  url: string;
  /** `/` or `/status/`. */
  base: string;
  timezone: string;
  /** The day the services went live (`YYYY-MM-DD` in the site's zone), written as each service's `start:`. */
  start: string;
  services: ServiceAnswer[];
}

/** The Statusmark release the site is written for, read from the package itself. */
export interface PackageFacts {
  version: string;
  /** The Astro range the package is a plugin for (its peer dependency). */
  astro: string;
  /** The pinned Node (the `node` devDependency), and the install scripts allowed, as the package's own package.json has them. */
  node: string;
  allowScripts: Record<string, boolean>;
  /** This repository's .github/workflows files, as the package ships them (compiled/workflows/). */
  workflows: Record<WorkflowName, string>;
}

/** The group services go in when none is given. */
export const DEFAULT_GROUP = 'Services';

/**
 * A URL as typed, split into the origin (site.yaml `url`) and the path it is served under
 * (`base`): https://acme.github.io/status → https://acme.github.io and /status/.
 * `undefined` when it is not an http(s) URL.
 */
export function splitUrl(text: string): { url: string; base: string } | undefined {
  const trimmed = text.trim();
  if (!/^https?:\/\//i.test(trimmed) || !URL.canParse(trimmed)) return undefined;
  const u = new URL(trimmed);
  const parts = u.pathname.split('/').filter(Boolean);
  return { url: u.origin, base: parts.length ? `/${parts.join('/')}/` : '/' };
}

/**
 * `--service api=Public API` → { id: 'api', name: 'Public API' }. A name alone
 * (`Public API`) gets the id its slug gives. Returns an error message otherwise.
 */
export function parseServiceAnswer(text: string, group: string = DEFAULT_GROUP): ServiceAnswer | string {
  const eq = text.indexOf('=');
  const name = (eq < 0 ? text : text.slice(eq + 1)).trim();
  const id = eq < 0 ? slugify(name) : text.slice(0, eq).trim();
  if (!name) return `"${text}": write id=Name, e.g. api=Public API`;
  return { id, name, group: group.trim() };
}

/** The day `now` falls on in the site's zone: the services' `start:` when init is not told another. */
export function startDay(now: Date, timeZone: string): string {
  return dayKey(now, { timeZone, locale: 'en-GB' });
}

/** What is wrong with one answer to a question of `init` (the schema's own rule), or undefined. */
export function answerProblem(field: 'name' | 'url' | 'base' | 'timezone' | 'start', value: string): string | undefined {
  if (field === 'url') return splitUrl(value) ? undefined : 'must be an http:// or https:// URL';
  if (field === 'start') {
    const start = serviceSchema.shape.start.safeParse(value);
    // The schema's message quotes the value; the callers quote it themselves.
    return start.success ? undefined : start.error.issues[0]?.message.replace(/^"[^"]*" /, '');
  }
  const result = siteSchema.in.shape[field].safeParse(value);
  return result.success ? undefined : result.error.issues[0]?.message;
}

/** Each problem in the answers, as "--flag: message" (the flag a person would fix). Empty when all is well. */
export function answerProblems(a: SiteAnswers): string[] {
  const problems: string[] = [];
  const site = siteSchema.safeParse({ name: a.name, url: a.url, base: a.base, timezone: a.timezone });
  const flagOf: Record<string, string> = { name: '--name', url: '--url', base: '--base', timezone: '--timezone' };
  if (!site.success) {
    for (const issue of site.error.issues)
      problems.push(
        `${flagOf[String(issue.path[0])] ?? String(issue.path[0])}: ${JSON.stringify(a[issue.path[0] as keyof SiteAnswers])} ${issue.message}`,
      );
  }
  const start = answerProblem('start', a.start);
  if (start) problems.push(`--start: ${JSON.stringify(a.start)} ${start}`);
  if (!a.services.length) problems.push('--service: name at least one service, e.g. --service api="Public API"');
  return [...problems, ...serviceProblems(a.services)];
}

/** Each problem in a list of services: the schema's rules, an id given twice, a service named like a group. */
export function serviceProblems(services: readonly ServiceAnswer[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const s of services) {
    const parsed = serviceSchema.safeParse(s);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0]);
        problems.push(
          `${field === 'group' ? '--group' : '--service'} ${s.id}=${s.name}: ${field} ${JSON.stringify(s[field as keyof ServiceAnswer])} ${issue.message}`,
        );
      }
    }
    if (seen.has(s.id)) problems.push(`--service ${s.id}=${s.name}: the id "${s.id}" is given twice`);
    seen.add(s.id);
  }
  const groups = new Set(services.map((s) => s.group));
  for (const s of services)
    if (groups.has(s.name))
      problems.push(`--service ${s.id}=${s.name}: a service may not have the name of a group; choose another name or --group`);
  return problems;
}

/** A YAML scalar, quoted where YAML needs it. */
function scalar(value: string): string {
  return stringify(value).trimEnd();
}

/** content/site.yaml: no demo, no snapshot (the page shows the real time). */
function siteYaml(a: SiteAnswers): string {
  return [
    '# Statusmark site settings. The Statusmark manual ("Run a page") documents every field.',
    `name: ${scalar(a.name)}`,
    `url: ${scalar(a.url)}`,
    a.base === '/' ? '# base: /status/          # when the page is served under a path' : `base: ${scalar(a.base)}`,
    `description: ${scalar(`Live and past status of ${a.name.replace(/\s+status$/i, '')}.`)}`,
    `timezone: ${scalar(a.timezone)}`,
    'locale: en-GB',
    '# languages: [en, zh-CN]  # the page in several languages, the first at /, the others under /zh-cn/ …',
    '# logo: /logo.svg        # an image in public/',
    '# accent: "#0b57d0"      # links and focus rings; needs 4.5:1 contrast on the page',
    'history_days: 7',
    '',
  ].join('\n');
}

/** content/services.yaml, in the order given; each service counts its uptime from `start:`. */
function servicesYaml(a: SiteAnswers): string {
  const entries = a.services.map(
    (s) => `  - id: ${scalar(s.id)}\n    name: ${scalar(s.name)}\n    group: ${scalar(s.group)}\n    start: ${scalar(a.start)}\n`,
  );
  return `# The services the page reports on, in the order they are listed.\n# start: the day a service went live; its uptime counts from that day.\nservices:\n${entries.join('')}`;
}

/** package.json: the site depends on statusmark and Astro and pins Node as Statusmark itself does. */
function packageJson(a: SiteAnswers, facts: PackageFacts): string {
  const pkg = {
    name: slugify(a.name) || 'status-page',
    private: true,
    type: 'module',
    scripts: {
      dev: 'astro dev',
      build: 'astro build',
      preview: 'astro preview',
      validate: 'statusmark validate',
      statusmark: 'statusmark',
    },
    allowScripts: facts.allowScripts,
    dependencies: { astro: facts.astro, statusmark: `^${facts.version}` },
    devDependencies: { node: facts.node },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

const ASTRO_CONFIG = `// @ts-check
// The status page: Statusmark builds every page from the content/ folder.
// Settings (name, URL, base path, time zone) live in content/site.yaml.
import { defineConfig } from 'astro/config';
import { statusmark } from 'statusmark';

export default defineConfig({
  integrations: [statusmark({ content: './content' })],
});
`;

const GITIGNORE = `node_modules/
dist/
.astro/
.statusmark/
*.log
`;

/** The workflows a site gets: this repository's own (.github/workflows), shipped in the package. */
export type WorkflowName = 'deploy.yml' | 'test.yml' | 'alert-drafts.yml';

/**
 * Where a site's workflow differs from this repository's, and why: each `repository` text
 * must occur exactly once in this repository's file and becomes `site` in the site's.
 * Everything else is the same bytes, so the two cannot drift apart.
 */
export const SITE_SPECIFIC: Record<WorkflowName, { repository: string; site: string; why: string }[]> = {
  'alert-drafts.yml': [],
  'deploy.yml': [
    {
      why: 'a site has no src/cli/due.sh of its own: it takes the one of the statusmark release it uses, from the package tarball alone (no npm install)',
      repository: '          sh src/cli/due.sh\n',
      site: [
        '          spec=$(jq -r \'.packages["node_modules/statusmark"].version // empty\' package-lock.json 2>/dev/null || true)',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion in the workflow
        "          spec=${spec:-$(jq -r '.dependencies.statusmark' package.json)}",
        '          tarball=$(npm pack --silent --pack-destination "$RUNNER_TEMP" "statusmark@$spec")',
        '          tar -xzf "$RUNNER_TEMP/$tarball" -C "$RUNNER_TEMP" package/src/cli/due.sh',
        '          sh "$RUNNER_TEMP/package/src/cli/due.sh"',
        '',
      ].join('\n'),
    },
  ],
  'test.yml': [
    {
      why: 'the site checks its content and builds; the rest is for testing Statusmark itself',
      repository: '# Validate the content and run every test on each pull request (and on main).\n',
      site: '# Check the content and build it on every pull request (and on main).\n',
    },
    {
      why: "the browser, feed and hosting tools are for Statusmark's own tests",
      repository:
        '      - name: Chromium, feedparser and nginx for the browser, feed and hosting tests\n        run: sudo apt-get update && sudo apt-get install -y chromium python3-feedparser nginx || sudo apt-get install -y chromium-browser python3-feedparser nginx\n',
      site: '',
    },
    {
      why: 'a site builds its pages; Statusmark runs its test suite (which builds too)',
      repository: '      - name: Test\n        run: npm test\n        env:\n          STATUSMARK_CHROMIUM: /usr/bin/chromium\n',
      site: '      - name: Build (fails, naming file and line, if any content file is invalid)\n        run: npm run build\n',
    },
  ],
};

/** A site's workflow from this repository's: the SITE_SPECIFIC replacements, each found exactly once. */
export function siteWorkflow(name: WorkflowName, repository: string): string {
  let text = repository;
  for (const change of SITE_SPECIFIC[name]) {
    const at = text.indexOf(change.repository);
    if (at < 0 || text.indexOf(change.repository, at + 1) >= 0) {
      throw new Error(
        `.github/workflows/${name}: the repository's text of a site-specific change (${change.why}) is ${at < 0 ? 'not there' : 'there more than once'}; update SITE_SPECIFIC in src/lib/authoring/scaffold.ts with the workflow`,
      );
    }
    text = text.slice(0, at) + change.site + text.slice(at + change.repository.length);
  }
  return text;
}

/** The team's README: how to post, how to publish, how to upgrade. */
function readme(a: SiteAnswers): string {
  const first = a.services[0]!;
  return `# ${a.name}

The status page at ${a.url}${a.base}, built by [Statusmark](https://www.npmjs.com/package/statusmark)
from the Markdown files in \`content/\`.

## Post an incident

\`\`\`sh
npx statusmark new --title "Slow logins" --service ${first.id}=degraded --message "We are looking into it."
npx statusmark update <slug> --state identified --message "Found it: ..."
npx statusmark resolve <slug>
\`\`\`

Each command writes or edits one file in \`content/incidents/\`; commit and push it (or add
\`--commit\`). Maintenance: \`npx statusmark maintenance\`; notices: \`npx statusmark notice\`;
what is open now: \`npx statusmark list\`. Every command: \`npx statusmark --help\`.
A commit whose content is broken is refused by the pre-commit hook (\`statusmark validate --staged\`).

## Publish

\`npm run build\` writes the site to \`dist/\`. On GitHub, \`.github/workflows/deploy.yml\`
publishes it to GitHub Pages on every push to main (Settings > Pages > Source: GitHub Actions),
and every 30 minutes checks the live page and rebuilds only when something is due (a
maintenance window opening, a notice expiring, the day rolling over). Preview locally with
\`npm run dev\`.

To announce updates on Slack, Discord, Teams, Mattermost, webhooks or e-mail, list the
channels in \`content/notify.yaml\` (the Statusmark manual, "Notify") and map
each variable it names to a repository secret in the \`env:\` of the notify step of
\`.github/workflows/deploy.yml\`. The steps it runs: \`npx statusmark notify --help\`.

## Change the page

- Name, URL, time zone, logo, accent colour: \`content/site.yaml\`.
- Services: \`content/services.yaml\`.
- Extra pages: \`src/pages/\` (ordinary Astro pages).
- Header, footer, the text above the service list: the \`components\` option in
  \`astro.config.mjs\` (see the Statusmark manual, "Customising").

## Upgrade

\`npm update statusmark\`, then \`npx statusmark migrate\` when the release notes say the
content format changed (it rewrites the files and says what it changed).
`;
}

/**
 * The GitHub repository a github.io page is published from (https://acme.github.io/status
 * → https://github.com/acme/status.git; https://acme.github.io → acme/acme.github.io), or a
 * placeholder the team fills in for a page on its own domain.
 */
export function remoteFor(a: Pick<SiteAnswers, 'url' | 'base'>): string {
  const owner = /^https:\/\/([a-z0-9-]+)\.github\.io$/i.exec(a.url)?.[1];
  if (!owner) return 'https://github.com/YOUR-ACCOUNT/YOUR-REPOSITORY.git';
  const project = a.base.split('/').filter(Boolean)[0];
  return `https://github.com/${owner.toLowerCase()}/${project ?? `${owner.toLowerCase()}.github.io`}.git`;
}

/** What to run after `init`, in order: the lines it prints, and the manual's "Start your own page" the same. */
export function nextCommands(a: SiteAnswers, folder: string): string[] {
  return [
    `cd ${/^[\w./-]+$/.test(folder) ? folder : JSON.stringify(folder)}`,
    'npm install',
    `npm run dev                # the page at http://localhost:4321${a.base}; Ctrl+C to stop`,
    `git remote add origin ${remoteFor(a)}   # an empty repository, made on GitHub first`,
    'git push -u origin main',
  ];
}

const KEEP = '';

/** Every file of the new site, by its path relative to the site's folder. */
export function siteFiles(a: SiteAnswers, facts: PackageFacts): Record<string, string> {
  return {
    'package.json': packageJson(a, facts),
    'astro.config.mjs': ASTRO_CONFIG,
    '.gitignore': GITIGNORE,
    'README.md': readme(a),
    '.github/workflows/test.yml': siteWorkflow('test.yml', facts.workflows['test.yml']),
    '.github/workflows/deploy.yml': siteWorkflow('deploy.yml', facts.workflows['deploy.yml']),
    '.github/workflows/alert-drafts.yml': siteWorkflow('alert-drafts.yml', facts.workflows['alert-drafts.yml']),
    'content/site.yaml': siteYaml(a),
    'content/services.yaml': servicesYaml(a),
    'content/incidents/.gitkeep': KEEP,
    'content/maintenance/.gitkeep': KEEP,
    'content/notices/.gitkeep': KEEP,
    'public/.gitkeep': KEEP,
    'src/pages/.gitkeep': KEEP,
  };
}
