import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  answerProblem,
  answerProblems,
  nextCommands,
  parseServiceAnswer,
  remoteFor,
  siteFiles,
  siteWorkflow,
  splitUrl,
  startDay,
  type PackageFacts,
  type SiteAnswers,
} from './scaffold.ts';
import { parseServices, parseSite } from '../content/parse.ts';

const workflow = (name: string) => readFileSync(join(import.meta.dirname, '../../../.github/workflows', name), 'utf8');
const facts: PackageFacts = {
  version: '0.2.0',
  astro: '^7.3.5',
  node: '^24.21.0',
  allowScripts: { node: true, esbuild: true },
  workflows: { 'deploy.yml': workflow('deploy.yml'), 'test.yml': workflow('test.yml'), 'alert-drafts.yml': workflow('alert-drafts.yml') },
};
const acme: SiteAnswers = {
  name: 'Acme: Status',
  url: 'https://acme.github.io',
  base: '/status/',
  timezone: 'Europe/Berlin',
  start: '2025-03-01',
  services: [
    { id: 'api', name: 'Public API', group: 'Core' },
    { id: 'web', name: 'Website #1', group: 'Other' },
  ],
};

describe('splitUrl', () => {
  it('puts the path of a project site in base', () => {
    expect(splitUrl('https://acme.github.io/status')).toEqual({ url: 'https://acme.github.io', base: '/status/' });
    expect(splitUrl(' https://acme.github.io/a/b/ ')).toEqual({ url: 'https://acme.github.io', base: '/a/b/' });
  });
  it('gives base / for an origin, and nothing for what is not http(s)', () => {
    expect(splitUrl('https://status.acme.com/')).toEqual({ url: 'https://status.acme.com', base: '/' });
    expect(splitUrl('ftp://acme.com')).toBeUndefined();
    expect(splitUrl('status.acme.com')).toBeUndefined();
  });
});

describe('parseServiceAnswer', () => {
  it('reads id=Name, and makes the id from a name alone', () => {
    expect(parseServiceAnswer('api=Public API = v2', 'Core')).toEqual({ id: 'api', name: 'Public API = v2', group: 'Core' });
    expect(parseServiceAnswer('Web Chat')).toEqual({ id: 'web-chat', name: 'Web Chat', group: 'Services' });
  });
  it('refuses an empty name', () => {
    expect(parseServiceAnswer('api=  ')).toMatch(/write id=Name/);
  });
});

describe('answerProblem', () => {
  it('checks one answer with the schema rule of its field', () => {
    expect(answerProblem('timezone', 'Europe/Berlin')).toBeUndefined();
    expect(answerProblem('timezone', 'Berlin')).toBe('is not an IANA time zone such as Europe/Berlin or UTC');
    expect(answerProblem('name', '')).toBe('must not be empty');
    expect(answerProblem('base', 'a b')).toBe('must be a path such as /status/');
    expect(answerProblem('url', 'https://acme.github.io/status')).toBeUndefined();
    expect(answerProblem('url', 'acme.github.io')).toBe('must be an http:// or https:// URL');
    expect(answerProblem('start', '2024-02-29')).toBeUndefined();
    expect(answerProblem('start', '2025-02-29')).toBe('is not a valid date');
    expect(answerProblem('start', '1 March')).toBe('is not a date; write it as 2025-01-10');
  });
});

describe('startDay', () => {
  it("is the day in the site's zone, which may differ from UTC's", () => {
    const day = (at: Date, timeZone: string) =>
      new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
    const at = new Date('2025-03-01T22:30:00Z');
    expect(startDay(at, 'UTC')).toBe('2025-03-01');
    expect(startDay(at, 'Pacific/Kiritimati')).toBe('2025-03-02');
    expect(startDay(at, 'Pacific/Kiritimati')).toBe(day(at, 'Pacific/Kiritimati'));
    expect(startDay(new Date('2025-03-01T02:00:00Z'), 'America/Los_Angeles')).toBe('2025-02-28');
  });
});

describe('remoteFor and nextCommands', () => {
  it('names the GitHub repository a github.io page comes from', () => {
    expect(remoteFor({ url: 'https://acme.github.io', base: '/status/' })).toBe('https://github.com/acme/status.git');
    expect(remoteFor({ url: 'https://Acme.github.io', base: '/' })).toBe('https://github.com/acme/acme.github.io.git');
    expect(remoteFor({ url: 'https://status.acme.com', base: '/' })).toBe('https://github.com/YOUR-ACCOUNT/YOUR-REPOSITORY.git');
  });
  it('lists cd, install, preview, remote and push, in that order', () => {
    expect(nextCommands(acme, 'acme status').map((c) => c.split(/\s+#/)[0]!.trim())).toEqual([
      'cd "acme status"',
      'npm install',
      'npm run dev',
      'git remote add origin https://github.com/acme/status.git',
      'git push -u origin main',
    ]);
  });
});

describe('siteWorkflow', () => {
  it("changes only the documented lines of this repository's workflows", () => {
    const deploy = siteWorkflow('deploy.yml', workflow('deploy.yml'));
    expect(deploy).not.toContain('sh src/cli/due.sh');
    expect(deploy).toContain('sh "$RUNNER_TEMP/package/src/cli/due.sh"');
    expect(deploy.split('\n').length - workflow('deploy.yml').split('\n').length).toBe(4);
    const test = siteWorkflow('test.yml', workflow('test.yml'));
    expect(test).not.toMatch(/apt-get|npm test|STATUSMARK_CHROMIUM/);
    expect(test).toContain('        run: npm run build\n');
  });
});

describe('answerProblems', () => {
  it('accepts good answers', () => {
    expect(answerProblems(acme)).toEqual([]);
  });
  it('names the flag and the value of each problem, with the schema rule', () => {
    const problems = answerProblems({
      ...{ name: ' ', url: 'https://acme.com', base: '/', timezone: 'Mars/Olympus', start: '2025-02-30' },
      services: [
        { id: 'Bad_Id', name: 'A', group: 'G' },
        { id: 'status', name: 'B', group: 'G' },
        { id: 'b', name: 'G', group: 'G' },
        { id: 'b', name: 'C', group: 'G' },
      ],
    });
    expect(problems).toEqual([
      '--name: " " must not be empty',
      '--timezone: "Mars/Olympus" is not an IANA time zone such as Europe/Berlin or UTC',
      '--start: "2025-02-30" is not a valid date',
      '--service Bad_Id=A: id "Bad_Id" must be lowercase letters, digits and hyphens, e.g. web-chat',
      '--service status=B: id "status" "status" is reserved (the page\'s own badge is /badges/status.svg); choose another id',
      '--service b=C: the id "b" is given twice',
      '--service b=G: a service may not have the name of a group; choose another name or --group',
    ]);
  });
  it('asks for at least one service', () => {
    expect(answerProblems({ ...acme, services: [] })).toEqual(['--service: name at least one service, e.g. --service api="Public API"']);
  });
});

describe('siteFiles', () => {
  const files = siteFiles(acme, facts);
  it('writes a site.yaml the build reads back, without a snapshot', () => {
    const site = parseSite('site.yaml', files['content/site.yaml']!);
    expect(site.problems).toEqual([]);
    expect(site.value).toMatchObject({ name: 'Acme: Status', url: 'https://acme.github.io', base: '/status/', timeZone: 'Europe/Berlin' });
    expect(site.value).not.toHaveProperty('snapshot');
    expect(files['content/site.yaml']).not.toMatch(/^snapshot:/m);
  });
  it('writes the services in order, in their groups', () => {
    const services = parseServices('services.yaml', files['content/services.yaml']!, { timeZone: 'Europe/Berlin', locale: 'en-GB' });
    expect(services.problems).toEqual([]);
    expect(services.value?.services.map((s) => [s.id, s.name, s.group, s.start])).toEqual([
      // start: 2025-03-01 is midnight in Berlin (UTC+1 in winter), read as an instant.
      ['api', 'Public API', 'Core', new Date('2025-02-28T23:00:00Z')],
      ['web', 'Website #1', 'Other', new Date('2025-02-28T23:00:00Z')],
    ]);
  });
  it('depends on this release and its Astro, and pins Node as the package does', () => {
    const pkg = JSON.parse(files['package.json']!);
    expect(pkg.dependencies).toEqual({ astro: '^7.3.5', statusmark: '^0.2.0' });
    expect(pkg.devDependencies).toEqual({ node: '^24.21.0' });
    expect(pkg.allowScripts).toEqual({ node: true, esbuild: true });
    expect(pkg.name).toBe('acme-status');
  });
  it('has empty content folders, the workflows and the integration in astro.config.mjs', () => {
    expect(Object.keys(files).sort()).toEqual([
      '.github/workflows/alert-drafts.yml',
      '.github/workflows/deploy.yml',
      '.github/workflows/test.yml',
      '.gitignore',
      'README.md',
      'astro.config.mjs',
      'content/incidents/.gitkeep',
      'content/maintenance/.gitkeep',
      'content/notices/.gitkeep',
      'content/services.yaml',
      'content/site.yaml',
      'package.json',
      'public/.gitkeep',
      'src/pages/.gitkeep',
    ]);
    expect(files['astro.config.mjs']).toContain("integrations: [statusmark({ content: './content' })]");
    expect(files['README.md']).toContain('npx statusmark new --title "Slow logins" --service api=degraded');
  });
});
