import { describe, expect, it } from 'vitest';
import { CStateError, importCState } from './cstate.ts';

const options = { zone: { timeZone: 'Europe/Amsterdam', locale: 'en-GB' }, zoneFrom: '--timezone' as const };

const CONFIG = `title: Example
baseURL: https://status.example.org/
systems:
  - name: API
    category: Backend
  - Website
categories:
  - name: Backend
`;

function only(issue: string) {
  return importCState(
    new Map([
      ['config.yml', CONFIG],
      ['content/issues/x.md', issue],
    ]),
    options,
  );
}

describe('importCState', () => {
  it('maps systems to services (top-level or under params) and categories to groups', () => {
    const plan = importCState(
      new Map([
        [
          'config.yml',
          `params:\n${CONFIG.split('\n')
            .map((l) => `  ${l}`)
            .join('\n')}`,
        ],
      ]),
      options,
    );
    expect(plan.services.map(({ source: _source, ...s }) => s)).toEqual([
      { id: 'api', name: 'API', group: 'Backend' },
      { id: 'website', name: 'Website', group: 'Systems' },
    ]);
    expect(plan.notes[0]!.reason).toBe(
      'missing time zone: cState writes times without an offset; they were read in Europe/Amsterdam (from --timezone)',
    );
  });

  it('reads update lines with their track times in the zone, and the rest as the first update', () => {
    const plan = only(`---
title: API down
date: 2024-01-10 09:00:00
resolved: true
resolvedWhen: 2024-01-10 10:00:00
severity: down
affected: [API]
section: issue
---
*Resolved* - Back up. {{< track "2024-01-10 10:00:00" >}}

The API is down.
`);
    const item = plan.items[0]!;
    expect(item.kind).toBe('incident');
    if (item.kind !== 'incident') return;
    // Amsterdam is +01:00 in January.
    expect([item.impact, item.services, item.started.toISOString(), item.resolved?.toISOString()]).toEqual([
      'critical',
      { api: 'major_outage' },
      '2024-01-10T08:00:00.000Z',
      '2024-01-10T09:00:00.000Z',
    ]);
    expect(item.updates.map((u) => [u.state, u.message])).toEqual([
      ['investigating', 'The API is down.'],
      ['resolved', 'Back up.'],
    ]);
    expect(item.changes).toEqual([]);
  });

  it('maps disrupted and notice, and makes informational entries maintenance or notices', () => {
    const head = (extra: string) => `---\ntitle: T\ndate: 2024-01-10 09:00:00\n${extra}\n---\nText.\n`;
    const disrupted = only(head('severity: disrupted\naffected: [API]')).items[0];
    const notice = only(head('severity: notice\naffected: [Website]')).items[0];
    expect(disrupted?.kind === 'incident' && [disrupted.impact, disrupted.services]).toEqual(['major', { api: 'partial_outage' }]);
    expect(notice?.kind === 'incident' && [notice.impact, notice.services]).toEqual(['minor', { website: 'degraded_performance' }]);
    expect(only(head('informational: true\naffected: [API]\nresolved: true\nresolvedWhen: 2024-01-10 11:00:00')).items[0]?.kind).toBe(
      'maintenance',
    );
    expect(only(head('informational: true\npin: true')).items[0]).toMatchObject({
      kind: 'notice',
      body: 'Text.',
      changes: [expect.stringMatching(/^pin:/)],
    });
  });

  it('lists an issue without a date as not imported, with its line', () => {
    expect(only('---\ntitle: T\nseverity: down\n---\n').skipped).toEqual([
      { source: { file: 'content/issues/x.md', line: 1 }, title: 'T', reason: 'date: is missing' },
    ]);
  });

  it('leaves out drafts, and reports fields it has no place for', () => {
    expect(only('---\ntitle: T\ndate: 2024-01-10 09:00:00\ndraft: true\n---\n').skipped[0]).toEqual({
      source: { file: 'content/issues/x.md', line: 4 },
      title: 'T',
      reason: 'draft: true (never published on the cState site)',
    });
    expect(only('---\ntitle: T\ndate: 2024-01-10 09:00:00\nseverity: notice\nlastmod: 2024-01-11\n---\nText.\n').items[0]?.changes).toEqual(
      ['field "lastmod" has no equivalent; left out'],
    );
  });

  it('refuses a folder without config.yml', () => {
    expect(() => importCState(new Map(), options)).toThrow(CStateError);
  });
});
