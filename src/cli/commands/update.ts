/** `statusmark update SLUG`: adds an update to an open incident or to a maintenance window. */
import { addUpdate, impactAfter, messageInLanguages, updateBlock } from '../../lib/authoring/edit.ts';
import { INCIDENT_STATES, MAINTENANCE_STATES } from '../../lib/content/model.ts';
import { currentPhase } from '../../lib/status/phases.ts';
import {
  checkOrder,
  contentArguments,
  contentUsage,
  done,
  fileLanguage,
  impact,
  isNewestFirst,
  required,
  requiredInLanguages,
  serviceStatuses,
  show,
  state,
  usageError,
  when,
  workspace,
} from '../authoring.ts';
import type { Summary } from '../command.ts';
import { display, findFile, readContentFile, readValid, writeChecked } from '../content-files.ts';
import { CliError } from '../errors.ts';

export const summary: Summary = {
  forms: ['SLUG --state S --message M [--service ID=STATUS...] [--impact I]   (incidents and maintenance;'],
  notes: ['--service without --impact sets the impact from the services, as new does)'],
};

export const usage = contentUsage('update', summary);

export async function run(argv: string[]): Promise<number> {
  const { values, positionals, texts } = contentArguments(argv, {
    state: { type: 'string' },
    message: { type: 'string' },
    service: { type: 'string', multiple: true },
    impact: { type: 'string' },
  });
  const ws = workspace(values.content);
  const found = findFile(ws, ['incident', 'maintenance'], required(positionals[0], 'the slug'));
  const given = requiredInLanguages(ws, 'message', values.message, values.lang, texts.message);
  const message = messageInLanguages(given, fileLanguage(ws, readContentFile(ws.dir, found.file).toString('utf8')));
  if (found.kind === 'incident') {
    const s = state(required(values.state, '--state'), INCIDENT_STATES);
    if (s === 'resolved') throw usageError('to resolve an incident use "resolve", which also sets resolved:');
    const services = serviceStatuses(values.service, ws, true);
    const chosen = values.impact === undefined ? undefined : impact(values.impact);
    const { text, eol, value } = readValid(ws, 'incident', found.file);
    if (value.resolved)
      throw new CliError(
        `${display(found.file)} was resolved at ${show(ws, value.resolved)}; a resolved incident takes no more updates. For a new problem, post a new incident with "statusmark new"`,
      );
    const at = when(values.at, ws);
    checkOrder(ws, at, value, value.started, 'incident');
    // Services changed without --impact: the impact follows them, as `new` derives it, and the file says so.
    const before = currentPhase(value);
    const derived = chosen === undefined && services.length ? impactAfter(before, services) : undefined;
    const set = chosen ?? (derived !== before.impact ? derived : undefined);
    const changes = { services, ...(set ? { impact: set } : {}) };
    const { title } = writeChecked(
      ws,
      'incident',
      found.file,
      addUpdate(text, updateBlock(s, at, ws.ctx.zone, message, changes), isNewestFirst(text)),
      eol,
    );
    if (derived && set) console.error(`impact: ${before.impact} → ${set} (from the services)`);
    done(ws, found.file, `Incident update: ${title} (${s})`, values.commit, at);
  } else {
    const s = state(required(values.state, '--state'), MAINTENANCE_STATES);
    if (values.service || values.impact)
      throw usageError('--service and --impact are for incidents; maintenance lists its services in the file');
    const { text, eol, value } = readValid(ws, 'maintenance', found.file);
    const last = value.updates[value.updates.length - 1]!;
    if (last.state === 'completed')
      throw new CliError(
        `${display(found.file)} was completed at ${show(ws, last.at)}; it takes no more updates. Schedule new work with "statusmark maintenance"`,
      );
    const at = when(values.at, ws);
    checkOrder(ws, at, value, value.updates[0]!.at, 'maintenance');
    const { title } = writeChecked(
      ws,
      'maintenance',
      found.file,
      addUpdate(text, updateBlock(s, at, ws.ctx.zone, message), isNewestFirst(text)),
      eol,
    );
    done(ws, found.file, `Maintenance update: ${title} (${s})`, values.commit, at);
  }
  return 0;
}
