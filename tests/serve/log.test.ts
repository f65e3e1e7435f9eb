/** The service's log: one JSON line per event, addresses only as keyed hashes. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLog } from '../../src/serve/log.ts';

describe('the service log', () => {
  it('writes one JSON line per event, and no address in clear, even inside another field', () => {
    const lines: string[] = [];
    const log = createLog('k'.repeat(40), (line) => lines.push(line));
    const address = 'Ada.Lovelace@example.org';
    log.info('signup', { who: log.who(address), language: 'en' });
    log.warn('smtp', { reply: `550 5.1.1 <${address}>: user unknown` });
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line.endsWith('\n')).toBe(true);
      expect(line.slice(0, -1)).not.toContain('\n');
      expect(line.toLowerCase()).not.toContain('lovelace');
    }
    // The hash is HMAC-SHA-256 of the lower-cased address under the secret, cut to 12 hex digits: worked out here independently.
    const expected = createHmac('sha256', 'k'.repeat(40)).update('ada.lovelace@example.org').digest('hex').slice(0, 12);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', event: 'signup', who: expected, language: 'en' });
    expect(JSON.parse(lines[1]!).reply).toBe(`550 5.1.1 <<${expected}>>: user unknown`);
    // Another key, another hash: the log is useless for finding an address without the key.
    expect(createLog('j'.repeat(40), () => {}).who(address)).not.toBe(expected);
  });
});
