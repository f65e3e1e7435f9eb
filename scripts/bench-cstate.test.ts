import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolders } from '../src/dev/temp.ts';
import { loadContent } from '../src/lib/content/load.ts';
import { importCState } from '../src/lib/import/cstate.ts';
import { writeCStateSite } from './bench-cstate.ts';
import { generateContent } from './generate.ts';

const tempFolder = tempFolders('bench-cstate');

describe('the archive as a cState site', () => {
  it("reads back through the cState import (an independent reader of cState's format) as the same incidents and maintenance", () => {
    const dir = tempFolder();
    const content = join(dir, 'content');
    generateContent(content, { n: 40 });
    // The theme's own example config, as far as the bench reads it: the site's title, systems and categories are replaced.
    const theme = join(dir, 'cstate');
    mkdirSync(join(theme, 'exampleSite'), { recursive: true });
    writeFileSync(
      join(theme, 'exampleSite', 'config.yml'),
      'title: Example\nbaseURL: https://example.com\nparams:\n  systems: [Old]\n  categories: []\n',
    );
    const site = writeCStateSite(content, theme, join(dir, 'site'));

    const files = new Map([['config.yml', readFileSync(join(site, 'config.yml'), 'utf8')]]);
    for (const name of readdirSync(join(site, 'content', 'issues')))
      files.set(`content/issues/${name}`, readFileSync(join(site, 'content', 'issues', name), 'utf8'));
    const plan = importCState(files, { zone: { timeZone: 'UTC', locale: 'en-GB' }, zoneFrom: '--timezone' });
    const archive = loadContent(content).content!;

    const names = new Map(archive.services.map((s) => [s.id, s.name]));
    expect(plan.services.map((s) => s.name).sort()).toEqual(archive.services.map((s) => s.name).sort());
    const importedName = new Map(plan.services.map((s) => [s.id, s.name]));
    const incidents = plan.items.flatMap((i) => (i.kind === 'incident' ? [i] : []));
    expect(incidents.map((i) => [i.title, i.started.toISOString(), i.resolved?.toISOString()]).sort()).toEqual(
      archive.incidents.map((i) => [i.title, i.started.toISOString(), i.resolved?.toISOString()]).sort(),
    );
    // Each incident names the same services, by name.
    expect(
      incidents
        .map((i) =>
          Object.keys(i.services)
            .map((id) => importedName.get(id))
            .sort(),
        )
        .sort(),
    ).toEqual(archive.incidents.map((i) => i.affected.map((id) => names.get(id)).sort()).sort());
    const maintenance = plan.items.flatMap((i) => (i.kind === 'maintenance' ? [i] : []));
    expect(maintenance.map((m) => [m.title, m.scheduledFor.toISOString(), m.scheduledUntil.toISOString()]).sort()).toEqual(
      archive.maintenance.map((m) => [m.title, m.scheduledFor.toISOString(), m.scheduledUntil.toISOString()]).sort(),
    );
  });
});
