/**
 * Small helpers the catalogs share (and uptime.ts, plural.ts): counted phrases chosen by the
 * language's plural rules (Intl.PluralRules), numbers and percentages as the language writes
 * them (Intl.NumberFormat), and a state name put inside a sentence.
 */

/** The forms of a counted phrase; `#` stands for the number. `zero` is an exact 0 where the language says it apart. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string; zero?: string };

const rules = new Map<string, Intl.PluralRules>();

const numbers = new Map<string, Intl.NumberFormat>();

/** `n` in the language's number format ("1.234" in German, "1 234" in French). */
export function num(locale: string, n: number): string {
  let f = numbers.get(locale);
  if (!f) numbers.set(locale, (f = new Intl.NumberFormat(locale)));
  return f.format(n);
}

const percents = new Map<string, Intl.NumberFormat>();

/**
 * A share as a percentage with two decimals, as the locale writes it: "99.41%", "99,41 %" (de,
 * fr, es), "99,41%" (pt-BR). The share is expected already cut to two decimals of a percent;
 * this only writes it (rounding to the nearest, which keeps such a share as it is).
 */
export function percent(locale: string, share: number): string {
  let f = percents.get(locale);
  if (!f)
    percents.set(locale, (f = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 })));
  return f.format(share);
}

/** The form of `forms` the language's plural rules pick for `n`, with `#` replaced by the number. */
export function plural(locale: string, n: number, forms: PluralForms): string {
  let pr = rules.get(locale);
  if (!pr) {
    pr = new Intl.PluralRules(locale);
    rules.set(locale, pr);
  }
  const form = (n === 0 ? forms.zero : undefined) ?? forms[pr.select(n)] ?? forms.other;
  return form.replaceAll('#', num(locale, n));
}

/** A label inside a sentence: "Geplant" becomes "geplant" in "Wartung geplant". */
export function lowerFirst(s: string, locale: string): string {
  return s.charAt(0).toLocaleLowerCase(locale) + s.slice(1);
}
