import { describe, expect, it } from 'vitest';
import { lowerFirst, num, percent, plural } from './format.ts';

describe('num and percent', () => {
  it('write numbers and shares as Intl.NumberFormat does for the language', () => {
    expect(num('de', 1234)).toBe(new Intl.NumberFormat('de').format(1234));
    expect(num('en', 1234)).toBe('1,234');
    expect(percent('fr', 0.9941)).toBe(
      new Intl.NumberFormat('fr', { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(0.9941),
    );
    expect(percent('en', 0.9941)).toBe('99.41%');
  });
});

describe('plural', () => {
  const forms = { one: '# Vorfall', other: '# Vorfälle', zero: 'keine Vorfälle' };
  it("picks the form the language's plural rules give, the number written in its digits", () => {
    expect(plural('de', 1, forms)).toBe('1 Vorfall');
    expect(plural('de', 1234, forms)).toBe(`${new Intl.NumberFormat('de').format(1234)} Vorfälle`);
  });
  it('says an exact zero apart where the forms have one, else uses the rules', () => {
    expect(plural('de', 0, forms)).toBe('keine Vorfälle');
    expect(plural('de', 0, { one: '# Vorfall', other: '# Vorfälle' })).toBe('0 Vorfälle');
  });
});

describe('lowerFirst', () => {
  it('lowers the first letter only, with the language’s rules', () => {
    expect(lowerFirst('Geplant', 'de')).toBe('geplant');
    expect(lowerFirst('In Bearbeitung', 'de')).toBe('in Bearbeitung');
  });
});
