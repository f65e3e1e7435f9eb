/** Small builders for tests of the pure modules: a content value without files. */
import type {
  Content,
  Impact,
  Incident,
  IncidentServiceStatus,
  Maintenance,
  Notice,
  Service,
  Update,
  UpdateServiceStatus,
} from '../lib/content/model.ts';
import { affectedServices, buildPhases } from '../lib/status/phases.ts';

export const at = (iso: string) => new Date(iso);

export function service(id: string, extra: Partial<Service> = {}): Service {
  return {
    id,
    name: id.toUpperCase(),
    description: '',
    group: 'Platform',
    groupId: 'platform',
    order: 0,
    hiddenUntilAffected: false,
    ...extra,
  };
}

/** A status change an update in `incident()` makes: at the update with that index. */
export interface Change {
  update: number;
  services?: Record<string, UpdateServiceStatus>;
  impact?: Impact;
}

export function incident(
  slug: string,
  started: string,
  services: Record<string, IncidentServiceStatus>,
  resolved?: string,
  updatesAt: string[] = [started],
  { impact = 'minor', changes = [] }: { impact?: Impact; changes?: Change[] } = {},
): Incident {
  const updates: Update<'resolved' | 'investigating'>[] = updatesAt.map((t, i) => {
    const change = changes.find((c) => c.update === i);
    return {
      state: resolved && i === updatesAt.length - 1 ? 'resolved' : 'investigating',
      at: at(t),
      message: `m${i}`,
      html: `<p>m${i}</p>`,
      id: `u${i}`,
      line: i + 1,
      ...(change?.services ? { services: change.services } : {}),
      ...(change?.impact ? { impact: change.impact } : {}),
    };
  });
  const phases = buildPhases(at(started), services, impact, updates);
  return {
    slug,
    file: `${slug}.md`,
    title: slug,
    impact: phases[phases.length - 1]!.impact,
    phases,
    affected: affectedServices(phases),
    started: at(started),
    ...(resolved ? { resolved: at(resolved) } : {}),
    updates,
  };
}

export function maintenance(slug: string, from: string, until: string, services: string[], updatesAt: string[] = [from]): Maintenance {
  return {
    slug,
    file: `${slug}.md`,
    title: slug,
    services,
    scheduledFor: at(from),
    scheduledUntil: at(until),
    updates: updatesAt.map((t, i) => ({ state: 'scheduled', at: at(t), message: 'm', html: '<p>m</p>', id: `u${i}`, line: 1 })),
  };
}

export function notice(slug: string, posted: string, from?: string, until?: string): Notice {
  return {
    slug,
    file: `${slug}.md`,
    title: slug,
    level: 'info',
    body: 'b',
    html: '<p>b</p>',
    posted: at(posted),
    ...(from ? { from: at(from) } : {}),
    ...(until ? { until: at(until) } : {}),
  };
}

export function content(parts: Partial<Content>): Content {
  const services = parts.services ?? [service('api'), service('web')];
  return {
    site: {
      name: 'T',
      url: 'https://t.example',
      base: '/',
      description: '',
      timeZone: 'UTC',
      locale: 'en-GB',
      languages: ['en-GB'],
      links: {},
      historyDays: 7,
    },
    services,
    groups: [{ id: 'platform', name: 'Platform', services }],
    incidents: [],
    maintenance: [],
    notices: [],
    drafts: 0,
    ...parts,
  };
}

/**
 * A site in [zh-CN, en] with one open incident ("outage", API major outage) and one update,
 * both written in Chinese (the default) and English.
 */
export function bilingualContent(englishTitle = 'API errors'): Content {
  const i = incident('outage', '2025-01-01T00:00Z', { api: 'major_outage' }, undefined, ['2025-01-01T00:05Z']);
  const u = i.updates[0]!;
  const texts = {
    'zh-CN': { message: '正在调查。', html: '<p>正在调查。</p>' },
    en: { message: 'Looking into it.', html: '<p>Looking into it.</p>' },
  };
  const twoLanguages = {
    ...i,
    title: '接口报错',
    titles: { 'zh-CN': '接口报错', en: englishTitle },
    updates: [{ ...u, ...texts['zh-CN'], texts }],
  };
  const base = content({ incidents: [twoLanguages] });
  return { ...base, site: { ...base.site, languages: ['zh-CN', 'en'], locale: 'zh-CN' } };
}

/**
 * Markdown shapes that made renderers take quadratic time or blow the stack (issue 24; the
 * CommonMark pathological tests), each as a text of about `bytes` bytes, and what its
 * output must keep. Shared by markdown.test.ts and `npm run bench`.
 *  - 'text': every character stays, as text (nothing becomes markup).
 *  - 'letters': every letter stays (the punctuation may become emphasis, links, code).
 *  - 'nesting': refused with a RangeError (blocks nested deeper than MAX_NESTING).
 *  - 'empty': nothing stays (an unclosed HTML comment).
 */
export interface MarkdownShape {
  name: string;
  make: (bytes: number) => string;
  keeps: 'text' | 'letters' | 'nesting' | 'empty';
}

const repeat = (unit: string) => (bytes: number) => unit.repeat(Math.max(1, Math.floor(bytes / unit.length)));

export const PATHOLOGICAL_MARKDOWN: MarkdownShape[] = [
  { name: 'mismatched emphasis *a_', make: repeat('*a_'), keeps: 'text' },
  { name: 'emphasis runs _*', make: repeat('_*'), keeps: 'letters' },
  { name: 'emphasis _a*b', make: repeat('_a*b'), keeps: 'letters' },
  { name: 'openers and closers *a**', make: repeat('*a**'), keeps: 'letters' },
  { name: 'unclosed strong **a', make: repeat('**a '), keeps: 'text' },
  { name: 'link openers [', make: repeat('['), keeps: 'text' },
  { name: 'link closers ]', make: repeat(']'), keeps: 'text' },
  { name: 'image openers ![', make: repeat('!['), keeps: 'text' },
  { name: 'links and emphasis [a*', make: repeat('[a*'), keeps: 'text' },
  { name: 'unclosed link targets [a](', make: repeat('[a]('), keeps: 'text' },
  { name: 'backticks `', make: repeat('`'), keeps: 'letters' },
  {
    name: 'growing backtick runs',
    make: (bytes) => {
      let s = '';
      for (let n = 1; s.length < bytes; n++) s += `a${'`'.repeat(n)}`;
      return s;
    },
    keeps: 'letters',
  },
  { name: 'less-than <', make: repeat('<'), keeps: 'text' },
  { name: 'unclosed tags <a', make: repeat('<a '), keeps: 'text' },
  { name: 'unclosed comment <!--', make: repeat('<!--'), keeps: 'empty' },
  { name: 'entities &#', make: repeat('&#'), keeps: 'text' },
  { name: 'strikethrough ~~a', make: repeat('~~a '), keeps: 'text' },
  { name: 'autolinks www.a.', make: repeat('www.a.'), keeps: 'text' },
  { name: 'e-mail addresses a@b.', make: repeat('a@b.'), keeps: 'letters' },
  { name: 'long line of |', make: repeat('|'), keeps: 'text' },
  { name: 'table of many rows', make: (bytes) => `| a |\n| - |\n${repeat('| b |\n')(bytes)}`, keeps: 'letters' },
  {
    name: 'table of many columns',
    make: (bytes) => {
      const n = Math.max(1, Math.ceil(bytes / 4));
      return `${'|a'.repeat(n)}|\n${'|-'.repeat(n)}|\n`;
    },
    keeps: 'letters',
  },
  { name: 'nested quotes >', make: repeat('> '), keeps: 'nesting' },
  { name: 'nested lists', make: (bytes) => `${repeat('- ')(bytes)}a`, keeps: 'nesting' },
];
