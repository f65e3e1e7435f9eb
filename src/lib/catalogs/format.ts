/**
 * Small helpers the catalogs share: counted phrases chosen by the language's plural rules
 * (Intl.PluralRules), numbers in the language's digits grouping, and a state name put
 * inside a sentence.
 */

/** The forms of a counted phrase; `#` stands for the number. `zero` is an exact 0 where the language says it apart. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string; zero?: string };

const rules = new Map<string, Intl.PluralRules>();

/** `n` in the language's number format ("1.234" in German, "1 234" in French). */
export function num(locale: string, n: number): string {
  return new Intl.NumberFormat(locale).format(n);
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
