import { describe, expect, it } from 'vitest';
import { slugify } from './slug.ts';

describe('slugify', () => {
  it('makes lowercase hyphenated words', () => {
    expect(slugify('New registrations restricted -- after an attack!')).toBe('new-registrations-restricted-after-an-attack');
  });
  it('folds accents and drops what has no Latin form', () => {
    expect(slugify('Café déjà vu')).toBe('cafe-deja-vu');
    expect(slugify('注册受限')).toBe('');
  });
  it('never lets path syntax through', () => {
    expect(slugify('../../etc/passwd')).toBe('etc-passwd');
  });
  it('cuts long titles at a word boundary', () => {
    const slug = slugify('word '.repeat(40), 23);
    expect(slug).toBe('word-word-word-word');
  });
});
