import { describe, expect, it } from 'vitest';
import { BIDI_CLOSE, BIDI_OPEN, isolateDir } from './bidi.ts';

describe('isolateDir', () => {
  it('leaves left-to-right text, CJK, emoji and combining marks alone', () => {
    for (const text of ['API errors', 'Registrierung eingeschränkt', '注册受限', '登録', '🔥 e\u0301', 'Ω 𠜎'])
      expect(isolateDir(text), text).toBeUndefined();
  });
  it('isolates right-to-left letters and any bidi mark or control', () => {
    for (const text of [
      'مرحبا',
      'API שלום',
      'ܫܠܡܐ',
      'ދިވެހި',
      'ߒߞߏ',
      'ﷺ',
      'a\u200Fb',
      'a\u200Eb',
      'x \u202Eevil\u202C',
      'x \u2067y\u2069',
      '\u{10900}',
      '\u{1E900}',
    ]) {
      expect(isolateDir(text), JSON.stringify(text)).toBe('auto');
    }
  });
  it('knows the Unicode bidi controls: four embeddings and overrides with their close, three isolates with theirs', () => {
    expect(Object.keys(BIDI_OPEN).map((c) => c.codePointAt(0)!.toString(16))).toEqual([
      '202a',
      '202b',
      '202d',
      '202e',
      '2066',
      '2067',
      '2068',
    ]);
    expect(Object.keys(BIDI_CLOSE).map((c) => c.codePointAt(0)!.toString(16))).toEqual(['202c', '2069']);
  });
});
