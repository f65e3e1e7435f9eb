/**
 * What an address a visitor types may be. Strict on purpose: an address goes into a mail
 * header (To:) and a page, so anything that could end a header line, start markup or
 * smuggle a second recipient is refused, not cleaned.
 */

export type AddressResult = { ok: true; address: string } | { ok: false; reason: string };

/** RFC 5321's limits: 64 characters before the @, 254 in all. */
export const MAX_ADDRESS = 254;
const MAX_LOCAL = 64;

/** The characters allowed before the @: RFC 5322's dot-atom without the quoting forms. */
const LOCAL = /^[A-Za-z0-9!#$%&*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&*+/=?^_`{|}~-]+)*$/;
/** A host name with at least one dot: letters, digits and hyphens per label (IDNs in their xn-- form, or as Unicode letters). */
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

/**
 * The address as stored and mailed (trimmed, lower-cased), or why it is refused: empty,
 * too long, control characters or line breaks, markup or quoting characters, no or more
 * than one @, a local part or domain that is not a plain dot-atom.
 */
export function parseAddress(input: string): AddressResult {
  const text = input.trim();
  if (!text) return { ok: false, reason: 'empty' };
  if (text.length > MAX_ADDRESS) return { ok: false, reason: `longer than ${MAX_ADDRESS} characters` };
  if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(text)) return { ok: false, reason: 'control characters or line breaks' };
  if (/[\s<>"'(),;:[\]\\]/.test(text)) return { ok: false, reason: 'spaces, markup or quoting characters' };
  const at = text.split('@');
  if (at.length !== 2) return { ok: false, reason: 'not exactly one @' };
  const [local, domain] = at as [string, string];
  if (!local || local.length > MAX_LOCAL || !LOCAL.test(local))
    return { ok: false, reason: 'the part before the @ is not a plain address' };
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^\d+$/.test(labels.at(-1)!))
    return { ok: false, reason: 'the part after the @ is not a domain name' };
  return { ok: true, address: text.toLowerCase() };
}
