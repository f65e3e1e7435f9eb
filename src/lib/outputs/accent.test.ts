import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accentCss, accentProblem, contrastRatio, LIGHT_BACKGROUND, normaliseHex } from './accent.ts';

describe('the accent colour', () => {
  it('reads #rgb and #rrggbb, and nothing else', () => {
    expect(normaliseHex('#0B57D0')).toBe('#0b57d0');
    expect(normaliseHex(' #abc ')).toBe('#aabbcc');
    expect(normaliseHex('blue')).toBeUndefined();
    expect(normaliseHex('#12345')).toBeUndefined();
  });
  it('measures contrast as WCAG defines it (black on white is 21:1, a colour on itself 1:1)', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#777777')).toBe(1);
    // #767676 on white is the well-known 4.54:1, the lightest grey that passes AA.
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });
  it('accepts a readable accent and refuses a pale one or a word, saying why', () => {
    expect(accentProblem('#0b57d0')).toBeUndefined();
    expect(accentProblem('#ffcc00')).toMatch(/^has a contrast of 1\.\d\d:1 on the page background \(#f6f7f9\); links need 4\.5:1/);
    expect(accentProblem('red')).toMatch(/^must be a colour written #rrggbb or #rgb/);
  });
  it('compares against the light background the stylesheet really has', () => {
    const css = readFileSync(new URL('../../astro/styles/global.css', import.meta.url), 'utf8');
    expect(css).toContain(`--bg: ${LIGHT_BACKGROUND};`);
  });
  it('colours links and focus rings in the light scheme only', () => {
    expect(accentCss('#0B57D0')).toBe('@media not (prefers-color-scheme: dark){:root{--link:#0b57d0;--focus:#0b57d0}}');
  });
});
