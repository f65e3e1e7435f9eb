import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findContentDir, loadContent, loadNotifyConfig, loadSettings } from './load.ts';
import { tempFolders } from '../../dev/temp.ts';
import { formatProblem, sortProblems } from './problems.ts';

const root = resolve(import.meta.dirname, '../../..');
const load = (dir: string) => loadContent(join(root, dir), root);
const tempFolder = tempFolders('load');

describe('the bundled content', () => {
  it('validates cleanly and holds the worked example', () => {
    const result = load('content');
    expect(result.problems.map(formatProblem)).toEqual([]);
    const c = result.content!;
    expect(c.site.timeZone).toBe('Asia/Shanghai');
    expect(c.site.languages).toEqual(['zh-CN', 'en']);
    // Groups in the default language, Chinese; their ids from the English names.
    expect(c.groups.map((g) => [g.id, g.name, g.names?.['en'], g.services.map((s) => s.id)])).toEqual([
      ['accounts', '账户', 'Accounts', ['registration', 'login']],
      ['chat', '聊天', 'Chat', ['web-chat', 'mobile-app']],
      ['developer-platform', '开发者平台', 'Developer platform', ['api', 'api-console']],
      ['communications', '网站与通知', 'Communications', ['website', 'status-alerts']],
    ]);
    const attack = c.incidents[0]!;
    expect(attack.title).toBe('遭受大规模恶意攻击，新用户注册暂时受限');
    expect(attack.titles?.['en']).toBe('New registrations restricted after large-scale malicious attack');
    // Every update of the attack is written in both languages.
    expect(attack.updates.map((u) => Object.keys(u.texts ?? {}))).toEqual(Array(4).fill(['zh-CN', 'en']));
    // The front matter opens it with Registration down; the Identified update (10:20) moves it to partial outage.
    expect(attack.phases).toEqual([
      {
        from: new Date('2025-01-26T15:40:00Z'),
        impact: 'major',
        services: {
          registration: 'major_outage',
          'web-chat': 'degraded_performance',
          'mobile-app': 'degraded_performance',
          api: 'degraded_performance',
        },
      },
      {
        from: new Date('2025-01-27T02:20:00Z'),
        impact: 'major',
        services: {
          registration: 'partial_outage',
          'web-chat': 'degraded_performance',
          'mobile-app': 'degraded_performance',
          api: 'degraded_performance',
        },
      },
    ]);
    expect(attack.updates.map((u) => u.state)).toEqual(['investigating', 'identified', 'monitoring', 'resolved']);
    expect(c.notices).toHaveLength(1);
    expect(c.maintenance).toHaveLength(2);
  });
});

describe('loadSettings', () => {
  it("reads the demo's settings, rules and templates without its Markdown files", () => {
    const settings = loadSettings(join(root, 'content'), root);
    expect(settings.problems).toEqual([]);
    expect(settings.site?.languages).toEqual(['zh-CN', 'en']);
    expect(settings.services?.map((s) => s.id)).toContain('registration');
    expect(settings.alerts?.config?.rules.map((r) => r.template)).toEqual(['registrations-restricted', 'slowdown']);
    expect([...(settings.alerts?.templates.keys() ?? [])].sort()).toEqual(['registrations-restricted', 'slowdown']);
    expect(settings.ctx.zone).toEqual({ timeZone: 'Asia/Shanghai', locale: 'en-GB' });
  });
});

describe('a folder of broken files', () => {
  it('reports every problem at once with file, line and field', () => {
    const result = load('tests/fixtures/broken');
    expect(result.content).toBeUndefined();
    const lines = sortProblems(result.problems).map(formatProblem);
    const b = 'tests/fixtures/broken';
    expect(lines).toEqual([
      `${b}/incidents/2025-01-01-bad-yaml.md:3: yaml: Flow sequence in block collection must be sufficiently indented and end with a ]`,
      `${b}/incidents/2025-01-02-unknown-field.md:2: impact: is required: one of none | minor | major | critical`,
      `${b}/incidents/2025-01-02-unknown-field.md:3: severity: unknown field; expected one of title, lang, impact, services, started, resolved, postmortem, draft`,
      `${b}/incidents/2025-01-03-unknown-service.md:5: services.chat: "chat" is not a service in services.yaml; known: api, website, Web Chat`,
      `${b}/incidents/2025-01-04-bad-enums.md:3: impact: must be one of none | minor | major | critical (got "huge")`,
      `${b}/incidents/2025-01-04-bad-enums.md:5: services.api: must be one of degraded_performance | partial_outage | major_outage (got "down")`,
      `${b}/incidents/2025-01-05-no-offset.md:4: started: "2025-01-05 10:00" has no time zone offset; write it as 2025-01-27T09:30:00+08:00 (or 2025-01-27 09:30 +08:00, or …Z for UTC)`,
      `${b}/incidents/2025-01-06-resolved-before-started.md:5: resolved: is before started (6 Jan 2025, 10:00 UTC)`,
      `${b}/incidents/2025-01-06-resolved-before-started.md:8: update: is at 6 Jan 2025, 10:05 UTC, after the incident was resolved (6 Jan 2025, 09:00 UTC)`,
      `${b}/incidents/2025-01-07-update-before-start.md:7: update: is at 7 Jan 2025, 09:00 UTC, before the incident started (7 Jan 2025, 10:00 UTC)`,
      `${b}/incidents/2025-01-08-out-of-order.md:13: update: is out of time order: the file lists updates oldest first, but this one is earlier than the update at line 10`,
      `${b}/incidents/2025-01-09-bad-heading.md:7: update: heading "## Fixed 2025-01-09 10:05Z" has an unknown state "Fixed"; expected one of investigating | identified | monitoring | resolved, as in "## Investigating 2025-01-27 09:30 +08:00"`,
      `${b}/incidents/2025-01-10-resolved-but-last-update-open.md:8: update: the incident has resolved: 10 Jan 2025, 12:00 UTC, so its last update must be "resolved" (it is "monitoring")`,
      `${b}/incidents/2025-01-11-resolved-update-without-field.md:2: resolved: is missing: the last update (line 7) is "resolved"; add resolved: with its time`,
      `${b}/incidents/2025-01-12-empty-title.md:2: title: must not be empty`,
      `${b}/incidents/2025-01-13-no-front-matter.md:1: file: has no front matter; start the file with a --- line, the fields, and another --- line`,
      `${b}/incidents/Bad File Name.md:1: file name: must be YYYY-MM-DD-short-title.md in lowercase letters, digits and hyphens, at most 120 characters (for example YYYY-MM-DD-bad-file-name.md)`,
      `${b}/incidents/archive/2025-01-14-duplicate.md:1: file name: gives the slug "2025-01-14-duplicate", already used by ${b}/incidents/2025-01-14-duplicate.md`,
      `${b}/maintenance/ends-before-it-starts.md:4: scheduled_until: must be after scheduled_for (20 Jan 2025, 02:00 UTC)`,
      `${b}/notices/undated.md:2: posted: is required when there is no from: (feeds need a date)`,
      `${b}/notices/undated.md:3: level: must be one of info | warning (got "urgent")`,
      `${b}/services.yaml:5: services.1.id: "api" is already used at line 2`,
      `${b}/services.yaml:8: services.2.id: must be lowercase letters, digits and hyphens, e.g. web-chat`,
      `${b}/site.yaml:3: timezone: is not an IANA time zone such as Europe/Berlin or UTC`,
      `${b}/site.yaml:4: colour: unknown field; expected one of name, url, base, description, timezone, locale, languages, links, logo, accent, history_days, snapshot, hsts, subscriptions`,
    ]);
  });
});

describe('edge cases of a content folder', () => {
  const folder = (files: Record<string, string>) => {
    const dir = tempFolder();
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return dir;
  };
  const site = 'name: T\nurl: https://status.example.com\ntimezone: UTC\n';
  const services = 'services:\n  - id: api\n    name: API\n    group: Platform\n';

  it('accepts a brand-new page: services only, no folders', () => {
    const r = loadContent(folder({ 'site.yaml': site, 'services.yaml': services }));
    expect(r.problems).toEqual([]);
    expect(r.content?.incidents).toEqual([]);
  });
  it('counts drafts and leaves them out', () => {
    const r = load('tests/fixtures/quiet');
    expect(r.problems).toEqual([]);
    expect(r.content?.drafts).toBe(1);
    expect(r.content?.incidents.map((i) => i.slug)).toEqual(['2025-03-29-dashboard-slow']);
  });
  it('reports missing files, stray files and non-Markdown files', () => {
    const dir = folder({ 'services.yaml': services, 'notes.txt': 'x', 'incidents/readme.txt': 'x' });
    const r = loadContent(dir, dir);
    expect(r.problems.map(formatProblem).sort()).toEqual([
      'incidents/readme.txt:1: file: is not a Markdown (.md) file; only .md files belong here',
      'notes.txt:1: file: is not part of the content model; expected site.yaml, services.yaml, notify.yaml, alerts.yaml, templates, README.md, incidents, maintenance, notices',
      'site.yaml:1: file: is missing: every page needs site.yaml (name, url, timezone)',
    ]);
  });
  it('checks notify.yaml with the rest, against the services', () => {
    const notify = 'channels:\n  - name: chat\n    type: slack\n    url_env: SLACK_URL\n    services: [api, billing]\n';
    const dir = folder({ 'site.yaml': site, 'services.yaml': services, 'notify.yaml': notify });
    try {
      const problems = ['notify.yaml:5: channels.0.services.1: "billing" is not a service in services.yaml; known: api'];
      expect(loadContent(dir, dir).problems.map(formatProblem)).toEqual(problems);
      expect(loadNotifyConfig(dir, dir).problems.map(formatProblem)).toEqual(problems);
      writeFileSync(join(dir, 'notify.yaml'), notify.replace(', billing', ''));
      expect(loadContent(dir, dir).problems).toEqual([]);
      expect(loadNotifyConfig(dir, dir).value?.channels.map((c) => c.name)).toEqual(['chat']);
      // The load hands on the channels it checked: what notify.yaml read on its own gives.
      expect(loadContent(dir, dir).notify?.channels.map((c) => c.name)).toEqual(['chat']);
      expect(loadContent(dir, dir).notify).toEqual(loadNotifyConfig(dir, dir).value);
      rmSync(join(dir, 'notify.yaml'));
      expect(loadContent(dir, dir).notify).toBeUndefined();
      expect(loadNotifyConfig(dir, dir)).toEqual({ problems: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("refuses, for a build, a logo that is not in the site's public/ folder, on the logo's line", async () => {
    const { loadContentParallel } = await import('./load.ts');
    const project = tempFolder();
    const dir = join(project, 'content');
    mkdirSync(dir);
    writeFileSync(join(dir, 'site.yaml'), `${site}\n# the page's own image\nlogo: /img/logo.svg\n`);
    writeFileSync(join(dir, 'services.yaml'), services);
    const publicDir = join(project, 'public');
    const problems = async () => (await loadContentParallel(dir, project, { publicDir })).problems.map(formatProblem);
    expect(await problems()).toEqual([
      "content/site.yaml:6: logo: /img/logo.svg is not in the site's public/ folder (public); add the file or correct the path",
    ]);
    mkdirSync(join(publicDir, 'img'), { recursive: true });
    writeFileSync(join(publicDir, 'img/logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>\n');
    expect(await problems()).toEqual([]);
    // Without a public folder to look in (statusmark validate), the logo is not checked.
    rmSync(publicDir, { recursive: true });
    expect((await loadContentParallel(dir, project)).problems).toEqual([]);
  });
  it('reads files with a BOM and CRLF line endings, with the right lines', () => {
    const crlf = (s: string) => `\uFEFF${s.replace(/\n/g, '\r\n')}`;
    const dir = folder({
      'site.yaml': crlf(site),
      'services.yaml': crlf(services),
      'incidents/2025-01-01-crlf.md': crlf(
        '---\ntitle: CRLF\nimpact: bogus\nstarted: 2025-01-01T10:00Z\n---\n\n## Investigating 2025-01-01 10:00Z\nLooking.\n',
      ),
    });
    const r = loadContent(dir, dir);
    expect(r.problems.map(formatProblem)).toEqual([
      'incidents/2025-01-01-crlf.md:3: impact: must be one of none | minor | major | critical (got "bogus")',
    ]);
  });
  it('refuses binary and oversized files', () => {
    const dir = folder({
      'site.yaml': site,
      'services.yaml': services,
      'incidents/2025-01-01-binary.md': '---\ntitle: \u0000\u0001\n---\n',
      'incidents/2025-01-02-huge.md': `---\ntitle: Huge\n---\n${'x'.repeat(1024 * 1024)}`,
    });
    const r = loadContent(dir, dir);
    expect(r.problems.map(formatProblem)).toEqual([
      'incidents/2025-01-01-binary.md:1: file: is not UTF-8 text (binary data or another encoding)',
      'incidents/2025-01-02-huge.md:1: file: is 1048596 bytes; the limit is 1048576 (1 MiB)',
    ]);
  });
});

describe('loading with worker threads', () => {
  it('gives the same content and problems as one thread', async () => {
    const { loadContentParallel } = await import('./load.ts');
    for (const dir of ['content', 'tests/fixtures/broken']) {
      const one = load(dir);
      const many = await loadContentParallel(join(root, dir), root, { workers: 2, from: 1 });
      expect(many).toEqual(one);
    }
  });
});

describe('findContentDir', () => {
  it('walks up from the working directory as git does, and STATUSMARK_CONTENT wins', () => {
    const project = tempFolder();
    mkdirSync(join(project, 'content', 'incidents', '2025'), { recursive: true });
    writeFileSync(join(project, 'content', 'site.yaml'), 'name: T\n');
    writeFileSync(join(project, 'content', 'services.yaml'), 'services: []\n');
    mkdirSync(join(project, 'docs'));
    const content = join(project, 'content');
    expect(findContentDir({}, project)).toBe(content);
    expect(findContentDir({}, join(project, 'docs'))).toBe(content);
    expect(findContentDir({}, content)).toBe(content);
    expect(findContentDir({}, join(content, 'incidents', '2025'))).toBe(content);
    expect(findContentDir({ STATUSMARK_CONTENT: '/elsewhere/content' }, join(content, 'incidents'))).toBe('/elsewhere/content');
  });
});

describe('files as files', () => {
  const SITE = 'name: S\nurl: https://s.example\ntimezone: UTC\n';
  const SERVICES = 'services:\n  - id: api\n    name: API\n    group: G\n';
  const INCIDENT =
    '---\ntitle: T\nimpact: minor\nservices:\n  api: degraded_performance\nstarted: 2025-01-01T10:00Z\n---\n\n## Investigating 2025-01-01 10:05Z\nLooking.\n';
  /** A valid content folder in a temporary project (`outside/` beside it), then `change` applied. */
  const folder = (change: (content: string, outside: string) => void) => {
    const project = tempFolder();
    const content = join(project, 'content');
    const outside = join(project, 'outside');
    mkdirSync(join(content, 'incidents'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(content, 'site.yaml'), SITE);
    writeFileSync(join(content, 'services.yaml'), SERVICES);
    writeFileSync(join(content, 'incidents', '2025-01-01-t.md'), INCIDENT);
    writeFileSync(join(outside, '2025-01-02-secret.md'), INCIDENT);
    change(content, outside);
    return content;
  };
  const mkfifo = (path: string) => expect(spawnSync('mkfifo', [path]).status).toBe(0);
  const problems = (content: string) => loadContent(content, content).problems.map(formatProblem).sort();

  it('loads the valid folder', () => {
    const content = folder(() => {});
    expect(problems(content)).toEqual([]);
    expect(loadContent(content, content).content?.incidents.map((i) => i.slug)).toEqual(['2025-01-01-t']);
  });
  it('refuses a named pipe as site.yaml without opening it (opening would wait for a writer)', () => {
    const content = folder((c) => {
      rmSync(join(c, 'site.yaml'));
      mkfifo(join(c, 'site.yaml'));
    });
    expect(problems(content)).toEqual(['site.yaml:1: file: is a named pipe (FIFO), not a file; it was not opened']);
  });
  it('refuses a symbolic link to /dev/zero, and any link leading out of the content folder', () => {
    const content = folder((c, outside) => {
      rmSync(join(c, 'site.yaml'));
      symlinkSync('/dev/zero', join(c, 'site.yaml'));
      symlinkSync(join(outside, '2025-01-02-secret.md'), join(c, 'incidents', '2025-01-02-secret.md'));
    });
    expect(problems(content)).toEqual([
      `incidents/2025-01-02-secret.md:1: file: is a symbolic link to ${join(outside(content), '2025-01-02-secret.md')}, outside the content folder; only files inside it are read`,
      'site.yaml:1: file: is a symbolic link to /dev/zero, outside the content folder; only files inside it are read',
    ]);
  });
  it('refuses a symbolic link to a folder outside in place of incidents/', () => {
    const content = folder((c, outside) => {
      rmSync(join(c, 'incidents'), { recursive: true });
      symlinkSync(outside, join(c, 'incidents'));
    });
    expect(problems(content)).toEqual([
      `incidents:1: folder: is a symbolic link to ${outside(content)}, outside the content folder; only files inside it are read`,
    ]);
  });
  it('refuses a folder where a file belongs and a file where a folder belongs, with no EISDIR or ENOTDIR', () => {
    const content = folder((c) => {
      rmSync(join(c, 'site.yaml'));
      mkdirSync(join(c, 'site.yaml'));
      writeFileSync(join(c, 'notices'), 'not a folder\n');
    });
    expect(problems(content)).toEqual([
      'notices:1: folder: is a file; it must be a folder of .md files',
      'site.yaml:1: file: is a folder, where a file belongs',
    ]);
  });
  it('refuses a named pipe named .md and a file over 1 MiB by its size, before reading either', () => {
    const content = folder((c) => {
      mkfifo(join(c, 'incidents', '2025-01-04-pipe.md'));
      // 600 MiB that take no disk (a sparse file): read whole, it would take 600 MiB of memory.
      writeFileSync(join(c, 'incidents', '2025-01-05-huge.md'), '');
      truncateSync(join(c, 'incidents', '2025-01-05-huge.md'), 600 * 1024 * 1024);
    });
    expect(problems(content)).toEqual([
      'incidents/2025-01-04-pipe.md:1: file: is a named pipe (FIFO), not a file; it was not opened',
      `incidents/2025-01-05-huge.md:1: file: is ${600 * 1024 * 1024} bytes; the limit is 1048576 (1 MiB)`,
    ]);
  });
  it('names links that lead in a circle instead of failing with a stack trace', () => {
    const content = folder((c) => {
      symlinkSync(join(c, 'incidents', 'b.md'), join(c, 'incidents', 'a.md'));
      symlinkSync(join(c, 'incidents', 'a.md'), join(c, 'incidents', 'b.md'));
    });
    expect(problems(content)).toEqual([
      'incidents/a.md:1: file: could not be read (ELOOP: too many symbolic links encountered)',
      'incidents/b.md:1: file: could not be read (ELOOP: too many symbolic links encountered)',
    ]);
  });
  it('follows links that stay inside the content folder, and lists a folder linked twice once', () => {
    const content = folder((c) => {
      // A dot-folder is ignored by the loader, but it is inside the content folder.
      mkdirSync(join(c, '.archive'));
      writeFileSync(join(c, '.archive', '2025-01-06-linked.md'), INCIDENT);
      symlinkSync(join(c, '.archive', '2025-01-06-linked.md'), join(c, 'incidents', '2025-01-06-linked.md'));
      // A loop: incidents/again is incidents itself.
      symlinkSync(join(c, 'incidents'), join(c, 'incidents', 'again'));
    });
    expect(problems(content)).toEqual([]);
    expect(loadContent(content, content).content?.incidents.map((i) => i.slug)).toEqual(['2025-01-01-t', '2025-01-06-linked']);
    rmSync(join(content, '.archive'), { recursive: true });
    expect(problems(content)).toEqual(['incidents/2025-01-06-linked.md:1: file: could not be read (ENOENT: no such file or directory)']);
  });
});

/** The `outside/` folder beside a content folder made by `folder`. */
function outside(content: string): string {
  return join(content, '..', 'outside');
}
