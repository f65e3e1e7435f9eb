import { describe, expect, it } from 'vitest';
import {
  closeIncident,
  demoteHeadings,
  formatImportReport,
  notAFieldLine,
  lineOf,
  planFiles,
  renderItem,
  sourceTextProblems,
  severityIncident,
  timeline,
  toMinute,
  type ImportedIncident,
  type ImportPlan,
} from './write.ts';

const berlin = { timeZone: 'Europe/Berlin', locale: 'en-GB' };
const at = (iso: string) => new Date(iso);

const incident: ImportedIncident = {
  kind: 'incident',
  source: { file: 'incidents.json', line: 4 },
  title: 'API errors',
  impact: 'major',
  services: { api: 'partial_outage' },
  started: at('2025-02-03T08:05:00Z'),
  resolved: at('2025-02-03T10:00:00Z'),
  updates: [
    { state: 'investigating', at: at('2025-02-03T08:05:00Z'), message: 'Looking.' },
    { state: 'resolved', at: at('2025-02-03T10:00:00Z'), message: 'Fixed.', services: [['api', 'operational']] },
  ],
  changes: [],
};

// The same incident as a file, worked by hand: Berlin is +01:00 in February.
const INCIDENT_TEXT = `---
title: API errors
impact: major
services:
  api: partial_outage
started: 2025-02-03T09:05:00+01:00
resolved: 2025-02-03T11:00:00+01:00
---

## Investigating 2025-02-03 09:05 +01:00

Looking.

## Resolved 2025-02-03 11:00 +01:00

services: api=operational

Fixed.
`;

const plan = (items: ImportPlan['items']): ImportPlan => ({
  services: [{ source: { file: 'components.json', line: 3 }, id: 'api', name: 'API', group: 'Core', hiddenUntilAffected: true }],
  items,
  skipped: [{ source: { file: 'incidents.json', line: 9 }, title: 'Broken', reason: 'it has no name' }],
  notes: [],
  site: { name: 'Example Status', url: 'https://status.example.com', timezone: 'Europe/Berlin' },
});

describe('renderItem', () => {
  it('writes the front matter, then each update with its services line under the heading', () => {
    expect(renderItem(incident, berlin)).toBe(INCIDENT_TEXT);
  });
});

describe('planFiles', () => {
  const site = 'name: X\nurl: https://x.example\ntimezone: Europe/Berlin\n';

  it('creates site.yaml and services.yaml in an empty folder, and names the incident by day and title', () => {
    const { files, rows } = planFiles(plan([incident]), new Map(), berlin);
    expect(files.map((f) => f.path)).toEqual(['services.yaml', 'site.yaml', 'incidents/2025-02-03-api-errors.md']);
    expect(files[0]!.text).toBe('services:\n  - id: api\n    name: API\n    group: Core\n    hidden_until_affected: true\n');
    expect(files[1]!.text).toBe('name: Example Status\nurl: https://status.example.com\ntimezone: Europe/Berlin\n');
    expect(rows.find((r) => r.outcome === 'not imported')).toEqual({
      outcome: 'not imported',
      source: { file: 'incidents.json', line: 9 },
      title: 'Broken',
      reasons: ['it has no name'],
    });
  });

  it('writes nothing the second time', () => {
    const existing = new Map([
      ['site.yaml', site],
      ['services.yaml', 'services:\n  - id: api\n    name: API\n    group: Core\n'],
      ['incidents/2025-02-03-api-errors.md', INCIDENT_TEXT],
    ]);
    const { files, rows } = planFiles(plan([incident]), existing, berlin);
    expect(files).toEqual([]);
    expect(rows.filter((r) => r.outcome === 'unchanged').map((r) => r.file)).toEqual(['incidents/2025-02-03-api-errors.md']);
  });

  it('never replaces a file with other text (in any sub-folder): the item takes the next free name', () => {
    const existing = new Map([
      ['site.yaml', site],
      ['incidents/2025/2025-02-03-api-errors.md', 'staff wrote this'],
    ]);
    const { files, rows } = planFiles(plan([incident]), existing, berlin);
    expect(files.map((f) => f.path)).toContain('incidents/2025-02-03-api-errors-2.md');
    expect(rows.find((r) => r.title === 'API errors')?.reasons).toEqual([
      'slug collision: incidents/2025/2025-02-03-api-errors.md already exists with other text and is left as it is; written under the next free name',
    ]);
  });

  it('does not import again an item whose earlier import was edited since: no second page, no overwrite', () => {
    const edited = INCIDENT_TEXT.replace('Looking.', 'Looking (edited by staff).');
    const { files, rows } = planFiles(
      plan([incident]),
      new Map([
        ['site.yaml', site],
        ['incidents/2025-02-03-api-errors.md', edited],
      ]),
      berlin,
    );
    expect(files.filter((f) => f.path.startsWith('incidents/'))).toEqual([]);
    expect(rows.find((r) => r.title === 'API errors')).toEqual({
      outcome: 'not imported',
      source: { file: 'incidents.json', line: 4 },
      title: 'API errors',
      file: 'incidents/2025-02-03-api-errors.md',
      reasons: [
        'already imported as incidents/2025-02-03-api-errors.md, which now differs (edited since, or changed at the source); left as it is',
      ],
    });
  });

  it('gives two items with one title on one day two names, the earlier the plain one', () => {
    const later = {
      ...incident,
      started: at('2025-02-03T12:00:00Z'),
      resolved: at('2025-02-03T13:00:00Z'),
      updates: [{ state: 'investigating' as const, at: at('2025-02-03T12:00:00Z'), message: 'Again.' }],
    };
    const { files } = planFiles(plan([later, incident]), new Map([['site.yaml', site]]), berlin);
    expect(files.filter((f) => f.path.startsWith('incidents/')).map((f) => [f.path, f.text.includes('Again.')])).toEqual([
      ['incidents/2025-02-03-api-errors.md', false],
      ['incidents/2025-02-03-api-errors-2.md', true],
    ]);
  });

  it('renames a group that has the name of a service, so the two rows can be told apart', () => {
    const named = {
      ...plan([]),
      services: [
        { source: { file: 'components.json', line: 3 }, id: 'api', name: 'API', group: 'API' },
        { source: { file: 'components.json', line: 9 }, id: 'docs', name: 'Docs', group: 'API' },
      ],
    };
    const { files, rows } = planFiles(named, new Map([['site.yaml', site]]), berlin);
    expect(files[0]!.text).toBe(
      'services:\n  - id: api\n    name: API\n    group: API services\n  - id: docs\n    name: Docs\n    group: API services\n',
    );
    expect(rows).toContainEqual({
      outcome: 'note',
      source: { file: 'services.yaml', line: 1 },
      title: '',
      reasons: ['the group "API" has the name of a service; it is called "API services"'],
    });
  });

  it('appends missing services below what staff wrote, byte for byte', () => {
    const staff = '# ours\nservices:\n  - id: web\n    name: Web\n    group: Site\n';
    const { files } = planFiles(
      plan([]),
      new Map([
        ['site.yaml', site],
        ['services.yaml', staff],
      ]),
      berlin,
    );
    expect(files).toEqual([
      { path: 'services.yaml', text: `${staff}  - id: api\n    name: API\n    group: Core\n    hidden_until_affected: true\n` },
    ]);
  });
});

describe('formatImportReport', () => {
  it('groups rows by outcome, each with its source line, file and reasons', () => {
    const text = formatImportReport([
      { outcome: 'not imported', source: { file: 'a.md', line: 3 }, title: 'A', reasons: ['date: is missing'] },
      { outcome: 'imported', source: { file: 'b.md', line: 1 }, title: 'B', file: 'incidents/b.md', reasons: ['unknown severity "x"'] },
    ]);
    expect(text).toBe(
      'IMPORTED (1)\n  b.md:1  B  -> incidents/b.md\n      changed: unknown severity "x"\nNOT IMPORTED (1)\n  a.md:3  A\n      why: date: is missing',
    );
  });
});

describe('timeline and closeIncident', () => {
  const date = at('2024-05-06T12:00:00Z');

  it('reads labels as states, keeping the state before for an unknown one', () => {
    const changes: string[] = [];
    const updates = timeline(
      'Text.',
      date,
      [
        { label: 'Update', at: at('2024-05-06T12:30:00Z'), message: 'More.' },
        { label: 'Monitoring', at: at('2024-05-06T13:00:00Z'), message: '' },
      ],
      ['investigating', 'monitoring'],
      'investigating',
      {},
      changes,
    );
    expect(updates.map((u) => [u.state, u.at.toISOString(), u.message])).toEqual([
      ['investigating', '2024-05-06T12:00:00.000Z', 'Text.'],
      ['investigating', '2024-05-06T12:30:00.000Z', 'More.'],
      ['monitoring', '2024-05-06T13:00:00.000Z', '(No message was posted with this update.)'],
    ]);
    expect(changes).toEqual(['unknown update state "Update"; kept "investigating"']);
  });

  it('adds an update saying so when there is none', () => {
    const changes: string[] = [];
    expect(timeline('', date, [], ['investigating'], 'investigating', {}, changes)).toEqual([
      { state: 'investigating', at: date, message: '(This entry was imported without any update.)' },
    ]);
    expect(changes).toHaveLength(1);
  });

  it('turns an earlier "resolved" into "monitoring" and ends a resolved incident with a resolved update', () => {
    const changes: string[] = [];
    const updates = [
      { state: 'resolved' as const, at: date, message: 'Fixed?' },
      { state: 'investigating' as const, at: at('2024-05-06T13:00:00Z'), message: 'Back.' },
    ];
    expect(closeIncident(updates, true, at('2024-05-06T14:00:00Z'), changes)?.toISOString()).toBe('2024-05-06T14:00:00.000Z');
    expect(updates.map((u) => u.state)).toEqual(['monitoring', 'investigating', 'resolved']);
    expect(updates[2]!.at.toISOString()).toBe('2024-05-06T14:00:00.000Z');
  });

  it('an unknown severity puts every affected service in degraded performance (impact minor)', () => {
    const changes: string[] = [];
    const made = severityIncident(
      {
        source: { file: 'x.md', line: 1 },
        title: 'X',
        started: date,
        affected: ['a', 'b'],
        severity: 'sluggish',
        updates: [{ state: 'investigating', at: date, message: 'm' }],
        resolved: false,
        resolvedWhen: undefined,
      },
      undefined,
      changes,
    );
    expect([made.impact, made.services, made.resolved, changes]).toEqual([
      'minor',
      { a: 'degraded_performance', b: 'degraded_performance' },
      undefined,
      ['unknown severity "sluggish"; imported as degraded performance'],
    ]);
  });
});

describe('helpers', () => {
  it('toMinute cuts seconds; lineOf finds the first matching line', () => {
    expect(toMinute(at('2025-01-01T10:20:59.900Z')).toISOString()).toBe('2025-01-01T10:20:00.000Z');
    expect(lineOf('a\nb\n"id": "x"\n', /"id":\s*"x"/)).toBe(3);
    expect(lineOf('a\nb', 'zzz')).toBe(1);
  });
});

describe('demoteHeadings', () => {
  it('makes ## headings ### (they would start an update), leaving code fences and deeper headings alone', () => {
    expect(demoteHeadings('## Impact\ntext\n### Detail\n```\n## in code\n```\n  ## indented')).toBe(
      '### Impact\ntext\n### Detail\n```\n## in code\n```\n  ### indented',
    );
  });

  it('is reported on the item', () => {
    const withHeading = { ...incident, updates: [{ ...incident.updates[0]!, message: '## Impact\nAll users.' }, incident.updates[1]!] };
    const { files, rows } = planFiles(
      plan([withHeading]),
      new Map([['site.yaml', 'name: X\nurl: https://x.example\ntimezone: Europe/Berlin\n']]),
      berlin,
    );
    expect(files.find((f) => f.path.startsWith('incidents/'))?.text).toContain('\n### Impact\nAll users.\n');
    expect(rows.find((r) => r.title === 'API errors')?.reasons).toEqual([
      'a message was changed so it cannot be read as update syntax: "##" headings became "###", a first line "services:" or "impact:" got a capital',
    ]);
  });
});

describe('notAFieldLine', () => {
  it('capitalises a first line the parser would read as a field, and nothing else', () => {
    expect(notAFieldLine('impact: all users\nservices: x')).toBe('Impact: all users\nservices: x');
    expect(notAFieldLine('\nservices: api is slow')).toBe('\nServices: api is slow');
    expect(notAFieldLine('The impact: small')).toBe('The impact: small');
  });
});

describe('sourceTextProblems', () => {
  it('names the source file, line and field of every text no page or feed could carry', () => {
    const bad: ImportPlan = {
      ...plan([]),
      services: [{ source: { file: 'components.json', line: 4 }, id: 'x', name: '\u0000\u0001', group: 'Core' }],
      items: [
        {
          kind: 'notice',
          source: { file: 'incidents.json', line: 12 },
          title: 'Fine',
          level: 'info',
          posted: new Date('2025-02-03T10:00Z'),
          body: 'a\u0008b',
          changes: [],
        },
      ],
    };
    expect(sourceTextProblems(bad).map((p) => `${p.file}:${p.line}: ${p.field}: ${p.message.split(',')[0]}`)).toEqual([
      'components.json:4: name: contains U+0000',
      'incidents.json:12: body: contains U+0008',
    ]);
    expect(sourceTextProblems(plan([]))).toEqual([]);
  });
});
