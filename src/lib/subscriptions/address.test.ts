import { describe, expect, it } from 'vitest';
import { MAX_ADDRESS, parseAddress } from './address.ts';

describe('parseAddress', () => {
  it('takes plain addresses, trimmed and lower-cased', () => {
    expect(parseAddress('  Ada.Lovelace+status@Example.ORG ')).toEqual({ ok: true, address: 'ada.lovelace+status@example.org' });
    expect(parseAddress("o'brien@example.com").ok).toBe(false);
    expect(parseAddress('jürgen@bücher.de')).toEqual({ ok: false, reason: 'the part before the @ is not a plain address' });
    expect(parseAddress('x@bücher.de')).toEqual({ ok: true, address: 'x@bücher.de' });
  });

  it.each([
    ['', 'empty'],
    ['a@b.c\r\nBcc: everyone@example.com', 'control characters or line breaks'],
    ['a@example.com\nX-Injected: 1', 'control characters or line breaks'],
    ['a@example.com%0d%0aBcc:x@example.com', 'spaces, markup or quoting characters'],
    ['<script>alert(1)</script>@example.com', 'spaces, markup or quoting characters'],
    ['"a b"@example.com', 'spaces, markup or quoting characters'],
    ['a@example.com, b@example.com', 'spaces, markup or quoting characters'],
    ['a@b@example.com', 'not exactly one @'],
    ['example.com', 'not exactly one @'],
    ['a..b@example.com', 'the part before the @ is not a plain address'],
    ['a@localhost', 'the part after the @ is not a domain name'],
    ['a@127.0.0.1', 'the part after the @ is not a domain name'],
    ['a@-x.example.com', 'the part after the @ is not a domain name'],
    [`${'a'.repeat(65)}@example.com`, 'the part before the @ is not a plain address'],
    [`a@${'b'.repeat(250)}.com`, `longer than ${MAX_ADDRESS} characters`],
    ['a\u200b@example.com', 'control characters or line breaks'],
  ])('refuses %j: %s', (input, reason) => {
    expect(parseAddress(input)).toEqual({ ok: false, reason });
  });
});
