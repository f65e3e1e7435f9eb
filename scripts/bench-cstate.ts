/**
 * The same archive as a cState site (Hugo), for `npm run bench -- --cstate DIR` to build side by
 * side with Statusmark: DIR is a checkout of cState (its theme; the bench does not ship it), and
 * Hugo is Debian's `hugo`. The site's config is cState's own example (`exampleSite/config.yml`
 * in DIR) with its systems and categories replaced by the archive's services and groups; each
 * incident and maintenance becomes an issue file, as cState's documentation describes them
 * (the inverse of `statusmark import cstate`, src/lib/import/cstate.ts), its updates as
 * `{{< track >}}` lines, newest first. Drafts are left out, as the Statusmark build leaves them out.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadContent } from '../src/lib/content/load.ts';
import type { Impact } from '../src/lib/content/model.ts';

/** cState's severity for an incident's impact (the importer reads them back as critical, major, minor). */
const SEVERITY: Record<Impact, 'down' | 'disrupted' | 'notice'> = { critical: 'down', major: 'disrupted', minor: 'notice', none: 'notice' };

/** Why the cState comparison cannot run, or undefined when it can. */
export function cstateMissing(theme: string): string | undefined {
  if (spawnSync('hugo', ['version'], { encoding: 'utf8' }).status !== 0) return 'hugo is not installed (Debian: apt-get install hugo)';
  if (!existsSync(join(theme, 'exampleSite', 'config.yml'))) return `${theme} is not a cState checkout (no exampleSite/config.yml)`;
  return undefined;
}

/** Writes the archive in `content` as a cState site in `site`, with the theme at `theme`; returns its folder. */
export function writeCStateSite(content: string, theme: string, site: string): string {
  const loaded = loadContent(content);
  if (!loaded.content) throw new Error(`the archive in ${content} is not valid`);
  const { services, groups, incidents, maintenance } = loaded.content;
  const name = new Map(services.map((s) => [s.id, s.name]));
  const config = parse(readFileSync(join(theme, 'exampleSite', 'config.yml'), 'utf8')) as Record<string, unknown> & {
    params: Record<string, unknown>;
  };
  config['title'] = loaded.content.site.name;
  config['baseURL'] = loaded.content.site.url;
  config['theme'] = 'cstate';
  config.params['categories'] = groups.map((g) => ({ name: g.name }));
  config.params['systems'] = groups.flatMap((g) => g.services.map((s) => ({ name: s.name, category: g.name })));
  mkdirSync(join(site, 'content', 'issues'), { recursive: true });
  mkdirSync(join(site, 'themes'), { recursive: true });
  symlinkSync(resolve(theme), join(site, 'themes', 'cstate'));
  writeFileSync(join(site, 'config.yml'), stringify(config));
  const track = (at: Date) => `{{< track "${at.toISOString()}" >}}`;
  for (const i of incidents) {
    const front = {
      title: i.title,
      date: i.started.toISOString(),
      resolved: Boolean(i.resolved),
      ...(i.resolved ? { resolvedWhen: i.resolved.toISOString() } : {}),
      severity: SEVERITY[i.impact],
      affected: i.affected.map((id) => name.get(id)),
      section: 'issue',
    };
    const body = [...i.updates].reverse().map((u) => `*${u.state}* - ${u.message} ${track(u.at)}`);
    writeFileSync(join(site, 'content', 'issues', `${i.slug}.md`), `---\n${stringify(front)}---\n\n${body.join('\n\n')}\n`);
  }
  for (const m of maintenance) {
    const front = {
      title: m.title,
      date: m.scheduledFor.toISOString(),
      resolved: true,
      resolvedWhen: m.scheduledUntil.toISOString(),
      informational: true,
      severity: 'notice',
      affected: m.services.map((id) => name.get(id)),
      section: 'issue',
    };
    const body = [...m.updates].reverse().map((u) => `*${u.state}* - ${u.message} ${track(u.at)}`);
    writeFileSync(join(site, 'content', 'issues', `${m.slug}.md`), `---\n${stringify(front)}---\n\n${body.join('\n\n')}\n`);
  }
  return site;
}
