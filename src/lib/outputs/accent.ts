/**
 * The site's accent colour (site.yaml `accent:`): links and focus rings in the light
 * scheme take it, when it is readable there. The dark scheme keeps its own link colour:
 * a colour that reads well on both a light and a dark background is rare.
 */

/** The light scheme's page background (`--bg` in src/styles/global.css), the darkest one links sit on. */
export const LIGHT_BACKGROUND = '#f6f7f9';

/** WCAG 2.2's minimum contrast for normal text (1.4.3, level AA). */
export const MIN_CONTRAST = 4.5;

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** `#abc` → `#aabbcc`, lower case; undefined when it is not a hex colour. */
export function normaliseHex(text: string): string | undefined {
  const m = HEX.exec(text.trim());
  if (!m) return undefined;
  const digits = m[1]!.length === 3 ? [...m[1]!].map((d) => d + d).join('') : m[1]!;
  return `#${digits.toLowerCase()}`;
}

/** WCAG relative luminance of a `#rrggbb` colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG contrast ratio of two `#rrggbb` colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Why an accent cannot be used, or undefined when it can. */
export function accentProblem(text: string): string | undefined {
  const hex = normaliseHex(text);
  if (!hex) return 'must be a colour written #rrggbb or #rgb, e.g. "#0b57d0" (quote it: YAML reads # as a comment)';
  const ratio = contrastRatio(hex, LIGHT_BACKGROUND);
  if (ratio < MIN_CONTRAST)
    return `has a contrast of ${ratio.toFixed(2)}:1 on the page background (${LIGHT_BACKGROUND}); links need ${MIN_CONTRAST}:1: choose a darker colour`;
  return undefined;
}

/** The stylesheet that gives links and focus rings the accent, in the light scheme only. */
export function accentCss(accent: string): string {
  const hex = normaliseHex(accent) ?? accent;
  return `@media not (prefers-color-scheme: dark){:root{--link:${hex};--focus:${hex}}}`;
}
