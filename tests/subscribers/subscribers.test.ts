/**
 * What subscribers and tools read: feeds through Debian's feedparser, the calendar
 * through ical.js, the JSON API against Statuspage v2 schemas, badges as XML.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { SyntaxValidator } from 'fast-xml-validator';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { builtSite } from '../browser/builds.ts';
import { documents } from './statuspage-schema.ts';

interface ParsedFeed {
  bozo: boolean;
  bozo_exception: string;
  version: string;
  title: string;
  /** RSS <language>, or the Atom feed's xml:lang. */
  language: string | null;
  entries: { id: string; title: string; link: string; published: string; content: string }[];
}

function parseFeeds(dir: string, files: string[]): Record<string, ParsedFeed> {
  const paths = files.map((f) => join(dir, f));
  const out = JSON.parse(
    execFileSync('/usr/bin/python3', [join(import.meta.dirname, 'feedparse.py'), ...paths], { encoding: 'utf8' }),
  ) as Record<string, ParsedFeed>;
  return Object.fromEntries(files.map((f, i) => [f, out[paths[i]!]!]));
}

function calendarEvents(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      summary: e.summary,
      start: e.startDate.toJSDate().toISOString(),
      end: e.endDate.toJSDate().toISOString(),
      description: e.description,
    };
  });
}

/** Markup that would run: tags, event-handler attributes, javascript: links (escaped text is fine). */
const ACTIVE = /<(script|img|iframe|form)\b|<[^>]*\son\w+\s*=|href\s*=\s*["']?\s*javascript:/i;

const readJson = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, 'api/v2', file), 'utf8'));

describe('feeds of the demo', () => {
  // The demo is Chinese first; its English feeds are under /en/ and read the English text of the content.
  const dir = join(builtSite('demo'), 'en');
  const feeds = parseFeeds(dir, [
    'updates.rss',
    'updates.atom',
    'history.rss',
    'history.atom',
    'services/registration/history.rss',
    'services/registration/history.atom',
    'services/website/history.rss',
  ]);

  it('parse without complaint as RSS 2.0 and Atom 1.0', () => {
    expect(feeds['updates.rss']).toMatchObject({ bozo: false, version: 'rss20', title: 'Nimbus AI Status' });
    expect(feeds['updates.atom']).toMatchObject({ bozo: false, version: 'atom10', title: 'Nimbus AI Status' });
  });

  it('hold one entry per update and notice posted by now, newest first', () => {
    const rss = feeds['updates.rss']!.entries;
    // 11 incident updates, 3 maintenance updates and 1 notice were posted by the snapshot.
    expect(rss).toHaveLength(15);
    expect(rss[0]).toMatchObject({
      title: 'Maintenance scheduled: Security patching of chat and API servers',
      link: 'https://status.nimbus.example/en/maintenance/security-patching-window/#update-1',
      published: '2025-01-27T09:30:00Z',
    });
    expect(rss[1]).toMatchObject({
      title: 'Monitoring: New registrations restricted after large-scale malicious attack',
      published: '2025-01-27T08:45:00Z',
    });
    expect(rss.map((e) => e.title)).toContain('Notice: New registrations limited to mainland China mobile numbers');
    const dates = rss.map((e) => e.published);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(new Set(rss.map((e) => e.id)).size).toBe(rss.length);
    for (const e of rss) expect(e.link).toMatch(/^https:\/\/status\.nimbus\.example\/en\//);
  });

  it("also publish Statuspage's shape at its paths: one entry per incident or maintenance, listing its updates", () => {
    expect(feeds['history.rss']).toMatchObject({ bozo: false, version: 'rss20', title: 'Nimbus AI Status' });
    expect(feeds['history.atom']).toMatchObject({ bozo: false, version: 'atom10', title: 'Nimbus AI Status' });
    const entries = feeds['history.rss']!.entries;
    // 4 incidents and 2 maintenance windows were posted by the snapshot; the newest-changed first.
    expect(entries.map((e) => e.title)).toEqual([
      'Security patching of chat and API servers',
      'New registrations restricted after large-scale malicious attack',
      'Slow responses in web chat during a surge in sign-ups',
      'Some users could not log in on the web',
      'Database upgrade for account services',
      'Brief latency spike on the API',
    ]);
    const attack = entries[1]!;
    expect(attack.link).toBe('https://status.nimbus.example/en/incidents/2025-01-26-registrations-restricted-after-attack/');
    expect(attack.published).toBe('2025-01-27T08:45:00Z');
    // Its three updates so far, newest first, each with its time and state.
    const states = [...attack.content.matchAll(/<strong>([^<]+)<\/strong>/g)].map((m) => m[1]);
    expect(states).toEqual(['Monitoring', 'Identified', 'Investigating']);
    expect(attack.content).toContain('<small>27 Jan 2025, 10:20 GMT+8</small>');
    expect(feeds['history.atom']!.entries.map((e) => e.id)).toEqual(entries.map((e) => e.id));
  });

  it('give RSS and Atom the same entries with the same ids', () => {
    const atom = feeds['updates.atom']!.entries;
    expect(atom.map((e) => [e.id, e.title, e.published])).toEqual(feeds['updates.rss']!.entries.map((e) => [e.id, e.title, e.published]));
  });

  it('carry the message, the affected services and a link in each entry', () => {
    const monitoring = feeds['updates.rss']!.entries[1]!;
    expect(monitoring.content).toContain('isolated and restored from backups');
    expect(monitoring.content).toContain('Affected: Registration (partial outage), Web chat (degraded performance)');
    expect(monitoring.content).toContain(
      'href="https://status.nimbus.example/en/incidents/2025-01-26-registrations-restricted-after-attack/"',
    );
  });

  it('filter per service', () => {
    expect(feeds['services/registration/history.rss']!.entries.map((e) => e.title)).toEqual([
      'Monitoring: New registrations restricted after large-scale malicious attack',
      'Identified: New registrations restricted after large-scale malicious attack',
      'Investigating: New registrations restricted after large-scale malicious attack',
      'Maintenance completed: Database upgrade for account services',
      'Maintenance scheduled: Database upgrade for account services',
    ]);
    expect(feeds['services/registration/history.atom']!.entries).toHaveLength(5);
    expect(feeds['services/website/history.rss']).toMatchObject({ bozo: false, entries: [] });
  });

  it('are announced on every page with <link rel="alternate">', () => {
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(html).toContain('<link rel="alternate" type="application/rss+xml" title="Nimbus AI Status (RSS)" href="/en/updates.rss">');
    expect(html).toContain('<link rel="alternate" type="application/atom+xml" title="Nimbus AI Status (Atom)" href="/en/updates.atom">');
  });
});

describe('feeds of the demo in its default language, Chinese', () => {
  const dir = builtSite('demo');
  const feeds = parseFeeds(dir, ['updates.rss', 'history.atom']);

  it('are titled in Chinese, from the Chinese text of the content, and say so', () => {
    expect(feeds['updates.rss']).toMatchObject({ bozo: false, version: 'rss20', title: 'Nimbus AI 服务状态', language: 'zh-CN' });
    const entries = feeds['updates.rss']!.entries;
    expect(entries).toHaveLength(15);
    expect(entries[1]).toMatchObject({
      title: '监控中：遭受大规模恶意攻击，新用户注册暂时受限',
      link: 'https://status.nimbus.example/incidents/2025-01-26-registrations-restricted-after-attack/#update-3',
    });
    expect(entries[1]!.content).toContain('受影响的系统已完成隔离并从备份中恢复');
    // The older incidents are written in English only (lang: en): shown as written, marked as English.
    const old = entries.find((e) => e.link.includes('2025-01-25-slow-web-chat'))!;
    expect(old.title).toContain('Slow responses in web chat during a surge in sign-ups');
    expect(feeds['history.atom']!.entries[1]!.title).toBe('遭受大规模恶意攻击，新用户注册暂时受限');
  });
});

describe('the JSON API of the demo', () => {
  const dir = builtSite('demo');
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);

  it.each(Object.keys(documents))('%s matches the Statuspage v2 schema', (file) => {
    const validate = ajv.compile(documents[file]!);
    const ok = validate(readJson(dir, file));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('reports the attack the way Statuspage clients expect', () => {
    const summary = readJson(dir, 'summary.json');
    expect(summary.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    const statuses = Object.fromEntries(
      summary.components.filter((c: { group: boolean }) => !c.group).map((c: { name: string; status: string }) => [c.name, c.status]),
    );
    // The API is in the site's default language, Chinese: the names services.yaml gives first.
    expect(statuses).toEqual({
      注册: 'partial_outage',
      登录: 'operational',
      网页版聊天: 'degraded_performance',
      移动应用: 'degraded_performance',
      API: 'degraded_performance',
      'API 控制台': 'operational',
      官网: 'operational',
      状态邮件提醒: 'operational',
    });
    const groups = summary.components.filter((c: { group: boolean }) => c.group);
    expect(groups.map((g: { name: string; components: string[] }) => [g.name, g.components.length])).toEqual([
      ['账户', 2],
      ['聊天', 2],
      ['开发者平台', 2],
      ['网站与通知', 2],
    ]);
    for (const c of summary.components.filter((c: { group: boolean }) => !c.group)) {
      expect(groups.map((g: { id: string }) => g.id)).toContain(c.group_id);
    }
    expect(summary.incidents.map((i: { name: string; status: string; impact: string }) => [i.name, i.status, i.impact])).toEqual([
      ['遭受大规模恶意攻击，新用户注册暂时受限', 'monitoring', 'major'],
    ]);
    expect(summary.incidents[0].incident_updates.map((u: { status: string }) => u.status)).toEqual([
      'monitoring',
      'identified',
      'investigating',
    ]);
    expect(summary.scheduled_maintenances.map((m: { name: string; status: string }) => [m.name, m.status])).toEqual([
      ['聊天与 API 服务器安全补丁更新', 'scheduled'],
    ]);
  });

  it('lists incidents, unresolved incidents and maintenance by their rules', () => {
    expect(readJson(dir, 'incidents.json').incidents).toHaveLength(4);
    expect(readJson(dir, 'incidents/unresolved.json').incidents).toHaveLength(1);
    expect(readJson(dir, 'scheduled-maintenances.json').scheduled_maintenances.map((m: { status: string }) => m.status)).toEqual([
      'scheduled',
      'completed',
    ]);
    expect(readJson(dir, 'scheduled-maintenances/upcoming.json').scheduled_maintenances).toHaveLength(1);
    expect(readJson(dir, 'scheduled-maintenances/active.json').scheduled_maintenances).toHaveLength(0);
  });

  it('keeps ids stable across builds', () => {
    const again = builtSite('demo-again');
    const ids = (d: string) => readJson(d, 'incidents.json').incidents.map((i: { id: string }) => i.id);
    expect(ids(again)).toEqual(ids(dir));
    expect(ids(dir)[0]).toMatch(/^[a-z0-9]{12}$/);
  });
});

describe('badges and the calendar of the demo', () => {
  // In English, under /en/ (the Chinese ones are checked with the bilingual fixture below).
  const dir = join(builtSite('demo'), 'en');
  it('draws valid, small SVG badges with readable text', () => {
    for (const [file, text] of [
      ['badges/status.svg', 'Nimbus AI Status: partial system outage'],
      ['badges/registration.svg', 'Registration: partial outage'],
      ['badges/login.svg', 'Login: operational'],
    ] as const) {
      const svg = readFileSync(join(dir, file), 'utf8');
      expect(SyntaxValidator.validate(svg), file).toBe(true);
      expect(svg.length).toBeLessThan(3000);
      expect(new XMLParser().parse(svg).svg.title).toBe(text);
    }
  });
  it('lists upcoming and recent maintenance windows with stable UIDs', () => {
    const events = calendarEvents(readFileSync(join(dir, 'maintenance.ics'), 'utf8'));
    expect(events.map((e) => [e.uid, e.summary, e.start, e.end])).toEqual([
      [
        'maintenance-security-patching-window.en@status.nimbus.example',
        'Maintenance: Security patching of chat and API servers',
        '2025-01-28T18:00:00.000Z',
        '2025-01-28T21:00:00.000Z',
      ],
      [
        'maintenance-database-upgrade.en@status.nimbus.example',
        'Maintenance: Database upgrade for account services',
        '2025-01-17T17:00:00.000Z',
        '2025-01-17T18:00:00.000Z',
      ],
    ]);
    expect(events[0]!.description).toContain('Affects: Web chat, API, API console');
  });
});

describe('each language of a bilingual site', () => {
  // tests/fixtures/bilingual-feeds: languages [zh-CN, en], every text written in Chinese only.
  const dir = builtSite('bilingual-feeds');
  const files = ['updates.rss', 'updates.atom', 'history.rss', 'services/registration/history.atom'];
  const zh = parseFeeds(dir, files);
  const en = parseFeeds(
    dir,
    files.map((f) => `en/${f}`),
  );
  const incident = 'https://status.nimbus.example/incidents/2025-01-26-registrations-restricted/';
  const incidentEn = 'https://status.nimbus.example/en/incidents/2025-01-26-registrations-restricted/';

  it('has feeds that parse and declare their language', () => {
    for (const f of files) {
      expect(zh[f], f).toMatchObject({ bozo: false, language: 'zh-CN' });
      expect(en[`en/${f}`], f).toMatchObject({ bozo: false, language: 'en' });
    }
  });

  it('titles each entry in the feed’s language, newest first, linking that language’s pages', () => {
    // Maintenance announced 17:30, the incident identified and the notice posted 10:20, the incident opened 00:05 (+08:00).
    expect(zh['updates.rss']!.entries.map((e) => [e.title, e.link])).toEqual([
      ['维护已计划：对话服务器安全补丁', 'https://status.nimbus.example/maintenance/security-patching/#update-1'],
      ['已确认：遭受大规模恶意攻击，新用户注册受限', `${incident}#update-2`],
      ['公告：新用户注册仅限中国大陆手机号', 'https://status.nimbus.example/notices/#notice-mainland-numbers'],
      ['调查中：遭受大规模恶意攻击，新用户注册受限', `${incident}#update-1`],
    ]);
    // The English feed words the states in English; the titles, written only in Chinese, stay as written.
    expect(en['en/updates.rss']!.entries.map((e) => [e.title, e.link])).toEqual([
      ['Maintenance scheduled: 对话服务器安全补丁', 'https://status.nimbus.example/en/maintenance/security-patching/#update-1'],
      ['Identified: 遭受大规模恶意攻击，新用户注册受限', `${incidentEn}#update-2`],
      ['Notice: 新用户注册仅限中国大陆手机号', 'https://status.nimbus.example/en/notices/#notice-mainland-numbers'],
      ['Investigating: 遭受大规模恶意攻击，新用户注册受限', `${incidentEn}#update-1`],
    ]);
    expect(en['en/updates.atom']!.entries.map((e) => e.title)).toEqual(en['en/updates.rss']!.entries.map((e) => e.title));
    expect(zh['updates.atom']!.entries.map((e) => e.title)).toEqual(zh['updates.rss']!.entries.map((e) => e.title));
  });

  it('keeps the default language’s ids and gives the other language ids of its own', () => {
    const ids = (feed: ParsedFeed) => feed.entries.map((e) => e.id);
    expect(ids(zh['updates.atom']!)[1]).toBe(`${incident}#update-2`);
    expect(ids(en['en/updates.atom']!)[1]).toBe(`${incidentEn}#update-2`);
    for (const id of ids(en['en/updates.atom']!)) expect(ids(zh['updates.atom']!)).not.toContain(id);
  });

  it('words the facts in the feed’s language and marks text in another language', () => {
    const opened = (feed: ParsedFeed) => feed.entries.find((e) => e.link.endsWith('#update-1') && e.link.includes('/incidents/'))!.content;
    expect(opened(zh['updates.rss']!)).toContain('重大影响 · 受影响的服务：注册（部分中断）, 网页版对话（性能下降）');
    expect(opened(zh['updates.rss']!)).toContain('在状态页上查看此事件');
    expect(opened(en['en/updates.rss']!)).toContain('Major impact · Affected: 注册 (partial outage), 网页版对话 (degraded performance)');
    expect(opened(en['en/updates.rss']!)).toContain('<div lang="zh-CN"><p>我们发现异常流量和未经授权的访问尝试，正在调查。</p></div>');
    expect(opened(en['en/updates.rss']!)).toContain(`href="${incidentEn}"`);
  });

  it("words Statuspage's shape and the per-service feed in the feed's language", () => {
    const states = (feed: ParsedFeed) => [...feed.entries[1]!.content.matchAll(/<strong>([^<]+)<\/strong>/g)].map((m) => m[1]);
    expect(zh['history.rss']!.entries.map((e) => e.title)).toEqual(['对话服务器安全补丁', '遭受大规模恶意攻击，新用户注册受限']);
    expect(states(zh['history.rss']!)).toEqual(['已确认', '调查中']);
    expect(states(en['en/history.rss']!)).toEqual(['Identified', 'Investigating']);
    expect(zh['services/registration/history.atom']!.title).toBe('注册 · Nimbus AI Status');
    expect(en['en/services/registration/history.atom']!.entries.map((e) => e.title)).toEqual([
      'Identified: 遭受大规模恶意攻击，新用户注册受限',
      'Investigating: 遭受大规模恶意攻击，新用户注册受限',
    ]);
  });

  it('has a calendar per language, in its words, with UIDs of its own', () => {
    const zhEvents = calendarEvents(readFileSync(join(dir, 'maintenance.ics'), 'utf8'));
    const enEvents = calendarEvents(readFileSync(join(dir, 'en/maintenance.ics'), 'utf8'));
    expect(zhEvents.map((e) => [e.uid, e.summary, e.start, e.end])).toEqual([
      [
        'maintenance-security-patching@status.nimbus.example',
        '维护：对话服务器安全补丁',
        '2025-01-28T18:00:00.000Z',
        '2025-01-28T21:00:00.000Z',
      ],
    ]);
    expect(enEvents.map((e) => [e.uid, e.summary, e.start, e.end])).toEqual([
      [
        'maintenance-security-patching.en@status.nimbus.example',
        'Maintenance: 对话服务器安全补丁',
        '2025-01-28T18:00:00.000Z',
        '2025-01-28T21:00:00.000Z',
      ],
    ]);
    expect(zhEvents[0]!.description).toContain('影响范围：网页版对话');
    expect(enEvents[0]!.description).toContain('Affects: 网页版对话');
    expect(enEvents[0]!.description).toContain('https://status.nimbus.example/en/maintenance/security-patching/');
  });

  it('has badges per language carrying that language’s words', () => {
    const title = (file: string) => new XMLParser().parse(readFileSync(join(dir, file), 'utf8')).svg.title;
    // Registration is in a partial outage: the page's indicator is major ("Partial System Outage").
    expect([title('badges/status.svg'), title('badges/registration.svg'), title('badges/web-chat.svg')]).toEqual([
      'Nimbus AI Status: 部分系统中断',
      '注册: 部分中断',
      '网页版对话: 性能下降',
    ]);
    expect([title('en/badges/status.svg'), title('en/badges/registration.svg'), title('en/badges/web-chat.svg')]).toEqual([
      'Nimbus AI Status: partial system outage',
      '注册: partial outage',
      '网页版对话: degraded performance',
    ]);
  });

  it('publishes the JSON API once, not per language', () => {
    expect(readJson(dir, 'status.json').status.indicator).toBe('major');
    expect(existsSync(join(dir, 'en/api'))).toBe(false);
  });
});

describe('hostile text comes out escaped and intact', () => {
  const dir = builtSite('hostile');
  const title = `<script>alert("t")</script> & 'quotes' "double" 🔥 مرحبا ]]> --> <!--`;
  const serviceName = 'API <img src=x onerror=alert(1)> & "v2"';

  it('in the feeds', () => {
    const feeds = parseFeeds(dir, ['updates.rss', 'updates.atom']);
    for (const [file, feed] of Object.entries(feeds)) {
      expect(feed.bozo, feed.bozo_exception).toBe(false);
      expect(feed.title).toBe('Status <b>&</b> "Co" 🚦');
      // Atom entry titles are type="html": feedparser hands over HTML, which a reader renders back to the text.
      const shown = (t: string) =>
        file.endsWith('.atom')
          ? t.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!)
          : t;
      expect(feed.entries.map((e) => shown(e.title))).toContain(`Identified: ${title}`);
      for (const e of feed.entries) expect(e.content).not.toMatch(ACTIVE);
      const update = feed.entries.find((e) => shown(e.title) === `Investigating: ${title}`)!;
      expect(update.content).toContain('Emoji 🔥 and right-to-left مرحبا stay. CDATA end ]]&gt; stays text.');
      expect(update.content).toContain('<a href="https://example.com/a?b=1&amp;c=2"');
    }
  });

  it("in the feeds of Statuspage's shape", () => {
    const feeds = parseFeeds(dir, ['history.rss', 'history.atom']);
    for (const [file, feed] of Object.entries(feeds)) {
      expect(feed.bozo, feed.bozo_exception).toBe(false);
      const shown = (t: string) =>
        file.endsWith('.atom')
          ? t.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!)
          : t;
      expect(feed.entries.map((e) => shown(e.title))).toContain(title);
      for (const e of feed.entries) expect(e.content).not.toMatch(ACTIVE);
      const incident = feed.entries.find((e) => shown(e.title) === title)!;
      expect(incident.content).toContain('Emoji 🔥 and right-to-left مرحبا stay. CDATA end ]]&gt; stays text.');
    }
  });

  it('in the JSON API', () => {
    const summary = readJson(dir, 'summary.json');
    expect(summary.page.name).toBe('Status <b>&</b> "Co" 🚦');
    expect(summary.incidents[0].name).toBe(title);
    expect(summary.components.find((c: { name: string }) => c.name === serviceName)).toBeDefined();
    expect(summary.incidents[0].incident_updates.at(-1).body).not.toMatch(/<script|onerror/);
  });

  it('in the badges', () => {
    const svg = readFileSync(join(dir, 'badges/api.svg'), 'utf8');
    expect(SyntaxValidator.validate(svg)).toBe(true);
    expect(new XMLParser().parse(svg).svg.title).toBe(`${serviceName}: major outage`);
    expect(svg).not.toContain('<img');
  });

  it('in the calendar', () => {
    const [event] = calendarEvents(readFileSync(join(dir, 'maintenance.ics'), 'utf8'));
    expect(event!.summary).toBe('Maintenance: Maintenance <b>bold</b> & "quoted" 🛠 عربى');
    expect(event!.description).toContain('Line one; "quotes" & ; semicolons, commas and backslashes \\ stay.');
  });
});
