import { describe, expect, it } from 'vitest';
import { answerProblem, answerProblems, parseServiceAnswer, siteFiles, splitUrl, type PackageFacts, type SiteAnswers } from './scaffold.ts';
import { parseServices, parseSite } from './parse.ts';

const facts: PackageFacts = { version: '0.2.0', astro: '^7.3.5', node: '^24.21.0', allowScripts: { node: true, esbuild: true } };
const acme: SiteAnswers = {
  name: 'Acme: Status',
  url: 'https://acme.github.io',
  base: '/status/',
  timezone: 'Europe/Berlin',
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
  });
});

describe('answerProblems', () => {
  it('accepts good answers', () => {
    expect(answerProblems(acme)).toEqual([]);
  });
  it('names the flag and the value of each problem, with the schema rule', () => {
    const problems = answerProblems({
      ...{ name: ' ', url: 'https://acme.com', base: '/', timezone: 'Mars/Olympus' },
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
    expect(services.value?.services.map((s) => [s.id, s.name, s.group])).toEqual([
      ['api', 'Public API', 'Core'],
      ['web', 'Website #1', 'Other'],
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
