import { describe, expect, it } from 'vitest';
import { checkText, parseIncident, readFrontMatter, slugOf } from './parse.ts';

const ctx = { serviceIds: new Set(['api']), zone: { timeZone: 'UTC', locale: 'en-GB' } };

describe('parse', () => {
  it('reads an incident into the domain, updates oldest first with ids and HTML', () => {
    const text = '---\ntitle: T\nimpact: minor\nservices:\n  api: degraded_performance\nstarted: 2025-01-01T10:00Z\nresolved: 2025-01-01T11:00Z\n---\n\n## Resolved 2025-01-01 11:00Z\nDone.\n\n## Investigating 2025-01-01 10:05Z\nLooking *now*.\n';
    const r = parseIncident('incidents/2025-01-01-t.md', text, ctx);
    expect(r.problems).toEqual([]);
    expect(r.value).toMatchObject({ slug: '2025-01-01-t', title: 'T', impact: 'minor', affected: ['api'] });
    expect(r.value!.phases).toEqual([{ from: new Date('2025-01-01T10:00:00Z'), services: { api: 'degraded_performance' }, impact: 'minor' }]);
    expect(r.value!.updates.map((u) => [u.state, u.id, u.html, u.line])).toEqual([
      ['investigating', 'update-1', '<p>Looking <em>now</em>.</p>', 13],
      ['resolved', 'update-2', '<p>Done.</p>', 10],
    ]);
  });
  it('reads status changes under an update heading, and reports bad ones at their line', () => {
    const text = [
      '---', 'title: T', 'impact: major', 'services:', '  api: major_outage', 'started: 2025-01-01T10:00Z', '---', '',
      '## Investigating 2025-01-01 10:05Z', 'Down.', '',
      '## Identified 2025-01-01 10:30Z', 'services: api=partial', 'impact: minor', '', 'Half back.', '',
    ].join('\n');
    const r = parseIncident('incidents/2025-01-01-t.md', text, ctx);
    expect(r.problems).toEqual([]);
    expect(r.value!.updates[1]).toMatchObject({ services: { api: 'partial_outage' }, impact: 'minor', message: 'Half back.' });
    expect(r.value!.phases.map((p) => [p.from.toISOString(), p.services, p.impact])).toEqual([
      ['2025-01-01T10:00:00.000Z', { api: 'major_outage' }, 'major'],
      ['2025-01-01T10:30:00.000Z', { api: 'partial_outage' }, 'minor'],
    ]);
    expect(r.value!.impact).toBe('minor');
    const bad = text.replace('services: api=partial', 'services: api=gone, chat=major').replace('impact: minor', 'impact: huge');
    expect(parseIncident('incidents/2025-01-01-t.md', bad, ctx).problems.map((p) => `${p.line}: ${p.field}: ${p.message}`)).toEqual([
      '13: services: "gone" is not a status; write e.g. api=partial_outage (statuses: operational | degraded_performance | partial_outage | major_outage)',
      '14: impact: must be one of none | minor | major | critical (got "huge")',
      '13: services: "chat" is not a service in services.yaml; known: api',
    ]);
  });
  it('checks file names as slugs', () => {
    expect(slugOf('incidents/2025-01-01-ok.md', 'incident').slug).toBe('2025-01-01-ok');
    expect(slugOf('incidents/../../etc.md', 'incident').problem?.field).toBe('file name');
    expect(slugOf('maintenance/Window 1.md', 'maintenance').problem?.message).toContain('window-1.md');
  });
  it('finds where the body starts', () => {
    expect(readFrontMatter('f', '---\na: 1\nb: 2\n---\n\nbody\n').value?.bodyLine).toBe(5);
  });
  it('refuses binary text', () => {
    expect(checkText('f', new Uint8Array([0x41, 0x00, 0x42])).problems[0]?.message).toContain('not UTF-8 text');
  });
});
