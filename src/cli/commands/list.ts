/** `statusmark list`: what is active now (or at --at): incidents, maintenance, notices. */
import { formatReport } from '../../lib/content/problems.ts';
import { formatDateTime } from '../../lib/languages/time.ts';
import { en } from '../../lib/languages/catalogs/en.ts';
import { currentPhase } from '../../lib/status/phases.ts';
import { asOf, incidentState, statusAt } from '../../lib/status/status.ts';
import { clock, contentArguments, contentFolder, contentUsage, instant, loaded, CONTENT_OPTION } from '../authoring.ts';
import type { Summary } from '../command.ts';

export const summary: Summary = { forms: ['what is active now'] };

export const usage = contentUsage('list', summary, {
  synopsis: '[--at TIME] [--content DIR]',
  more: [
    `Options
  --at TIME      the moment to list (default: now, by the build's clock)
${CONTENT_OPTION}`,
  ],
});

export async function run(argv: string[]): Promise<number> {
  const { values } = contentArguments(argv, {});
  const dir = contentFolder(values.content);
  const result = loaded(dir);
  if (!result.content) {
    console.error(formatReport(result.problems));
    return 1;
  }
  const zone = { timeZone: result.content.site.timeZone, locale: result.content.site.locale };
  const now = values.at ? instant(values.at, '--at', zone) : clock(result.content.site, dir).now;
  const content = asOf(result.content, now);
  const snap = statusAt(content, now);
  const names = new Map(content.services.map((s) => [s.id, s.name]));
  console.log(`As of ${formatDateTime(now, zone)}`);
  console.log(`\nActive incidents (${snap.activeIncidents.length})`);
  for (const i of snap.activeIncidents) {
    const services = Object.entries(currentPhase(i).services).map(([id, s]) => `${names.get(id) ?? id}: ${en.status[s].toLowerCase()}`);
    console.log(
      `  ${i.slug}\n    ${i.title}\n    ${en.state[incidentState(i)]} since ${formatDateTime(i.updates[i.updates.length - 1]!.at, zone)}; ${services.join(', ') || 'no services'}`,
    );
  }
  console.log(`\nMaintenance in progress (${snap.activeMaintenance.length}), upcoming (${snap.upcomingMaintenance.length})`);
  for (const m of [...snap.activeMaintenance, ...snap.upcomingMaintenance]) {
    console.log(`  ${m.slug}\n    ${m.title}\n    ${formatDateTime(m.scheduledFor, zone)} to ${formatDateTime(m.scheduledUntil, zone)}`);
  }
  console.log(`\nNotices (${snap.activeNotices.length})`);
  for (const n of snap.activeNotices) console.log(`  ${n.slug}\n    ${n.title}`);
  return 0;
}
