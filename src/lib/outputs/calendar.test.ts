import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { maintenanceCalendar } from './calendar.ts';
import { languageView } from '../languages/language-view.ts';
import { at, content, maintenance } from '../../dev/test-helpers.ts';

const one = languageView({ languages: ['en-GB'], locale: 'en-GB' });

describe('maintenanceCalendar', () => {
  const c = content({
    maintenance: [
      maintenance('soon', '2025-03-01T02:00Z', '2025-03-01T03:00Z', ['api'], ['2025-02-20T00:00Z']),
      maintenance('long-ago', '2024-01-01T02:00Z', '2024-01-01T03:00Z', ['api'], ['2023-12-20T00:00Z']),
    ],
  });
  it('lists upcoming and recent windows with stable UIDs, and leaves out old ones', () => {
    const cal = new ICAL.Component(ICAL.parse(maintenanceCalendar(c, at('2025-02-25T00:00Z'), one)));
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => [e.uid, e.summary, e.startDate.toJSDate().toISOString()])).toEqual([
      ['maintenance-soon@t.example', 'Maintenance: soon', '2025-03-01T02:00:00.000Z'],
    ]);
    expect(events[0]!.description).toContain('Affects: API');
  });
  it('keeps the UID of a moved window and raises SEQUENCE and LAST-MODIFIED with its updates', () => {
    const event = (m: ReturnType<typeof maintenance>) => {
      const text = maintenanceCalendar(content({ maintenance: [m] }), at('2025-02-25T00:00Z'), one);
      const v = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!;
      return [
        v.getFirstPropertyValue('uid'),
        v.getFirstPropertyValue('sequence'),
        String(v.getFirstPropertyValue('last-modified')),
        new ICAL.Event(v).startDate.toJSDate().toISOString(),
      ];
    };
    expect(event(maintenance('soon', '2025-03-01T02:00Z', '2025-03-01T03:00Z', ['api'], ['2025-02-20T00:00Z']))).toEqual([
      'maintenance-soon@t.example',
      0,
      '2025-02-20T00:00:00Z',
      '2025-03-01T02:00:00.000Z',
    ]);
    // Moved a day later, with an update saying so.
    expect(
      event(maintenance('soon', '2025-03-02T02:00Z', '2025-03-02T03:00Z', ['api'], ['2025-02-20T00:00Z', '2025-02-24T08:30Z'])),
    ).toEqual(['maintenance-soon@t.example', 1, '2025-02-24T08:30:00Z', '2025-03-02T02:00:00.000Z']);
  });
  it("writes each language's calendar in its words, with UIDs of its own and links to its pages", () => {
    const bilingual = { languages: ['zh-CN', 'en'], locale: 'zh-CN' };
    const events = (lang: string) => {
      const cal = new ICAL.Component(ICAL.parse(maintenanceCalendar(c, at('2025-02-25T00:00Z'), languageView(bilingual, lang))));
      return { name: cal.getFirstPropertyValue('x-wr-calname'), events: cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)) };
    };
    const zh = events('zh-CN');
    expect([zh.name, zh.events[0]!.uid, zh.events[0]!.summary]).toEqual(['T：维护计划', 'maintenance-soon@t.example', '维护：soon']);
    expect(zh.events[0]!.description).toContain('影响范围：API');
    const en = events('en');
    expect([en.name, en.events[0]!.uid, en.events[0]!.summary]).toEqual([
      'T: maintenance',
      'maintenance-soon.en@t.example',
      'Maintenance: soon',
    ]);
    expect(en.events[0]!.description).toContain('https://t.example/en/maintenance/soon/');
  });
});
