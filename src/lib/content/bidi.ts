/**
 * Bidirectional text. Titles and names are shown inline, beside words of the page's own
 * language ("Notice: <title>", a banner's link), so a right-to-left title could pull the
 * punctuation and numbers next to it into its own direction. Such text is isolated with
 * `dir="auto"` (HTML isolates an element with a `dir` attribute); text with no right-to-left
 * character and no bidi control, the usual case, gets no attribute, so its pages keep
 * their bytes. Bidi controls left open are refused by `textProblem` (schema.ts).
 */

/** Bidi controls that open a run, and the control that closes it: embeddings and overrides close with PDF, isolates with PDI. */
export const BIDI_OPEN: Readonly<Record<string, 'PDF' | 'PDI'>> = {
  '\u202A': 'PDF',
  '\u202B': 'PDF',
  '\u202D': 'PDF',
  '\u202E': 'PDF',
  '\u2066': 'PDI',
  '\u2067': 'PDI',
  '\u2068': 'PDI',
};
/** The controls that close a run. */
export const BIDI_CLOSE: Readonly<Record<string, 'PDF' | 'PDI'>> = { '\u202C': 'PDF', '\u2069': 'PDI' };

/**
 * Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic and their
 * presentation forms; the right-to-left blocks of the supplementary planes), the marks
 * LRM, RLM and ALM, and every bidi control.
 */
const BIDI_SENSITIVE =
  /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC\u200E\u200F\u202A-\u202E\u2066-\u2069\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u;

/** `'auto'` when `text` shown inline should be isolated from the words around it, else undefined (no attribute). */
export function isolateDir(text: string): 'auto' | undefined {
  return BIDI_SENSITIVE.test(text) ? 'auto' : undefined;
}
