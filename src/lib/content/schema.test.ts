import { describe, expect, it } from 'vitest';
import { parseIncident, parseSite } from './parse.ts';
import { incidentSchema, serviceSchema, siteSchema, textProblem, validate } from './schema.ts';

const lineOf = () => 1;

describe('the content schema', () => {
  it('accepts a minimal site and fills defaults', () => {
    const r = validate(siteSchema, { name: 'S', url: 'https://s.example', timezone: 'Europe/Berlin' }, 'site.yaml', lineOf);
    expect(r).toEqual({
      ok: true,
      value: {
        name: 'S',
        url: 'https://s.example',
        base: '/',
        description: '',
        timeZone: 'Europe/Berlin',
        locale: 'en-GB',
        languages: ['en-GB'],
        links: {},
        historyDays: 7,
      },
    });
  });
  it('builds a site in English when its locale has no catalog, so the words and the dates agree', () => {
    const r = validate(siteSchema, { name: 'S', url: 'https://s.example', timezone: 'Europe/Rome', locale: 'it' }, 'site.yaml', () => 1);
    expect(r.ok && r.value.languages).toEqual(['en']);
    const gb = validate(
      siteSchema,
      { name: 'S', url: 'https://s.example', timezone: 'Europe/Rome', locale: 'de-AT' },
      'site.yaml',
      () => 1,
    );
    expect(gb.ok && gb.value.languages).toEqual(['de-AT']);
  });
  it('refuses a url with a path, and says to put the path in base', () => {
    const r = validate(
      siteSchema,
      { name: 'S', url: 'https://acme.github.io/statusmark/', base: '/statusmark/', timezone: 'UTC' },
      'site.yaml',
      lineOf,
    );
    expect(r).toEqual({
      ok: false,
      problems: [
        {
          file: 'site.yaml',
          line: 1,
          field: 'url',
          message:
            'has a path ("/statusmark/"); write only the origin here (url: https://acme.github.io) and the path as base: /statusmark/ (changed in 0.2.0: run npx statusmark migrate)',
        },
      ],
    });
  });
  it('normalises the base path', () => {
    const r = validate(siteSchema, { name: 'S', url: 'https://s.example', timezone: 'UTC', base: 'status' }, 'f', lineOf);
    expect(r.ok && r.value.base).toBe('/status/');
  });
  it('refuses a reserved or malformed service id', () => {
    expect(validate(serviceSchema, { id: 'status', name: 'S', group: 'G' }, 'f', lineOf)).toMatchObject({
      ok: false,
      problems: [{ field: 'id', message: expect.stringContaining('reserved') }],
    });
    expect(validate(serviceSchema, { id: 'Web Chat', name: 'S', group: 'G' }, 'f', lineOf)).toMatchObject({
      ok: false,
      problems: [{ field: 'id' }],
    });
  });
  it('treats an empty field as absent', () => {
    const r = validate(incidentSchema, { title: 'T', impact: 'minor', started: '2025-01-01T00:00Z', resolved: null }, 'f', lineOf);
    expect(r.ok && r.value.resolved).toBeUndefined();
  });
  it('lists the allowed values and the known fields', () => {
    const r = validate(incidentSchema, { title: 'T', impact: 'huge', started: '2025-01-01T00:00Z', colour: 'red' }, 'f', lineOf);
    expect(r.ok ? [] : r.problems.map((p) => `${p.field}: ${p.message}`).sort()).toEqual([
      'colour: unknown field; expected one of title, lang, impact, services, started, resolved, postmortem, draft',
      'impact: must be one of none | minor | major | critical (got "huge")',
    ]);
  });
  it('accepts only http(s) or site paths as links', () => {
    for (const postmortem of ['https://a.example/p', '/postmortems/x/'])
      expect(validate(incidentSchema, { title: 'T', impact: 'minor', started: '2025-01-01T00:00Z', postmortem }, 'f', lineOf).ok).toBe(
        true,
      );
    for (const postmortem of ['javascript:alert(1)', '//evil.example', 'data:text/html,x', 'ftp://a.example'])
      expect(validate(incidentSchema, { title: 'T', impact: 'minor', started: '2025-01-01T00:00Z', postmortem }, 'f', lineOf).ok).toBe(
        false,
      );
  });
  it('refuses a site path that a browser resolves to another host (WHATWG URL as the oracle)', () => {
    const page = 'https://status.example/incidents/x/';
    const paths = [
      '/\\evil.example/pm',
      '\\\\evil.example/pm',
      '//evil.example/pm',
      '/\\/evil.example',
      '\\/evil.example',
      '/%5Cevil.example',
      '/postmortems/x/',
      '/a\\b',
    ];
    for (const postmortem of paths) {
      const accepted = validate(incidentSchema, { title: 'T', impact: 'minor', started: '2025-01-01T00:00Z', postmortem }, 'f', lineOf).ok;
      // Whatever is accepted as a path stays on this host once a browser resolves it, and keeps its own spelling.
      if (accepted) expect(new URL(postmortem, page).host, postmortem).toBe('status.example');
      if (postmortem.includes('\\') || postmortem.startsWith('//')) expect(accepted, postmortem).toBe(false);
    }
    expect(['/\\evil.example/pm', '//evil.example/pm'].map((p) => new URL(p, page).host)).toEqual(['evil.example', 'evil.example']);
    expect(
      validate(
        incidentSchema,
        { title: 'T', impact: 'minor', started: '2025-01-01T00:00Z', postmortem: '/\\evil.example/pm' },
        'incidents/x.md',
        () => 7,
      ),
    ).toEqual({
      ok: false,
      problems: [
        {
          file: 'incidents/x.md',
          line: 7,
          field: 'postmortem',
          message:
            'must be an http(s) URL or a path on this site starting with a single / (no \\ anywhere: browsers read it as /, and //host or /\\host is another site)',
        },
      ],
    });
  });
  it('names the file and the line of a postmortem path that leaves the site, in any of its forms', () => {
    const ctx = { serviceIds: new Set<string>(), zone: { timeZone: 'UTC', locale: 'en-GB' } };
    for (const postmortem of ["'/\\evil.example/pm'", "'//evil.example/pm'", "'\\\\evil.example'", '/pm\\x']) {
      const text = `---\ntitle: T\nimpact: minor\nstarted: 2025-01-01T10:00Z\npostmortem: ${postmortem}\n---\n\n## Investigating 2025-01-01 10:05Z\nBody.\n`;
      expect(
        parseIncident('incidents/2025-01-01-t.md', text, ctx).problems.map((p) => `${p.file}:${p.line}: ${p.field}`),
        postmortem,
      ).toEqual(['incidents/2025-01-01-t.md:5: postmortem']);
    }
  });
  it('refuses "." and ".." segments in base, which browsers resolve away', () => {
    for (const base of ['/../../', '/status/../', './', '/a/./b/', '..']) {
      expect(validate(siteSchema, { name: 'S', url: 'https://s.example', timezone: 'UTC', base }, 'site.yaml', lineOf), base).toEqual({
        ok: false,
        problems: [
          {
            file: 'site.yaml',
            line: 1,
            field: 'base',
            message: 'must not have a "." or ".." segment; write the path itself, such as /status/',
          },
        ],
      });
    }
    for (const base of ['/status.v2/', '/..status/', '/a..b/'])
      expect(validate(siteSchema, { name: 'S', url: 'https://s.example', timezone: 'UTC', base }, 'site.yaml', lineOf).ok, base).toBe(true);
  });
  it('refuses a link holding a control character, which no feed could carry', () => {
    for (const postmortem of ['https://a.example/p\u0001', '/postmortems/x\u0008/', 'https://a.example/\uFFFE']) {
      expect(
        validate(incidentSchema, { title: 'T', impact: 'minor', started: '2025-01-01T00:00Z', postmortem }, 'f', lineOf).ok,
        JSON.stringify(postmortem),
      ).toBe(false);
    }
    const site = validate(
      siteSchema,
      {
        name: 'S',
        url: 'https://s.example',
        timezone: 'UTC',
        links: { home: 'https://s.example/\u0001', support: 'https://s.example/help' },
      },
      'site.yaml',
      lineOf,
    );
    expect(site.ok ? [] : site.problems.map((p) => `${p.field}: ${p.message}`)).toEqual(['links.home: must be an http:// or https:// URL']);
  });
  it('refuses a url with a user name or password', () => {
    for (const url of ['https://user:pass@status.example', 'https://user@status.example', 'https://:pass@status.example']) {
      expect(
        validate(siteSchema, { name: 'S', url, timezone: 'UTC' }, 'site.yaml', () => 2),
        url,
      ).toEqual({
        ok: false,
        problems: [
          {
            file: 'site.yaml',
            line: 2,
            field: 'url',
            message: 'holds a user name or password (before "@"); write only the public origin, e.g. url: https://status.example',
          },
        ],
      });
    }
  });
});

describe('subscriptions: the sign-up service of site.yaml', () => {
  const site = 'name: S\nurl: https://status.example\ntimezone: UTC\n# the sign-up service\nsubscriptions:\n';
  const parse = (url: string) => parseSite('content/site.yaml', `${site}  url: ${url}\n`);
  it('takes an https URL, or http on this machine, without its trailing slash', () => {
    expect(parse('https://status-mail.example.com').value?.subscriptions).toEqual({ url: 'https://status-mail.example.com' });
    expect(parse('https://status-mail.example.com/').value?.subscriptions).toEqual({ url: 'https://status-mail.example.com' });
    expect(parse('https://example.com/mail/').value?.subscriptions).toEqual({ url: 'https://example.com/mail' });
    expect(parse('https://example.com:8443').value?.subscriptions).toEqual({ url: 'https://example.com:8443' });
    expect(parse('http://127.0.0.1:4000').value?.subscriptions).toEqual({ url: 'http://127.0.0.1:4000' });
    expect(parse('http://localhost:4000/').value?.subscriptions).toEqual({ url: 'http://localhost:4000' });
  });
  it('leaves a site without it as it was', () => {
    const r = parseSite('content/site.yaml', site.replace('subscriptions:\n', ''));
    expect(r.value).toBeDefined();
    expect(r.value && 'subscriptions' in r.value).toBe(false);
  });
  it('refuses a bad value on its line, naming the field and what to write', () => {
    const refused = (url: string) => {
      const r = parse(url);
      expect(r.value, url).toBeUndefined();
      expect(r.problems, url).toHaveLength(1);
      const [p] = r.problems;
      expect({ file: p?.file, line: p?.line, field: p?.field }, url).toEqual({
        file: 'content/site.yaml',
        line: 6,
        field: 'subscriptions.url',
      });
      return p?.message ?? '';
    };
    expect(refused('http://status-mail.example.com')).toContain('must start with https:// (http:// only for 127.0.0.1 or localhost)');
    expect(refused('http://127.0.0.2:4000')).toContain('must start with https://');
    expect(refused('http://localhost.example.com')).toContain('must start with https://');
    expect(refused('ftp://status-mail.example.com')).toContain('must be the https:// URL of the sign-up service');
    expect(refused('status-mail.example.com')).toContain('must be the https:// URL of the sign-up service');
    expect(refused('https://user:secret@status-mail.example.com')).toContain('user name or password');
    expect(refused('https://status-mail.example.com/?list=1')).toContain('query or fragment');
    expect(refused('https://status-mail.example.com/#top')).toContain('query or fragment');
    expect(refused('https://[::1]:4000')).toContain('IPv6');
    // Each would end the <meta> attribute, split the policy or widen it to a wildcard.
    for (const host of ['a"b.example', 'a;b.example', 'a,b.example', '*.example.com', 'a_b.example', 'example.com.', 'a..b.example'])
      expect(refused(`'https://${host}/subscribe-service'`), host).toContain('has a host');
    expect(refused('https://example.com/a;b')).toContain('path with characters');
    expect(refused('https://example.com/%20')).toContain('path with characters');
    expect(refused('42')).toContain('must be the https:// URL of the sign-up service');
  });
  it('takes notices: all or none for the service, and leaves it out when not written', () => {
    const url = 'https://status-mail.example.com';
    expect(parse(`${url}\n  notices: none`).value?.subscriptions).toEqual({ url, notices: 'none' });
    expect(parse(`${url}\n  notices: all`).value?.subscriptions).toEqual({ url, notices: 'all' });
    expect(parse(url).value?.subscriptions && 'notices' in parse(url).value!.subscriptions!).toBe(false);
  });
  it('refuses any other notices value on its line, naming the field and both choices', () => {
    for (const value of ['some', 'None', 'true', '[all]', "''"]) {
      const r = parse(`https://status-mail.example.com\n  notices: ${value}`);
      expect(r.value, value).toBeUndefined();
      expect(
        r.problems.map((p) => ({ file: p.file, line: p.line, field: p.field })),
        value,
      ).toEqual([{ file: 'content/site.yaml', line: 7, field: 'subscriptions.notices' }]);
      expect(r.problems[0]?.message, value).toContain('must be one of all | none');
    }
  });
  it('refuses a bare URL or an unknown field under it, on their lines', () => {
    const bare = parseSite('content/site.yaml', `${site.replace('subscriptions:\n', '')}subscriptions: https://status-mail.example.com\n`);
    expect(bare.problems.map((p) => [p.line, p.field])).toEqual([[5, 'subscriptions']]);
    expect(bare.problems[0]?.message).toContain("must be a mapping with the service's url");
    const unknown = parseSite('content/site.yaml', `${site}  link: https://status-mail.example.com\n`);
    expect(unknown.problems.map((p) => [p.line, p.field])).toEqual([
      [5, 'subscriptions.url'],
      [6, 'subscriptions.link'],
    ]);
  });
});

describe('textProblem: text every output can carry', () => {
  it('accepts ordinary text in every script, emoji, combining marks, tab, LF, CRLF and paired bidi controls', () => {
    for (const ok of [
      'Registrierung eingeschränkt',
      '注册受限',
      'مرحبا بالعالم',
      '🔥 👩🏽‍💻 🇩🇪',
      'e\u0301 n\u0303',
      'a\tb',
      'a\nb',
      'a\r\nb',
      'x \u202Eabc\u202C y',
      'x \u2067abc\u2069 y',
      '\u{10FFFD}',
      '<b>&amp;</b>',
    ]) {
      expect(textProblem(ok), JSON.stringify(ok)).toBeUndefined();
    }
  });
  it('refuses C0 and C1 controls, a lone CR, lone surrogates and noncharacters, at their index', () => {
    const cases: [string, number, string][] = [
      ['a\u0001b', 1, 'U+0001, a control character'],
      ['ab\u0008', 2, 'U+0008, a control character'],
      ['\u000Bx', 0, 'U+000B, a control character'],
      ['x\u007F', 1, 'U+007F, a control character'],
      ['x\u0085', 1, 'U+0085, a control character'],
      ['x\u009F', 1, 'U+009F, a control character'],
      ['a\rb', 1, 'U+000D, a control character'],
      ['a\uD800b', 1, 'U+D800, half of a surrogate pair'],
      ['ab\uDC00', 2, 'U+DC00, half of a surrogate pair'],
      ['\uFFFE', 0, 'U+FFFE, a Unicode noncharacter'],
      ['a\uFFFF', 1, 'U+FFFF, a Unicode noncharacter'],
      ['a\uFDD0', 1, 'U+FDD0, a Unicode noncharacter'],
      ['a\uFDEF', 1, 'U+FDEF, a Unicode noncharacter'],
      ['a\u{1FFFE}', 1, 'U+1FFFE, a Unicode noncharacter'],
      ['a\u{10FFFF}', 1, 'U+10FFFF, a Unicode noncharacter'],
    ];
    for (const [text, index, what] of cases) {
      const problem = textProblem(text);
      expect(problem?.index, JSON.stringify(text)).toBe(index);
      expect(problem?.message).toContain(`contains ${what}`);
    }
  });
  it('refuses bidi controls left open or closing nothing, which would turn the text around them', () => {
    expect(textProblem('API \u202Edown')).toEqual({
      index: 4,
      message:
        'contains U+202E, a bidi control that is not closed by U+202C, so it would change the direction of the text after it; remove it or close it',
    });
    expect(textProblem('a \u2068b')?.message).toContain('not closed by U+2069');
    expect(textProblem('a\u202Cb')).toEqual({ index: 1, message: 'contains U+202C, a bidi control that closes nothing; remove it' });
    expect(textProblem('\u2067a\u202Cb\u2069')?.index).toBe(2);
  });
  it('is checked on every localized text field, with the field named', () => {
    const site = validate(
      siteSchema,
      { name: { en: 'S\u0001' }, description: 'x\uFFFE', url: 'https://s.example', timezone: 'UTC', languages: ['en'] },
      'site.yaml',
      lineOf,
    );
    expect(site.ok ? [] : site.problems.map((p) => `${p.field}: ${p.message.split(',')[0]}`)).toEqual([
      'name.en: contains U+0001',
      'description: contains U+FFFE',
    ]);
    const service = validate(
      serviceSchema,
      { id: 'api', name: 'A\u202E', group: 'G\u0002', description: 'D\uD800' },
      'services.yaml',
      lineOf,
    );
    expect(service.ok ? [] : service.problems.map((p) => p.field).sort()).toEqual(['description', 'group', 'name']);
    const incident = validate(
      incidentSchema,
      { title: 'T\u0001', impact: 'minor', started: '2025-01-01T10:00Z' },
      'incidents/x.md',
      lineOf,
    );
    expect(incident.ok ? [] : incident.problems.map((p) => p.field)).toEqual(['title']);
  });
});
