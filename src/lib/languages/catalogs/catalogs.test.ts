import { describe, expect, it } from 'vitest';
import type { Vocabulary } from '../vocabulary.ts';
import { en } from './en.ts';
import { CATALOGS } from './index.ts';
import { CATALOG_TAGS } from '../tags.ts';

type Fn = (...args: unknown[]) => unknown;

/** Every leaf of a catalog with its dotted path: strings, phrase functions and string lists. */
function leaves(node: unknown, path = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (typeof node === 'string' || typeof node === 'function' || Array.isArray(node)) {
    out.set(path, node);
    return out;
  }
  if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      for (const [p, v] of leaves(value, path ? `${path}.${key}` : key)) out.set(p, v);
    }
  }
  return out;
}

const kindOf = (v: unknown) => (Array.isArray(v) ? 'list' : typeof v);

/** Sample arguments for each phrase, given a count; a phrase added to `en` must get one here. */
const SAMPLES: Record<string, (n: number, v: Vocabulary) => unknown[][]> = {
  'ui.labelled': () => [['Registration', 'API']],
  'ui.pair': () => [['Web chat', '27 Jan 2025']],
  'ui.names': () => [[['Web chat', 'API', 'Website']]],
  'ui.clauses': () => [[['27 Jan', '1 h', '99%']]],
  'ui.sentences': () => [[['Status as of 27 Jan 2025.', 'Times are shown in UTC.']]],
  'ui.period': () => [['27 Jan 2025', '28 Jan 2025', '1 d']],
  'ui.footer.generated': () => [['27 Jan 2025']],
  'ui.footer.asOf': () => [['27 Jan 2025']],
  'ui.incident.ongoing': () => [['45 min', '27 Jan 2025']],
  'ui.uptime.total': () => [['99.41%']],
  'ui.uptime.spent': () =>
    (['under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'] as const).map((s) => [s, '2 h']),
  'ui.subscribe.joinList': () => [[], ['status@example.com']],
  'ui.subscribe.joinChat': () => [['Slack']],
  'ui.footer.zone': () => [['America/New_York'], ['UTC']],
  'ui.feedTitle': () => [['Acme', 'RSS']],
  'ui.home.pastDays': (n) => [[n]],
  'ui.incident.lasted': () => [['2 h 10 min']],
  'ui.maintenance.window': () => [['2 h']],
  'ui.history.page': (n) => [[n, 5]],
  'ui.history.summary': (n) => [[n, 1, n]],
  'ui.history.pageOf': (n) => [[n, 5]],
  'ui.history.month': () => [['2026-03']],
  'ui.service.description': () => [['API']],
  'ui.service.follow': () => [['API']],
  'ui.service.none': () => [['API']],
  'ui.service.older': (n) => [[n, 'full history']],
  'ui.uptime.incidents': (n) => [[n]],
  'ui.uptime.maintenance': (n) => [[n]],
  'ui.uptime.days': (n) => [['API', n, ', 2026-03-01 – 2026-03-30']],
  'ui.uptime.range': () => [['2026-03-01', '2026-03-30']],
  'ui.uptime.eventDays': () => [['API']],
  'ui.feed.view': () => [['incident'], ['maintenance']],
  'ui.feed.maintenanceTitle': (_n, v) =>
    (['scheduled', 'in_progress', 'verifying', 'completed'] as const).map((s) => [v.state[s], 'Database upgrade']),
  'ui.feed.noticeTitle': () => [['Planned migration']],
  'ui.feed.serviceTitle': () => [['API', 'Acme']],
  'ui.feed.serviceDescription': () => [['API', 'Acme']],
  'ui.feed.siteDescription': () => [['Acme']],
  'ui.calendar.name': () => [['Acme']],
  'ui.calendar.description': () => [['Acme']],
  'ui.calendar.summary': () => [['Database upgrade']],
  'ui.calendar.affects': () => [['API, Website']],
  'ui.feed.updateTitle': (_n, v) =>
    (['investigating', 'identified', 'monitoring', 'resolved'] as const).map((s) => [v.state[s], 'API errors']),
  'ui.feed.serviceStatus': (_n, v) => Object.values(v.statusWords).map((s) => ['API', s]),
  'ui.badge.message': (_n, v) => [...Object.values(v.status), ...Object.values(v.headline)].map((s) => [s]),
  'ui.notify.correction': (_n, v) => [[v.ui.feed.updateTitle(v.state.identified, 'API errors')]],
  'ui.notify.windowRange': () => [['27/01/2025', '28/01/2025']],
  'ui.fact': (_n, v) => [[v.ui.notify.state, v.state.identified]],
  'ui.notify.viewOn': () => [['Acme']],
  'ui.notify.viewUpdateOn': () => [['Acme']],
  'ui.notify.serviceStatus': (_n, v) => Object.values(v.statusWords).map((s) => ['API', s]),
  'ui.subscriptions.confirmSubject': () => [['Acme']],
  'ui.subscriptions.confirmIntro': () => [['Acme']],
  'ui.subscriptions.confirmExpires': () => [['29 Jan 2025']],
  'ui.subscriptions.goodbyeSubject': () => [['Acme']],
  'ui.subscriptions.footer': () => [['Acme']],
};

const COUNTS = [0, 1, 2, 5];

/** Phrases whose wording depends on a count (the first argument). */
const COUNTED = [
  'ui.home.pastDays',
  'ui.history.summary',
  'ui.service.older',
  'ui.uptime.incidents',
  'ui.uptime.maintenance',
  'ui.uptime.days',
];

/** Every string a catalog can show: its words, and its phrases built from the samples. */
function allText(v: Vocabulary): string[] {
  const out: string[] = [];
  for (const [path, value] of leaves(v)) {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) out.push(...value.map(String));
    else if (typeof value === 'function') {
      for (const n of COUNTS) for (const args of SAMPLES[path]?.(n, v) ?? []) out.push(String((value as Fn)(...args)));
    }
  }
  return out;
}

const call = (v: Vocabulary, path: string, args: unknown[]) => String((leaves(v).get(path) as Fn)(...args));
/** A counted phrase with its numbers blanked, so "1 incident" and "2 incidents" compare by their words. */
const words = (s: string) => s.replace(/\d+/g, '#');

const others = Object.entries(CATALOGS).filter(([tag]) => tag !== 'en');
const enLeaves = leaves(en);

describe('catalogs', () => {
  it('has the eight languages besides English', () => {
    expect(Object.keys(CATALOGS).sort()).toEqual(['de', 'en', 'es', 'fr', 'ja', 'ko', 'pt-BR', 'zh-CN', 'zh-TW']);
    // The tags the schema checks against without loading a catalog name exactly these.
    expect([...CATALOG_TAGS].sort()).toEqual(Object.keys(CATALOGS).sort());
  });

  it('has a sample for every phrase in English, and only for those', () => {
    const phrases = [...enLeaves].filter(([, v]) => typeof v === 'function').map(([p]) => p);
    expect(phrases.sort()).toEqual(Object.keys(SAMPLES).sort());
  });

  describe.each(others)('%s', (tag, v) => {
    const mine = leaves(v);

    it('has exactly the keys of en at every depth, with the same kind of value', () => {
      expect([...mine.keys()].sort()).toEqual([...enLeaves.keys()].sort());
      for (const [path, value] of enLeaves) expect(kindOf(mine.get(path)), path).toBe(kindOf(value));
      // Interior objects too: no extra key holding an empty object.
      const inner = (o: unknown, p = ''): string[] =>
        o && typeof o === 'object' && !Array.isArray(o)
          ? Object.entries(o).flatMap(([k, x]) => [`${p}${k}`, ...inner(x, `${p}${k}.`)])
          : [];
      expect(inner(v).sort()).toEqual(inner(en).sort());
    });

    it('has no empty value', () => {
      for (const [path, value] of mine) {
        if (typeof value === 'string') expect(value.trim(), path).not.toBe('');
        if (Array.isArray(value)) for (const item of value) expect(String(item).trim(), path).not.toBe('');
      }
    });

    it('copies no English status, state, impact or headline word', () => {
      const english = [en.status, en.state, en.impact, en.headline].flatMap((r) => Object.values(r)).map((s) => s.toLowerCase());
      for (const text of allText(v)) {
        for (const word of english) expect(text.toLowerCase(), `"${word}" in ${tag}`).not.toContain(word);
      }
    });

    it('gives distinct names to distinct statuses, states, impacts and headlines', () => {
      for (const r of [v.status, v.state, v.impact, v.headline]) {
        const names = Object.values(r);
        expect(new Set(names).size).toBe(names.length);
      }
    });

    it('builds a non-empty phrase for every sample', () => {
      for (const [path, value] of mine) {
        if (typeof value !== 'function') continue;
        for (const n of COUNTS) {
          for (const args of SAMPLES[path]?.(n, v) ?? []) {
            const text = (value as Fn)(...args);
            expect(typeof text, path).toBe('string');
            expect(String(text).trim(), `${path}(${args.join(', ')})`).not.toBe('');
            expect(String(text), path).not.toMatch(/undefined|NaN|\$\{|#/);
          }
        }
      }
    });
  });

  it.each(Object.keys(CATALOGS))('writes every number in %s as Intl.NumberFormat does', (tag) => {
    const ui = CATALOGS[tag]!.ui;
    const big = new Intl.NumberFormat(tag).format(12_345);
    const other = new Intl.NumberFormat(tag).format(23_456);
    const phrases = [
      ui.home.pastDays(12_345),
      ui.history.page(12_345, 23_456),
      ui.history.summary(23_456, 12_345, 12_345),
      ui.history.pageOf(12_345, 23_456),
      ui.service.older(12_345, 'link'),
      ui.uptime.incidents(12_345),
      ui.uptime.maintenance(12_345),
      ui.uptime.days('API', 12_345, ''),
    ];
    for (const text of phrases) {
      expect(text).toContain(big);
      expect(text).not.toContain('12345');
    }
    expect(ui.history.page(12_345, 23_456)).toContain(other);
  });

  describe.each(['de', 'fr', 'es', 'pt-BR'])('%s plurals', (tag) => {
    const v = CATALOGS[tag] as Vocabulary;
    it.each(COUNTED)('%s says 1 and 2 differently', (path) => {
      const [one] = SAMPLES[path]?.(1, v) ?? [];
      const [two] = SAMPLES[path]?.(2, v) ?? [];
      expect(words(call(v, path, one ?? []))).not.toBe(words(call(v, path, two ?? [])));
    });
    it('says 2 and 5 alike', () => {
      for (const path of COUNTED) {
        const [two] = SAMPLES[path]?.(2, v) ?? [];
        const [five] = SAMPLES[path]?.(5, v) ?? [];
        expect(words(call(v, path, two ?? [])), path).toBe(words(call(v, path, five ?? [])));
      }
    });
  });

  it('counts with the right singular and plural', () => {
    const said = (tag: string, n: number) => (CATALOGS[tag] as Vocabulary).ui.uptime.incidents(n);
    expect([1, 2].map((n) => said('de', n))).toEqual(['1 Störung', '2 Störungen']);
    expect([0, 1, 2].map((n) => said('fr', n))).toEqual(['0 incident', '1 incident', '2 incidents']);
    expect([0, 1, 2].map((n) => said('es', n))).toEqual(['0 incidentes', '1 incidente', '2 incidentes']);
    expect([0, 1, 2].map((n) => said('pt-BR', n))).toEqual(['0 incidentes', '1 incidente', '2 incidentes']);
  });

  it('counts with each CJK language’s counter', () => {
    const said = (tag: string) => {
      const v = CATALOGS[tag] as Vocabulary;
      return [v.ui.uptime.incidents(1), v.ui.uptime.maintenance(2)];
    };
    expect(said('zh-CN')).toEqual(['1 起事件', '2 次维护']);
    expect(said('zh-TW')).toEqual(['1 起事件', '2 次維護']);
    expect(said('ja')).toEqual(['1件のインシデント', '2件のメンテナンス']);
    expect(said('ko')).toEqual(['1건의 인시던트', '2건의 점검']);
  });

  it('puts a no-break space before every French colon, and no space before colons elsewhere in Latin scripts', () => {
    for (const text of allText(CATALOGS['fr'] as Vocabulary)) expect(text).not.toMatch(/[^\u00a0]:/);
    for (const tag of ['de', 'es', 'pt-BR', 'ko']) {
      for (const text of allText(CATALOGS[tag] as Vocabulary)) expect(text, tag).not.toMatch(/\s:/);
    }
  });

  it('uses the full-width colon in Chinese and Japanese', () => {
    for (const tag of ['zh-CN', 'zh-TW', 'ja']) {
      for (const text of allText(CATALOGS[tag] as Vocabulary)) expect(text, tag).not.toMatch(/:/);
    }
  });

  it('puts maintenance states into feed titles as a sentence', () => {
    const title = (tag: string) => {
      const v = CATALOGS[tag] as Vocabulary;
      return v.ui.feed.maintenanceTitle(v.state.in_progress, 'X');
    };
    expect(title('de')).toBe('Wartung wird durchgeführt: X');
    expect(title('fr')).toBe('Maintenance en cours\u00a0: X');
    expect(title('es')).toBe('Mantenimiento en curso: X');
    expect(title('pt-BR')).toBe('Manutenção em andamento: X');
    expect(title('zh-CN')).toBe('维护进行中：X');
    expect(title('ja')).toBe('メンテナンス実施中：X');
  });

  it('titles an incident update and names a service with its status, each in its own order and punctuation', () => {
    const said = (tag: string) => {
      const v = CATALOGS[tag] as Vocabulary;
      return [
        v.ui.feed.updateTitle(v.state.identified, 'X'),
        v.ui.feed.serviceStatus('API', v.statusWords.partial_outage),
        v.ui.badge.message(v.status.major_outage),
      ];
    };
    expect(said('en')).toEqual(['Identified: X', 'API (partial outage)', 'major outage']);
    expect(said('zh-CN')).toEqual(['已确认：X', 'API（部分中断）', '重大中断']);
    expect(said('ja')).toEqual(['原因特定：X', 'API（一部停止）', '大規模障害']);
    expect(said('fr')).toEqual(['Cause identifiée\u00a0: X', 'API (panne partielle)', 'panne majeure']);
    // German keeps its nouns capitalised inside a sentence and on a badge.
    expect(said('de')).toEqual(['Ursache identifiziert: X', 'API (Teilausfall)', 'Schwerwiegender Ausfall']);
  });
});
