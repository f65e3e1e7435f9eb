import { describe, expect, it } from 'vitest';
import { INCIDENT_STATES, MAINTENANCE_STATES } from '../content/model.ts';
import { normaliseState, orderUpdates, parseTimeline, updateIds } from './timeline.ts';

const parse = (body: string) => parseTimeline(body, INCIDENT_STATES, 'x.md', 10);

describe('parseTimeline', () => {
  it('reads updates and their messages with file lines', () => {
    const { updates, problems } = parse(
      '\n## Investigating 2025-01-27 00:05 +08:00\n\nWe are looking.\n\n## Resolved — 2025-01-27T02:00Z\nFixed.\n',
    );
    expect(problems).toEqual([]);
    expect(updates.map((u) => [u.state, u.at.toISOString(), u.message, u.line])).toEqual([
      ['investigating', '2025-01-26T16:05:00.000Z', 'We are looking.', 11],
      ['resolved', '2025-01-27T02:00:00.000Z', 'Fixed.', 15],
    ]);
  });
  it.each([
    '## identified 2025-01-27 10:20 +08:00',
    '## IDENTIFIED - 2025-01-27 10:20 +08:00',
    '## Identified | 2025-01-27 10:20 +08:00',
    '## Identified at 2025-01-27 10:20 +08:00',
    '## Identified: 2025-01-27T10:20:00+08:00',
    '## 2025-01-27 10:20 +08:00 — Identified',
    '## Identified 2025-01-27 02:20 UTC ##',
  ])('is forgiving: %s', (heading) => {
    const { updates, problems } = parse(`${heading}\nText.`);
    expect(problems).toEqual([]);
    expect(updates[0]?.state).toBe('identified');
    expect(updates[0]?.at.toISOString()).toBe('2025-01-27T02:20:00.000Z');
  });
  it('accepts multi-word maintenance states', () => {
    const { updates } = parseTimeline(
      '## In progress 2025-01-29 02:00 +08:00\nStarted.\n## in-progress 2025-01-29 02:10 +08:00\nStill.',
      MAINTENANCE_STATES,
      'm.md',
      1,
    );
    expect(updates.map((u) => u.state)).toEqual(['in_progress', 'in_progress']);
  });
  it('reports headings it cannot read, with the line', () => {
    const { problems } = parse('## Fixed 2025-01-27 10:20 +08:00\nA\n## Monitoring\nB\n## Monitoring 2025-01-27 10:20\nC');
    expect(problems.map((p) => [p.line, p.message.split(';')[0]])).toEqual([
      [10, 'heading "## Fixed 2025-01-27 10:20 +08:00" has an unknown state "Fixed"'],
      [12, 'heading "## Monitoring" has no time'],
      [14, expect.stringContaining('has no time zone offset')],
    ]);
  });
  it('does not lose text before the first heading', () => {
    const { problems } = parse('Some words.\n## Investigating 2025-01-27 00:05 +08:00\nA');
    expect(problems[0]).toMatchObject({ line: 10, field: 'update', message: expect.stringContaining('would be lost') });
  });
  it('reports an update with no message', () => {
    expect(parse('## Investigating 2025-01-27 00:05 +08:00\n\n').problems[0]?.message).toBe('has no message below its heading');
  });
  it('leaves ### headings and fenced code in the message', () => {
    const { updates, problems } = parse('## Monitoring 2025-01-27 00:05 +08:00\n### Details\n```\n## not a heading\n```');
    expect(problems).toEqual([]);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.message).toContain('## not a heading');
  });
});

describe('orderUpdates', () => {
  const u = (iso: string, line: number) => ({ at: new Date(iso), line });
  it('accepts oldest first and newest first, returning oldest first', () => {
    const a = [u('2025-01-01T00:00Z', 1), u('2025-01-01T01:00Z', 5)];
    expect(orderUpdates(a, 'f').updates).toEqual(a);
    expect(orderUpdates([...a].reverse(), 'f').updates).toEqual(a);
  });
  it('reports the update that breaks the order', () => {
    const r = orderUpdates([u('2025-01-01T00:00Z', 1), u('2025-01-01T02:00Z', 5), u('2025-01-01T01:00Z', 9)], 'f');
    expect(r.problems).toEqual([
      { file: 'f', line: 9, field: 'update', message: expect.stringContaining('earlier than the update at line 5') },
    ]);
  });
});

describe('normaliseState and updateIds', () => {
  it('normalises', () => expect(normaliseState(' In - Progress ')).toBe('in_progress'));
  it('numbers updates oldest first, so an edited time or text keeps its id', () => {
    expect(updateIds(3)).toEqual(['update-1', 'update-2', 'update-3']);
  });
});
