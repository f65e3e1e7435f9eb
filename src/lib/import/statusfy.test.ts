import { describe, expect, it } from 'vitest';
import { importStatusfy } from './statusfy.ts';

const zone = { timeZone: 'Europe/Madrid', locale: 'en-GB' };

describe('importStatusfy', () => {
  it('reads ::: update blocks as updates, and the rest of the body as the first', () => {
    const plan = importStatusfy(
      new Map([
        [
          'incidents/a.md',
          `---\ntitle: Slow\ndate: 2025-01-15T13:00:00.000Z\nseverity: major-outage\naffectedsystems:\n  - cdn\nresolved: true\n---\n\nImages are slow.\n\n::: update Resolved | 2025-01-15T14:00:00.000Z\nFast again.\n:::\n`,
        ],
      ]),
      { zone },
    );
    const item = plan.items[0]!;
    expect(
      item.kind === 'incident' && [item.impact, item.services, item.resolved?.toISOString(), item.updates.map((u) => [u.state, u.message])],
    ).toEqual([
      'critical',
      { cdn: 'major_outage' },
      '2025-01-15T14:00:00.000Z',
      [
        ['investigating', 'Images are slow.'],
        ['resolved', 'Fast again.'],
      ],
    ]);
    expect(plan.services.map(({ source: _source, ...s }) => s)).toEqual([
      {
        id: 'cdn',
        name: 'Cdn',
        group: 'Systems',
        note: { source: { file: 'incidents/a.md', line: 5 }, reason: expect.stringContaining('statusfy.config.js') },
      },
    ]);
  });

  it('takes an unclosed block to the end of the file, and says so', () => {
    const plan = importStatusfy(
      new Map([
        [
          'incidents/a.md',
          `---\ntitle: T\ndate: 2025-01-15T13:00:00Z\nseverity: partial-outage\n---\n::: update Identified | 2025-01-15T13:30:00Z\nFound it.\n`,
        ],
      ]),
      { zone },
    );
    expect(plan.items[0]?.changes).toEqual(['the update block "Identified" is not closed by ":::"; the rest of the file is its message']);
    expect(plan.items[0]?.kind === 'incident' && plan.items[0].updates.map((u) => u.state)).toEqual(['identified']);
  });

  it('reports translations and stray files instead of importing them', () => {
    const plan = importStatusfy(
      new Map([
        ['fr/incidents/a.md', '---\ntitle: T\n---\n'],
        ['notes.md', 'x'],
      ]),
      { zone },
    );
    expect(plan.skipped.map((s) => s.reason)).toEqual([
      'translation (fr) with no file in the default language; a Statusmark page has one language',
      'not an incident file (expected incidents/*.md or <locale>/incidents/*.md)',
    ]);
  });
});
