import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGS } from '../languages/catalogs/index.ts';
import { INCIDENT_STATES, MAINTENANCE_STATES } from '../content/model.ts';
import { incidentSchema } from '../content/schema.ts';
import { statusColourCss } from './colours.ts';
import { IMPACT_TONE, INDICATOR_TONE, STATE_TONE, impactOf, incidentTone, worst } from './status.ts';
import {
  describeStatuses,
  IMPACT_ROWS,
  impactRow,
  IMPACTS,
  INCIDENT_SERVICE_STATUSES,
  RECOVERY_STATUSES,
  SERVICE_STATUSES,
  STATUSES,
  statusNamed,
  statusRank,
  UPDATE_SERVICE_STATUSES,
  WORST_FIRST,
} from './statuses.ts';
import { DOWN_WEIGHT } from './uptime.ts';
import { parseServiceStatus } from './timeline.ts';

/** Statuspage's documented component statuses and incident impacts (its API reference). */
const STATUSPAGE_COMPONENT_STATUSES = ['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'];
const STATUSPAGE_IMPACTS = ['none', 'minor', 'major', 'critical'];

describe('the status table', () => {
  it('orders the statuses best first, as the manual ranks them', () => {
    expect(SERVICE_STATUSES).toEqual(['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage']);
    expect(WORST_FIRST).toEqual(['major_outage', 'partial_outage', 'degraded_performance', 'under_maintenance', 'operational']);
    expect(statusRank('under_maintenance')).toBeLessThan(statusRank('degraded_performance'));
    expect(worst(['degraded_performance', 'under_maintenance'])).toBe('degraded_performance');
    expect(worst([])).toBe('operational');
  });

  it('splits them into what an incident and an update may say', () => {
    expect(INCIDENT_SERVICE_STATUSES).toEqual(['degraded_performance', 'partial_outage', 'major_outage']);
    expect(UPDATE_SERVICE_STATUSES).toEqual(['operational', 'degraded_performance', 'partial_outage', 'major_outage']);
    expect(RECOVERY_STATUSES).toEqual(['operational']);
  });

  it('weighs uptime as the manual states: major outage down, partial 30% down, degraded up, maintenance left out', () => {
    expect(DOWN_WEIGHT).toEqual({ operational: 0, degraded_performance: 0, partial_outage: 0.3, major_outage: 1 });
    expect('under_maintenance' in DOWN_WEIGHT).toBe(false);
  });

  it('maps statuses and impacts to the indicator and colours of the manual’s table', () => {
    expect(impactOf(['degraded_performance'])).toBe('minor');
    expect(impactOf(['partial_outage', 'degraded_performance'])).toBe('major');
    expect(impactOf(['major_outage'])).toBe('critical');
    expect(impactOf(['under_maintenance'])).toBe('none');
    expect(impactOf([])).toBe('none');
    expect(INDICATOR_TONE).toEqual({
      none: 'operational',
      maintenance: 'under_maintenance',
      minor: 'degraded_performance',
      major: 'partial_outage',
      critical: 'major_outage',
    });
    expect(IMPACT_TONE).toEqual({ none: 'operational', minor: 'degraded_performance', major: 'partial_outage', critical: 'major_outage' });
    expect(IMPACTS).toEqual(['none', 'minor', 'major', 'critical']);
    expect(IMPACTS.map((i) => impactRow(i).rank)).toEqual([0, 1, 2, 3]);
  });

  it('colours an incident by its worst service, or by its impact when it names none', () => {
    expect(incidentTone(['degraded_performance', 'major_outage'], 'minor')).toBe('major_outage');
    expect(incidentTone([], 'major')).toBe('partial_outage');
    expect(incidentTone([], 'none')).toBe('operational');
  });

  it('reads ids and aliases, and lists them for the help', () => {
    expect(statusNamed('partial')).toBe('partial_outage');
    expect(statusNamed('down')).toBe('major_outage');
    expect(statusNamed('recovered')).toBe('operational');
    expect(statusNamed('broken')).toBeUndefined();
    expect(parseServiceStatus('Partial outage')).toBe('partial_outage');
    expect(parseServiceStatus('under maintenance')).toBeUndefined();
    expect(describeStatuses(INCIDENT_SERVICE_STATUSES)).toBe(
      'degraded_performance, partial_outage or major_outage (or degraded, partial, major)',
    );
    expect(describeStatuses(RECOVERY_STATUSES)).toBe('operational (or recovered)');
  });
});

describe('every row reaches every consumer', () => {
  const css = statusColourCss();
  const badgeCss = readFileSync(new URL('../../astro/components/StatusBadge.astro', import.meta.url), 'utf8');
  const languages = Object.entries(CATALOGS);

  it('has at least the nine languages to check', () => {
    expect(languages.length).toBeGreaterThanOrEqual(9);
  });

  for (const row of STATUSES) {
    it(`${row.id}: words, colours, tone rule, icon, Statuspage value, ids`, () => {
      for (const [lang, words] of languages) {
        expect(words.status[row.id], `${lang} status`).toMatch(/\S/);
        expect(words.statusWords[row.id], `${lang} statusWords`).toMatch(/\S/);
      }
      for (const colour of [row.colour.light, row.colour.dark, row.tint.light, row.tint.dark]) expect(colour).toMatch(/^#[0-9a-f]{6}$/);
      expect(css).toContain(`--${row.id}:${row.colour.light};--tint-${row.id}:${row.tint.light};`);
      expect(css).toContain(`--${row.id}:${row.colour.dark};--tint-${row.id}:${row.tint.dark};`);
      expect(css).toMatch(
        new RegExp(`\\[data-status=${row.id}\\][^{]*\\{--tone:var\\(--${row.id}\\);--tone-tint:var\\(--tint-${row.id}\\)\\}`),
      );
      if (row.code) expect(css).toContain(`.uptime .bars .${row.code}{background:var(--${row.id})}`);
      if (row.icon !== 'circle') expect(badgeCss).toContain(`.badge[data-icon=${row.icon}] .icon`);
      expect(row.mark).toMatch(/^\S$/u);
      expect(STATUSPAGE_COMPONENT_STATUSES).toContain(row.statuspage);
      expect(statusNamed(row.id)).toBe(row.id);
      for (const alias of row.aliases) expect(statusNamed(alias)).toBe(row.id);
    });
  }

  it('gives each status its own code, icon and colour, so none reads like another', () => {
    for (const key of ['code', 'icon', 'statuspage'] as const) {
      const values = STATUSES.map((r) => r[key]);
      expect(new Set(values).size, key).toBe(values.length);
    }
    expect(new Set(STATUSES.map((r) => r.colour.light)).size).toBe(STATUSES.length);
    expect(new Set(STATUSES.flatMap((r) => [r.id, ...r.aliases])).size).toBe(STATUSES.reduce((n, r) => n + 1 + r.aliases.length, 0));
  });

  it('lets the schema take every incident status and nothing else', () => {
    const parse = (status: string) =>
      incidentSchema
        .safeParse({ title: 't', impact: 'minor', services: { api: status } })
        .error?.issues.some((i) => i.path.includes('api'));
    for (const s of INCIDENT_SERVICE_STATUSES) expect(parse(s), s).toBeFalsy();
    for (const s of SERVICE_STATUSES.filter((s) => !(INCIDENT_SERVICE_STATUSES as readonly string[]).includes(s)))
      expect(parse(s), s).toBe(true);
  });

  for (const row of IMPACT_ROWS) {
    it(`impact ${row.id}: words, tone rule, Statuspage value`, () => {
      for (const [lang, words] of languages) expect(words.impact[row.id], lang).toMatch(/\S/);
      expect(css).toMatch(new RegExp(`\\[data-impact=${row.id}\\][^{]*\\{--tone:var\\(--${row.tone}\\)`));
      expect(STATUSPAGE_IMPACTS).toContain(row.statuspage);
    });
  }

  it('has a timeline colour and a tone rule for every update state', () => {
    for (const state of [...INCIDENT_STATES, ...MAINTENANCE_STATES]) {
      const { tone } = STATE_TONE[state];
      expect(css, state).toMatch(new RegExp(`\\[data-state=${state}\\][^{]*\\{--tone:var\\(--${tone}\\)`));
    }
  });
});
