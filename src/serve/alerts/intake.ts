/**
 * One notification, start to end: fetch the group's branch (or the default branch when it has
 * none), read the content there with the build's loader, decide (src/lib/alerts/decide.ts),
 * write the file, check the whole folder again, commit and push. Notifications are handled
 * one at a time, so two for the same group never race; a push the remote refuses because it
 * moved on is tried once more from the new tip.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type Decision, decide, groupMarker, latestDraft } from '../../lib/alerts/decide.ts';
import { branchOf, groupId, type Notification } from '../../lib/alerts/payloads.ts';
import { loadSettings, parseFileAt } from '../../lib/content/load.ts';
import { errorsIn, formatProblem } from '../../lib/content/problems.ts';
import type { Log } from '../log.ts';
import { type GitSettings, Repo } from './git.ts';

export interface IntakeSettings extends GitSettings {
  /** The content folder inside the repository (`content`). */
  contentPath: string;
}

export type Outcome =
  | {
      status: 200;
      result: 'created' | 'joined' | 'reopened' | 'resolved' | 'unchanged';
      branch: string;
      file?: string;
      commit?: string;
      reason?: string;
      kept?: string[];
    }
  | { status: 422; error: string; unmapped: { labels: Record<string, string>; reason: string }[] }
  | { status: 409; error: string; branch: string }
  | { status: 500; error: string };

const RESULT = { create: 'created', join: 'joined', reopen: 'reopened', resolve: 'resolved' } as const;

export class Intake {
  readonly #repo: Repo;
  readonly #settings: IntakeSettings;
  readonly #log: Log;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(settings: IntakeSettings, log: Log) {
    this.#settings = settings;
    this.#repo = new Repo(settings);
    this.#log = log;
  }

  /** Each group's notification waiting its turn (not started yet), and who waits for its outcome. */
  readonly #waiting = new Map<string, { n: Notification; waiters: { resolve: (o: Outcome) => void; reject: (e: unknown) => void }[] }>();

  /**
   * Handles `n` after every notification before it. Alertmanager's and Grafana's notifications
   * carry their group's whole state (every alert of the group, firing or resolved), so a newer
   * one for a group still waiting replaces it: both requests get the newer one's outcome. Under
   * a storm (and Alertmanager's retries of requests that waited too long) the queue holds at
   * most one waiting notification per such group. A generic notification may carry only some of
   * its group's alerts, so none is replaced: each is handled in turn.
   */
  handle(n: Notification, now: () => Date): Promise<Outcome> {
    const id = groupId(n);
    const coalesce = n.source !== 'generic';
    const waiting = coalesce ? this.#waiting.get(id) : undefined;
    if (waiting) {
      waiting.n = n;
      return new Promise((resolve, reject) => waiting.waiters.push({ resolve, reject }));
    }
    const entry = { n, waiters: [] as { resolve: (o: Outcome) => void; reject: (e: unknown) => void }[] };
    if (coalesce) this.#waiting.set(id, entry);
    const run = this.#queue.then(() => {
      if (this.#waiting.get(id) === entry) this.#waiting.delete(id);
      return this.#handle(entry.n, now);
    });
    this.#queue = run.catch(() => undefined);
    run.then(
      (outcome) => {
        for (const w of entry.waiters) w.resolve(outcome);
      },
      (error: unknown) => {
        for (const w of entry.waiters) w.reject(error);
      },
    );
    return run;
  }

  async #handle(n: Notification, now: () => Date): Promise<Outcome> {
    const id = groupId(n);
    const branch = branchOf(id);
    await this.#repo.open();
    for (let attempt = 1; ; attempt++) {
      const { tip, exists, base } = await this.#repo.fetch(branch);
      const kept = exists ? await this.#repo.othersCommits(branch, base, id) : [];
      await this.#repo.checkout(tip);
      const dir = join(this.#repo.dir, this.#settings.contentPath);
      // The settings only (site, services, rules, templates): the intake parses the one file it writes, whatever the archive's size.
      const loaded = loadSettings(dir, this.#repo.dir);
      const broken = errorsIn(loaded.problems);
      if (broken.length || !loaded.site || !loaded.services) {
        const reason = `the content on ${exists ? branch : base} does not validate, so no draft can be checked against it: ${broken.slice(0, 5).map(formatProblem).join('; ')}`;
        this.#log.error('alert-refused', { group: id, branch, reason });
        return exists ? { status: 409, error: reason, branch } : { status: 500, error: reason };
      }
      const config = loaded.alerts?.config;
      if (!config) {
        const reason = `${this.#settings.contentPath}/alerts.yaml is missing on ${exists ? branch : base}: no rule says which alerts become which drafts`;
        this.#log.error('alert-refused', { group: id, branch, reason });
        return { status: 500, error: reason };
      }
      const site = loaded.site;
      const incidentsDir = join(dir, 'incidents');
      const names = readdirSync(incidentsDir).filter((f) => f.endsWith('.md'));
      const mine = (await this.#repo.grep(groupMarker(id), relative(this.#repo.dir, incidentsDir) || '.')).flatMap((path) => {
        const name = path.split('/').pop() as string;
        const text = readText(join(incidentsDir, name));
        return text === undefined ? [] : [{ file: `incidents/${name}`, text }];
      });
      const latest = latestDraft(mine, id, loaded.ctx);
      if (!latest && kept.length) {
        // A person took the draft off the branch: writing it again would undo their decision.
        const reason = `${branch} has commits by a person (${kept.join(', ')}) and no longer holds the group's draft; the intake does not write it again. Delete the branch to let the next alert start a new draft`;
        this.#log.warn('alert-stopped', { group: id, branch, reason });
        return { status: 409, error: reason, branch };
      }
      const decision: Decision = decide({
        notification: n,
        id,
        config,
        templates: loaded.alerts?.templates ?? new Map(),
        site,
        ctx: loaded.ctx,
        ...(latest ? { existing: latest } : {}),
        taken: new Set(names.map((f) => f.replace(/\.md$/, ''))),
        now: now(),
      });
      if (decision.kind === 'refuse') {
        this.#log.warn('alert-unmapped', {
          group: id,
          source: n.source,
          reason: decision.reason,
          labels: JSON.stringify(decision.unmapped.map((u) => u.labels)),
        });
        return { status: 422, error: decision.reason, unmapped: decision.unmapped };
      }
      if (decision.kind === 'conflict') {
        this.#log.warn('alert-stopped', { group: id, branch, reason: decision.reason });
        return { status: 409, error: decision.reason, branch };
      }
      if (decision.kind === 'none') {
        this.#log.info('alert-unchanged', { group: id, branch, reason: decision.reason });
        return { status: 200, result: 'unchanged', branch, reason: decision.reason, ...(kept.length ? { kept } : {}) };
      }
      const abs = join(dir, decision.file);
      writeFileSync(abs, decision.text);
      // The build's parser on the file as written; nothing is committed unless it validates.
      const checked = errorsIn(parseFileAt('incident', abs, this.#repo.dir, loaded.ctx, dir).problems);
      if (checked.length) {
        const reason = `the draft would not validate, so nothing was committed: ${checked.slice(0, 5).map(formatProblem).join('; ')}`;
        this.#log.error('alert-invalid', { group: id, branch, reason });
        return { status: 500, error: reason };
      }
      const path = relative(this.#repo.dir, abs);
      const commit = await this.#repo.commit(
        path,
        decision.summary,
        `Written by the alert intake of statusmark serve from a ${n.source} notification (${n.alerts.length} alert${n.alerts.length === 1 ? '' : 's'}, ${n.status}). Nothing reaches the page until a person merges this branch.${decision.missing.length ? `\nValues the alerts did not carry, written as "?": ${decision.missing.join(', ')}` : ''}`,
        id,
      );
      if (await this.#repo.push(branch)) {
        this.#log.info('alert-pushed', {
          group: id,
          branch,
          action: decision.action,
          file: path,
          commit: commit.slice(0, 12),
          ...(kept.length ? { kept: kept.join(', ') } : {}),
          ...(decision.missing.length ? { missing: decision.missing.join(', ') } : {}),
        });
        return { status: 200, result: RESULT[decision.action], branch, file: path, commit, ...(kept.length ? { kept } : {}) };
      }
      if (attempt >= 3) {
        const reason = `${branch} kept moving on the remote while the intake wrote to it (${attempt} tries); nothing was overwritten`;
        this.#log.warn('alert-stopped', { group: id, branch, reason });
        return { status: 409, error: reason, branch };
      }
      this.#log.info('alert-retry', { group: id, branch, reason: 'the remote branch moved on; fetching it and writing again on top' });
    }
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
