import { describe, expect, it } from 'vitest';
import { addUpdate, newFile, setFields, setServiceStatus, updateBlock } from './edit.ts';

const zone = { timeZone: 'Asia/Shanghai', locale: 'en-GB' };
const at = new Date('2025-01-27T02:20:00Z');

describe('edit', () => {
  it('writes an update block as staff type it', () => {
    expect(updateBlock('identified', at, zone, '  Found it.  ')).toBe('## Identified 2025-01-27 10:20 +08:00\n\nFound it.\n');
  });
  it('writes a new file with unquoted timestamps', () => {
    expect(newFile({ title: 'T', started: '2025-01-27T10:20:00+08:00' }, 'Body.\n')).toBe('---\ntitle: T\nstarted: 2025-01-27T10:20:00+08:00\n---\n\nBody.\n');
  });
  const file = '---\n# note\ntitle: T # keep\nimpact: minor\n---\n\n## Investigating 2025-01-27 10:00 +08:00\n\nA.\n';
  it('appends to an oldest-first file and prepends to a newest-first one', () => {
    expect(addUpdate(file, 'NEW\n', false)).toBe(`${file}\nNEW\n`);
    expect(addUpdate(file, 'NEW\n', true)).toBe('---\n# note\ntitle: T # keep\nimpact: minor\n---\n\nNEW\n\n## Investigating 2025-01-27 10:00 +08:00\n\nA.\n');
  });
  it('sets fields and service statuses, keeping comments', () => {
    const out = setServiceStatus(setFields(file, { resolved: '2025-01-27T11:00:00+08:00' }), 'api', 'partial_outage');
    expect(out).toBe('---\n# note\ntitle: T # keep\nimpact: minor\nresolved: 2025-01-27T11:00:00+08:00\nservices:\n  api: partial_outage\n---\n\n## Investigating 2025-01-27 10:00 +08:00\n\nA.\n');
  });
  it('refuses a file without front matter', () => {
    expect(() => setFields('no front matter', { a: 1 })).toThrow(/no front matter/);
  });
});

