import { describe, expect, it } from 'vitest';
import { statusColourCss, STATUS_COLOURS } from './colours.ts';

/** WCAG relative luminance and contrast ratio, worked from the definitions. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

describe('status colours', () => {
  it('keep white badge text at 4.5:1 in the light theme', () => {
    for (const [status, colour] of Object.entries(STATUS_COLOURS.light))
      expect(contrast(colour, '#ffffff'), status).toBeGreaterThanOrEqual(4.5);
  });
  it('stand out 3:1 against the dark background (#0d1117)', () => {
    for (const [status, colour] of Object.entries(STATUS_COLOURS.dark))
      expect(contrast(colour, '#0d1117'), status).toBeGreaterThanOrEqual(3);
  });
  it('become the CSS custom properties, light and dark', () => {
    const css = statusColourCss();
    expect(css.startsWith(':root{--operational:#1a7f37;--tint-operational:#dafbe1;')).toBe(true);
    expect(css).toContain('@media (prefers-color-scheme: dark){:root{--operational:#3fb950;--tint-operational:#12261e;');
  });
});
