/**
 * Moving in: `statusmark import` run, as staff would, on fixtures written from each tool's
 * documented format (cState, Statusfy, Statuspage). Each import goes into a temporary folder;
 * the test asserts the exact files and report, that a second run changes nothing, that a file
 * staff wrote is never replaced, and that the result builds with every source incident on
 * exactly one page, in the history archive and in the feeds.
 *
 * The expected files below were worked by hand from the fixtures: times are the fixtures'
 * instants in the target zone (Europe/Berlin and Europe/Madrid are +01:00 in February and
 * March 2025; Europe/Amsterdam is +02:00 from May to October 2024), cut to the minute.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { astroBuild } from '../../src/dev/astro-build.ts';
import { filesBelow } from '../../src/dev/files.ts';
import { stretched } from '../../src/dev/work.ts';

/** A test's time limit here on an idle machine, stretched by how busy the machine is (src/dev/work.ts). */
const TIME_LIMIT = stretched(180_000);

const root = resolve(import.meta.dirname, '../..');
const fixtures = join(root, 'tests/fixtures/import');
const temp = mkdtempSync(join(tmpdir(), 'statusmark-import-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Runs a command without blocking this process (the URL test serves files from it). */
function run(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => done({ code, out, err }));
  });
}

const statusmark = (args: string[]) => run(process.execPath, [join(root, 'src/cli/statusmark.ts'), ...args]);

/** A content folder holding `files`, in a fresh folder under the test's temporary folder. */
function contentWith(name: string, files: Record<string, string>): string {
  const dir = join(temp, name, 'content');
  mkdirSync(dir, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function tree(dir: string): Record<string, string> {
  return Object.fromEntries(filesBelow(dir).map((f) => [f.split('\\').join('/'), readFileSync(join(dir, f), 'utf8')]));
}

/** Builds a content folder with Astro (a fixed now, after every fixture) and returns the output folder. */
async function build(content: string): Promise<string> {
  const out = join(dirname(content), 'dist');
  const result = await astroBuild(out, { STATUSMARK_CONTENT: content, STATUSMARK_NOW: '2025-04-10T12:00:00Z' });
  expect(result.status, result.stderr + result.stdout).toBe(0);
  return out;
}

/**
 * Every source incident has exactly one page, and appears in its month's archive and in both
 * feeds; every maintenance window has its page.
 */
function expectSite(dist: string, incidents: Record<string, string>, maintenance: string[]): void {
  expect(readdirSync(join(dist, 'incidents')).sort()).toEqual(Object.keys(incidents).sort());
  const rss = readFileSync(join(dist, 'history.rss'), 'utf8');
  const atom = readFileSync(join(dist, 'history.atom'), 'utf8');
  for (const [slug, title] of Object.entries(incidents)) {
    expect(readFileSync(join(dist, 'incidents', slug, 'index.html'), 'utf8')).toContain(title);
    expect(readFileSync(join(dist, 'history', slug.slice(0, 7), 'index.html'), 'utf8'), slug).toContain(`/incidents/${slug}/`);
    expect(rss, slug).toContain(`/incidents/${slug}/`);
    expect(atom, slug).toContain(`/incidents/${slug}/`);
  }
  expect(
    readdirSync(join(dist, 'maintenance'))
      .filter((f) => !f.includes('.'))
      .sort(),
  ).toEqual([...maintenance].sort());
}

const FERNHILL_SITE = 'name: Fernhill Status\nurl: https://status.fernhill.example\ntimezone: Europe/Amsterdam\n';
const TIDEWATER_SITE = 'name: Tidewater Status\nurl: https://status.tidewater.example\ntimezone: Europe/Madrid\n';
const TIDEWATER_SERVICES = '# Written by staff before the import.\nservices:\n  - id: api\n    name: Public API\n    group: Platform\n';
const STATUSPAGE_FILES: Record<string, string> = {
  'incidents/2025-02-03-elevated-api-error-rates.md': `---
title: Elevated API error rates
impact: major
services:
  api: partial_outage
  webhooks: degraded_performance
started: 2025-02-03T09:05:00+01:00
resolved: 2025-02-03T11:02:00+01:00
---

## Investigating 2025-02-03 09:14 +01:00

We are investigating elevated 5xx responses from the API.

Originally posted at <https://stspg.io/lk0001>.

## Identified 2025-02-03 09:50 +01:00

services: api=major_outage

A faulty cache node returns errors for about half of the requests.
Webhook retries are slower as a result.

## Monitoring 2025-02-03 10:30 +01:00

services: api=degraded_performance

A fix is deployed; we are watching error rates.

## Resolved 2025-02-03 11:02 +01:00

services: api=operational

Error rates are back to normal.
`,
  'incidents/2025-02-14-webhook-deliveries-delayed.md': `---
title: Webhook deliveries delayed
impact: minor
services:
  webhooks: degraded_performance
started: 2025-02-14T17:40:00+01:00
resolved: 2025-02-14T19:10:00+01:00
postmortem: https://stspg.io/lk0002
---

## Investigating 2025-02-14 17:40 +01:00

Deliveries to <a href="https://hooks.example">some endpoints</a> are delayed by up to <b>20 minutes</b>.

Originally posted at <https://stspg.io/lk0002>.

## Resolved 2025-02-14 19:10 +01:00

services: webhooks=operational

Deliveries are on time again; the backlog is cleared.

### Postmortem

Our review of this incident is published below.

A queue consumer stalled after a <b>configuration change</b> and stopped taking new work.

We now roll out consumer settings one region at a time.
`,
  'incidents/2025-02-21-dashboard-login-loop.md': `---
title: Dashboard login loop
impact: minor
services:
  dashboard: degraded_performance
started: 2025-02-21T08:00:00+01:00
resolved: 2025-02-21T08:45:00+01:00
---

## Investigating 2025-02-21 08:00 +01:00

(This incident was imported without any update.)

## Resolved 2025-02-21 08:45 +01:00

(Resolved; no message was posted.)
`,
  'incidents/2025-03-03-scheduled-job-delays-2.md': `---
title: Scheduled job delays
impact: major
services:
  api-2: partial_outage
started: 2025-03-03T16:20:00+01:00
resolved: 2025-03-03T17:00:00+01:00
---

## Investigating 2025-03-03 16:20 +01:00

Afternoon runs are starting late again.

Originally posted at <https://stspg.io/lk0042>.

## Monitoring 2025-03-03 16:40 +01:00

Runs are catching up.

## Resolved 2025-03-03 17:00 +01:00

services: api-2=operational

The afternoon runs have all completed.
`,
  'incidents/2025-03-03-scheduled-job-delays.md': `---
title: Scheduled job delays
impact: none
services:
  api-2: degraded_performance
started: 2025-03-03T07:10:00+01:00
resolved: 2025-03-03T07:55:00+01:00
---

## Investigating 2025-03-03 07:10 +01:00

Nightly runs are starting late.

Originally posted at <https://stspg.io/lk0041>.

## Resolved 2025-03-03 07:55 +01:00

services: api-2=operational

All nightly runs have finished.
`,
  'incidents/2025-03-10-billing-exports-slow.md': `---
title: Billing exports slow
impact: minor
services:
  billing: degraded_performance
started: 2025-03-10T09:30:00+01:00
---

## Investigating 2025-03-10 09:30 +01:00

Invoice exports take longer than usual to finish.

Originally posted at <https://stspg.io/lk0005>.

## Monitoring 2025-03-10 10:00 +01:00

Exports are catching up; new ones finish within the hour.
`,
  'maintenance/2025-02-25-database-engine-upgrade.md': `---
title: Database engine upgrade
scheduled_for: 2025-02-25T23:00:00+01:00
scheduled_until: 2025-02-26T01:00:00+01:00
services:
  - api
---

## Scheduled 2025-02-18 11:00 +01:00

We will upgrade the database engine.

Originally posted at <https://stspg.io/lk0003>.

## In progress 2025-02-25 23:00 +01:00

Work has started; the API may pause for a few seconds.

## Completed 2025-02-26 00:40 +01:00

The upgrade is complete.
`,
  'maintenance/2025-04-02-network-maintenance-in-the-edge-regions.md': `---
title: Network maintenance in the edge regions
scheduled_for: 2025-04-02T03:00:00+02:00
scheduled_until: 2025-04-02T05:00:00+02:00
services:
  - webhooks
---

## Scheduled 2025-03-05 13:00 +01:00

(This maintenance was imported without any update.)

Originally posted at <https://stspg.io/lk0004>.
`,
  'services.yaml': `services:
  - id: api
    name: API
    description: The public REST API.
    group: Core platform
  - id: dashboard
    name: Dashboard
    group: Core platform
  - id: api-2
    name: API
    description: The API as served from the edge.
    group: Edge regions
  - id: webhooks
    name: Webhooks
    group: Edge regions
  - id: billing
    name: Billing
    description: Invoices and payment.
    group: Services
    hidden_until_affected: true
`,
  'site.yaml': `name: Larkspur Cloud Status
url: https://status.larkspur.example
timezone: Europe/Berlin
`,
};

const CSTATE_FILES: Record<string, string> = {
  'incidents/2024-05-06-gateway-timeouts.md': `---
title: Gateway timeouts
impact: critical
services:
  gateway: major_outage
started: 2024-05-06T14:05:00+02:00
resolved: 2024-05-06T16:40:00+02:00
---

## Investigating 2024-05-06 14:05 +02:00

Requests through the gateway time out for many users.

## Investigating 2024-05-06 14:50 +02:00

We found a misbehaving load balancer.

## Monitoring 2024-05-06 15:30 +02:00

A fix is rolled out to every region.

## Resolved 2024-05-06 16:40 +02:00

Traffic flows normally again.
`,
  'incidents/2024-06-01-slow-database-queries.md': `---
title: Slow database queries
impact: major
services:
  database: partial_outage
  website: partial_outage
started: 2024-06-01T09:20:00+02:00
resolved: 2024-06-01T11:00:00+02:00
---

## Investigating 2024-06-01 09:20 +02:00

<p>Queries take <strong>several seconds</strong>; pages load slowly.</p>

## Resolved 2024-06-01 11:00 +02:00

(Resolved; no message was posted.)
`,
  'incidents/2024-07-10-newsletter-delays.md': `---
title: Newsletter delays
impact: minor
services:
  mail-relay: degraded_performance
started: 2024-07-10T08:00:00+02:00
resolved: 2024-07-10T12:30:00+02:00
---

## Investigating 2024-07-10 08:00 +02:00

(This entry was imported without any update.)

## Resolved 2024-07-10 12:30 +02:00

(Resolved; no message was posted.)
`,
  'incidents/2024-08-19-website-outage-2.md': `---
title: Website outage
impact: critical
services:
  website: major_outage
started: 2024-08-19T18:10:00+02:00
resolved: 2024-08-19T18:25:00+02:00
---

## Investigating 2024-08-19 18:10 +02:00

The website is down again, this time with a certificate error.

## Resolved 2024-08-19 18:25 +02:00

A certificate was renewed; the website is back.
`,
  'incidents/2024-08-19-website-outage.md': `---
title: Website outage
impact: critical
services:
  website: major_outage
  search: major_outage
started: 2024-08-19T09:00:00+02:00
resolved: 2024-08-19T09:40:00+02:00
---

## Investigating 2024-08-19 09:00 +02:00

The website does not load.

## Resolved 2024-08-19 09:40 +02:00

The website is back.
`,
  'maintenance/2024-10-05-database-upgrade.md': `---
title: Database upgrade
scheduled_for: 2024-10-05T22:00:00+02:00
scheduled_until: 2024-10-05T23:30:00+02:00
services:
  - database
---

## Scheduled 2024-10-05 22:00 +02:00

We upgrade the database; writes pause for up to ten minutes.

## In progress 2024-10-05 22:00 +02:00

The upgrade has started.

## Completed 2024-10-05 23:20 +02:00

The upgrade finished early.
`,
  'notices/our-status-page-has-a-new-address.md': `---
title: Our status page has a new address
level: info
posted: 2024-09-01T10:00:00+02:00
from: 2024-09-01T10:00:00+02:00
---

Bookmark https://status.fernhill.example: the old address stops working in October.
`,
  'services.yaml': `services:
  - id: gateway
    name: Gateway
    description: Routes every request to the right backend.
    group: Backend
  - id: database
    name: Database
    group: Backend
  - id: website
    name: Website
    description: The public website.
    group: Frontend
  - id: mail-relay
    name: Mail relay
    group: Systems
  - id: search
    name: Search
    group: Systems
`,
};

const STATUSFY_FILES: Record<string, string> = {
  'incidents/2025-01-15-checkout-errors.md': `---
title: Checkout errors
impact: major
services:
  checkout: partial_outage
  api: partial_outage
started: 2025-01-15T14:02:00+01:00
resolved: 2025-01-15T15:20:00+01:00
---

## Investigating 2025-01-15 14:02 +01:00

Some payments fail with an error at the last step.

## Identified 2025-01-15 14:30 +01:00

A payment provider rejects requests signed with our new key.

## Resolved 2025-01-15 15:20 +01:00

We went back to the previous key; payments **succeed** again.
`,
  'incidents/2025-02-02-cdn-outage.md': `---
title: CDN outage
impact: critical
services:
  cdn: major_outage
started: 2025-02-02T07:45:00+01:00
resolved: 2025-02-02T08:15:00+01:00
---

## Resolved 2025-02-02 08:15 +01:00

Images and scripts load again.
`,
  'incidents/2025-02-10-status-e-mails-arrive-late.md': `---
title: Status e-mails arrive late
impact: minor
services:
  notifications: degraded_performance
started: 2025-02-10T07:00:00+01:00
---

## Investigating 2025-02-10 07:00 +01:00

(This entry was imported without any update.)
`,
  'incidents/2025-03-01-api-latency-2.md': `---
title: API latency
impact: minor
services:
  api: degraded_performance
started: 2025-03-01T16:00:00+01:00
resolved: 2025-03-01T16:40:00+01:00
---

## Investigating 2025-03-01 16:00 +01:00

Responses are slower than usual again.

## Monitoring 2025-03-01 16:20 +01:00

A slow database index was rebuilt.

## Resolved 2025-03-01 16:40 +01:00

Latency is back to normal.
`,
  'incidents/2025-03-01-api-latency.md': `---
title: API latency
impact: minor
services:
  api: degraded_performance
started: 2025-03-01T10:00:00+01:00
resolved: 2025-03-01T10:50:00+01:00
---

## Investigating 2025-03-01 10:00 +01:00

Responses are <em>slower</em> than usual.<script>alert(1)</script>

## Resolved 2025-03-01 10:50 +01:00

Latency is back to normal.
`,
  'maintenance/2025-03-20-database-maintenance.md': `---
title: Database maintenance
scheduled_for: 2025-03-20T23:00:00+01:00
scheduled_until: 2025-03-21T00:30:00+01:00
services:
  - api
  - checkout
---

## Scheduled 2025-03-20 23:00 +01:00

We move the database to new hardware. Checkout may pause for a few minutes.

## Completed 2025-03-21 00:10 +01:00

The move is done.
`,
  'services.yaml': `# Written by staff before the import.
services:
  - id: api
    name: Public API
    group: Platform
  - id: checkout
    name: Checkout
    group: Systems
  - id: cdn
    name: Cdn
    group: Systems
  - id: notifications
    name: Notifications
    group: Systems
`,
};
const STATUSPAGE_REPORT = `IMPORTED (9)
  services.yaml:1  5 services  -> services.yaml
  incidents.json:317  Elevated API error rates  -> incidents/2025-02-03-elevated-api-error-rates.md
  incidents.json:238  Webhook deliveries delayed  -> incidents/2025-02-14-webhook-deliveries-delayed.md
      changed: HTML in the body kept as written; the site shows it through its sanitiser, which drops scripts, styles and event handlers
      changed: the postmortem update became a "Postmortem" section of the resolved update
  incidents.json:215  Dashboard login loop  -> incidents/2025-02-21-dashboard-login-loop.md
      changed: it has no updates; one was added at its start saying so
      changed: resolved but no update says so; a resolved update was added
      changed: dashboard is listed as affected with no status in any update; imported as degraded_performance
  scheduled-maintenances.json:35  Database engine upgrade  -> maintenance/2025-02-25-database-engine-upgrade.md
  incidents.json:151  Scheduled job delays  -> incidents/2025-03-03-scheduled-job-delays.md
  incidents.json:68  Scheduled job delays  -> incidents/2025-03-03-scheduled-job-delays-2.md
      changed: missing time zone: "2025-03-03T16:40:00" has no offset; read in Europe/Berlin
      changed: affected component cmpgone00001 (Legacy queue) is not in components.json; left out
      changed: unknown impact "elevated"; imported as major, the worst of its services
      changed: slug collision with "Scheduled job delays" from this import (same title on the same day); written under the next free name
  incidents.json:11  Billing exports slow  -> incidents/2025-03-10-billing-exports-slow.md
  scheduled-maintenances.json:11  Network maintenance in the edge regions  -> maintenance/2025-04-02-network-maintenance-in-the-edge-regions.md
      changed: it has no updates; one was added at its creation saying so
NOTE (2)
  components.json:73
      changed: "API" became service id api-2 (api was taken or reserved)
  site.yaml:1
      changed: created site.yaml for "Larkspur Cloud Status" in Europe/Berlin; check its url

wrote 10 files in <content>; 0 items already there; 0 items not imported
`;

const CSTATE_REPORT = `IMPORTED (8)
  services.yaml:1  5 services  -> services.yaml
  content/issues/2024-05-06-gateway-timeouts.md:1  Gateway timeouts  -> incidents/2024-05-06-gateway-timeouts.md
      changed: unknown update state "Update"; kept "investigating"
  content/issues/2024-06-01-database-slow.md:1  Slow database queries  -> incidents/2024-06-01-slow-database-queries.md
      changed: Hugo shortcodes removed: {{< figure src="/images/latency.png" >}}
      changed: HTML in the body kept as written; the site shows it through its sanitiser, which drops scripts, styles and event handlers
      changed: resolved but no update says so; a resolved update was added
  content/issues/2024-07-10-newsletter-delays.md:1  Newsletter delays  -> incidents/2024-07-10-newsletter-delays.md
      changed: it has no updates and no text; one update was added at its start saying so
      changed: unknown severity "sluggish"; imported as degraded performance
      changed: resolved but no update says so; a resolved update was added
  content/issues/2024-08-19-website-outage.md:1  Website outage  -> incidents/2024-08-19-website-outage.md
  content/issues/2024-08-19-website-outage-again.md:1  Website outage  -> incidents/2024-08-19-website-outage-2.md
      changed: slug collision with "Website outage" from this import (same title on the same day); written under the next free name
  content/issues/2024-09-01-new-status-page.md:1  Our status page has a new address  -> notices/our-status-page-has-a-new-address.md
      changed: pin: Statusmark lists open incidents, maintenance and notices on every page, so pin has no equivalent
  content/issues/2024-10-05-database-upgrade.md:1  Database upgrade  -> maintenance/2024-10-05-database-upgrade.md
NOTE (3)
  config.yml:1
      changed: missing time zone: cState writes times without an offset; they were read in Europe/Amsterdam (from site.yaml)
  config.yml:22
      changed: categories shown closed (Frontend): Statusmark lists every group open
  content/issues/2024-08-19-website-outage.md:7
      changed: affected system "Search" is not in config.yml; added as a service in the group "Systems"
NOT IMPORTED (1)
  content/issues/2024-11-11-draft-without-date.md:1  An issue someone never finished
      why: date: is missing

wrote 8 files in <content>; 0 items already there; 1 item not imported
`;

const STATUSFY_REPORT = `IMPORTED (7)
  services.yaml:1  3 services added  -> services.yaml
      changed: appended checkout, cdn, notifications; existing entries left as they were
  incidents/2025-01-15-checkout-errors.md:1  Checkout errors  -> incidents/2025-01-15-checkout-errors.md
  incidents/2025-02-02-cdn-outage.md:1  CDN outage  -> incidents/2025-02-02-cdn-outage.md
      changed: missing time zone: date "2025-02-02 07:45:00" has no offset; read in Europe/Madrid
      changed: missing time zone: modified "2025-02-02 08:30:00" has no offset; read in Europe/Madrid
  incidents/2025-02-10-status-emails-late.md:1  Status e-mails arrive late  -> incidents/2025-02-10-status-e-mails-arrive-late.md
      changed: it has no updates and no text; one update was added at its start saying so
      changed: unknown severity "sluggish"; imported as degraded performance
  incidents/2025-03-01-api-latency.md:1  API latency  -> incidents/2025-03-01-api-latency.md
      changed: HTML in the body kept as written; the site shows it through its sanitiser, which drops scripts, styles and event handlers
  incidents/2025-03-01-api-latency-again.md:1  API latency  -> incidents/2025-03-01-api-latency-2.md
      changed: slug collision with "API latency" from this import (same title on the same day); written under the next free name
  incidents/2025-03-20-database-maintenance.md:1  Database maintenance  -> maintenance/2025-03-20-database-maintenance.md
      changed: Statusfy gives maintenance no end time; the window ends at modified or the last update, whichever is later (an hour after the start when neither is later)
NOTE (3)
  incidents/2025-01-15-checkout-errors.md:6
      changed: system "checkout" became the service checkout named "Checkout" in the group "Systems" (Statusfy names systems in statusfy.config.js, which is not read); rename it in services.yaml if needed
  incidents/2025-02-02-cdn-outage.md:6
      changed: system "cdn" became the service cdn named "Cdn" in the group "Systems" (Statusfy names systems in statusfy.config.js, which is not read); rename it in services.yaml if needed
  incidents/2025-02-10-status-emails-late.md:6
      changed: system "notifications" became the service notifications named "Notifications" in the group "Systems" (Statusfy names systems in statusfy.config.js, which is not read); rename it in services.yaml if needed
NOT IMPORTED (1)
  es/incidents/2025-01-15-checkout-errors.md:1  es/incidents/2025-01-15-checkout-errors.md
      why: translation (es) of incidents/2025-01-15-checkout-errors.md; a Statusmark page has one language

wrote 7 files in <content>; 0 items already there; 1 item not imported
`;

describe('statusmark import statuspage', () => {
  it('maps the API documents into an empty folder, builds, and a second run changes nothing', { timeout: TIME_LIMIT }, async () => {
    const dir = contentWith('statuspage', {});
    const first = await statusmark(['import', 'statuspage', join(fixtures, 'statuspage'), '--content', dir]);
    expect(first.err).toBe('');
    expect(first.out.split(dir).join('<content>')).toBe(STATUSPAGE_REPORT);
    expect(first.code).toBe(0);
    expect(tree(dir)).toEqual(STATUSPAGE_FILES);
    expect((await statusmark(['validate', '--content', dir])).code).toBe(0);

    const again = await statusmark(['import', 'statuspage', join(fixtures, 'statuspage'), '--content', dir]);
    expect(again.code).toBe(0);
    expect(again.out).toContain('UNCHANGED (8)');
    expect(again.out).toContain('wrote 0 files');
    expect(tree(dir)).toEqual(STATUSPAGE_FILES);

    expectSite(
      await build(dir),
      {
        '2025-02-03-elevated-api-error-rates': 'Elevated API error rates',
        '2025-02-14-webhook-deliveries-delayed': 'Webhook deliveries delayed',
        '2025-02-21-dashboard-login-loop': 'Dashboard login loop',
        '2025-03-03-scheduled-job-delays': 'Scheduled job delays',
        '2025-03-03-scheduled-job-delays-2': 'Scheduled job delays',
        '2025-03-10-billing-exports-slow': 'Billing exports slow',
      },
      ['2025-02-25-database-engine-upgrade', '2025-04-02-network-maintenance-in-the-edge-regions'],
    );
  });

  it('fetches <url>/api/v2/*.json from the page itself', async () => {
    const server = createServer((req, res) => {
      const name = /^\/api\/v2\/([a-z-]+\.json)$/.exec(req.url ?? '')?.[1];
      const file = name ? join(fixtures, 'statuspage', name) : '';
      if (!name || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(readFileSync(file));
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    try {
      const dir = contentWith('statuspage-url', {});
      const { port } = server.address() as AddressInfo;
      const result = await statusmark(['import', 'statuspage', `http://127.0.0.1:${port}/`, '--content', dir]);
      expect(result.code, result.err).toBe(0);
      expect(tree(dir)).toEqual(STATUSPAGE_FILES);
    } finally {
      await new Promise((closed) => server.close(closed));
    }
  });

  it('builds the services from the components the incidents name when components.json is missing, and names each missing document', async () => {
    const dir = contentWith('statuspage-no-components', {});
    const from = join(fixtures, 'statuspage-no-components');
    const result = await statusmark(['import', 'statuspage', from, '--content', dir]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    // In the order incidents.json first names them (newest incident first, its components, then its updates'),
    // ids by the slug rule; no group is known, so all are in "Services".
    expect(readFileSync(join(dir, 'services.yaml'), 'utf8')).toBe(
      [
        'services:',
        ...[
          ['billing', 'Billing'],
          ['api', 'API'],
          ['legacy-queue', 'Legacy queue'],
          ['dashboard', 'Dashboard'],
          ['webhooks', 'Webhooks'],
          ['api-2', 'API'],
        ].flatMap(([id, name]) => [`  - id: ${id}`, `    name: ${name}`, '    group: Services']),
        '',
      ].join('\n'),
    );
    const report = result.out.split(from).join('<from>');
    expect(report).toContain(
      '  components.json:1\n      changed: could not be found or fetched: <from>/components.json: no such file; services were built from the 6 components the incidents and maintenance name',
    );
    expect(report).toContain('  summary.json:1\n      changed: could not be found or fetched: <from>/summary.json: no such file');
    expect(report).toContain('  incidents.json:47\n      changed: service billing was made from component cmpbill00001 ("Billing")');
    expect(report).toContain('wrote 10 files');
    expect((await statusmark(['validate', '--content', dir])).code).toBe(0);
    // Every incident keeps its services: none is left out for want of components.json.
    expect(readFileSync(join(dir, 'incidents/2025-02-03-elevated-api-error-rates.md'), 'utf8')).toMatch(/services:\n {2}api-2: /);
  });

  it('names each document the page did not serve', async () => {
    const server = createServer((req, res) => {
      const name = /^\/api\/v2\/(incidents|scheduled-maintenances)\.json$/.exec(req.url ?? '')?.[1];
      if (!name) {
        res.writeHead(404).end();
        return;
      }
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(readFileSync(join(fixtures, 'statuspage-no-components', `${name}.json`)));
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    try {
      const dir = contentWith('statuspage-url-no-components', {});
      const { port } = server.address() as AddressInfo;
      const result = await statusmark(['import', 'statuspage', `http://127.0.0.1:${port}/`, '--content', dir, '--dry-run']);
      expect(result.code, result.err).toBe(0);
      expect(result.out).toContain(
        `could not be found or fetched: http://127.0.0.1:${port}/api/v2/components.json: the server answered 404; services were built from the 6 components`,
      );
      expect(result.out).toContain(`could not be found or fetched: http://127.0.0.1:${port}/api/v2/summary.json: the server answered 404`);
    } finally {
      await new Promise((closed) => server.close(closed));
    }
  });

  it('refuses bad input, naming the file, and writes nothing', async () => {
    const dir = contentWith('statuspage-bad', {});
    const saved = join(temp, 'statuspage-bad', 'saved');
    mkdirSync(saved);
    writeFileSync(join(saved, 'incidents.json'), '<html>Not found</html>');
    const broken = await statusmark(['import', 'statuspage', saved, '--content', dir]);
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/^statusmark import: incidents.json:1: file: is not JSON/);
    const usage = await statusmark(['import', 'wordpress', saved, '--content', dir]);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('Usage: statusmark import <cstate|statusfy|statuspage>');
    expect(tree(dir)).toEqual({});
  });

  it('refuses a component whose name no page or feed could carry, at its line in components.json, and writes nothing', async () => {
    const dir = contentWith('statuspage-controls', {});
    const saved = join(temp, 'statuspage-controls', 'saved');
    mkdirSync(saved);
    // The name is "\0\x01" written as JSON escapes; the component starts on line 3.
    writeFileSync(
      join(saved, 'components.json'),
      '{\n  "components": [\n    { "id": "c1", "name": "\\u0000\\u0001", "status": "operational" }\n  ]\n}\n',
    );
    writeFileSync(join(saved, 'incidents.json'), '{ "incidents": [] }\n');
    writeFileSync(join(saved, 'page.json'), '{ "page": { "name": "P", "url": "https://p.example", "time_zone": "Etc/UTC" } }\n');
    const r = await statusmark(['import', 'statuspage', saved, '--content', dir]);
    expect(r.code, r.out + r.err).toBe(1);
    expect(r.err).toContain('components.json:3: name: contains U+0000, a control character');
    expect(r.err).toContain('nothing was imported: the source holds characters no page or feed can carry');
    expect(tree(dir)).toEqual({});
  });

  it('--dry-run prints the report and writes nothing', async () => {
    const dir = contentWith('statuspage-dry', {});
    const result = await statusmark(['import', 'statuspage', join(fixtures, 'statuspage'), '--content', dir, '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('dry run: would write 10 files');
    expect(tree(dir)).toEqual({});
  });
});

describe('statusmark import cstate', () => {
  it("reads naive times in site.yaml's zone, reports what it changed and left out, and builds", { timeout: TIME_LIMIT }, async () => {
    const dir = contentWith('cstate', { 'site.yaml': FERNHILL_SITE });
    const first = await statusmark(['import', 'cstate', join(fixtures, 'cstate'), '--content', dir]);
    expect(first.out.split(dir).join('<content>')).toBe(CSTATE_REPORT);
    // One issue has no date: it is listed as not imported, so the command says so with its exit code.
    expect(first.code).toBe(1);
    expect(tree(dir)).toEqual({ 'site.yaml': FERNHILL_SITE, ...CSTATE_FILES });
    expect((await statusmark(['validate', '--content', dir])).code).toBe(0);

    const again = await statusmark(['import', 'cstate', join(fixtures, 'cstate'), '--content', dir]);
    expect(again.out).toContain('wrote 0 files');
    expect(tree(dir)).toEqual({ 'site.yaml': FERNHILL_SITE, ...CSTATE_FILES });

    const dist = await build(dir);
    expectSite(
      dist,
      {
        '2024-05-06-gateway-timeouts': 'Gateway timeouts',
        '2024-06-01-slow-database-queries': 'Slow database queries',
        '2024-07-10-newsletter-delays': 'Newsletter delays',
        '2024-08-19-website-outage': 'Website outage',
        '2024-08-19-website-outage-2': 'Website outage',
      },
      ['2024-10-05-database-upgrade'],
    );
    expect(readFileSync(join(dist, 'notices/index.html'), 'utf8')).toContain('Our status page has a new address');
  });

  it('refuses to guess a zone: without --timezone or a site.yaml it writes nothing', async () => {
    const dir = contentWith('cstate-no-zone', {});
    const result = await statusmark(['import', 'cstate', join(fixtures, 'cstate'), '--content', dir]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('give --timezone ZONE');
    expect(tree(dir)).toEqual({});
  });
});

describe('statusmark import statusfy', () => {
  it('appends to the services staff wrote, reports translations, and builds', { timeout: TIME_LIMIT }, async () => {
    const dir = contentWith('statusfy', { 'site.yaml': TIDEWATER_SITE, 'services.yaml': TIDEWATER_SERVICES });
    const first = await statusmark(['import', 'statusfy', join(fixtures, 'statusfy'), '--content', dir]);
    expect(first.out.split(dir).join('<content>')).toBe(STATUSFY_REPORT);
    expect(first.code).toBe(1);
    expect(tree(dir)).toEqual({ 'site.yaml': TIDEWATER_SITE, ...STATUSFY_FILES });
    expect(STATUSFY_FILES['services.yaml']!.startsWith(TIDEWATER_SERVICES)).toBe(true);
    expect((await statusmark(['validate', '--content', dir])).code).toBe(0);

    const again = await statusmark(['import', 'statusfy', join(fixtures, 'statusfy'), '--content', dir]);
    expect(again.out).toContain('wrote 0 files');
    expect(tree(dir)).toEqual({ 'site.yaml': TIDEWATER_SITE, ...STATUSFY_FILES });

    const dist = await build(dir);
    // HTML in a body is kept, and shown through the sanitiser: the script is gone, the emphasis stays.
    const latency = readFileSync(join(dist, 'incidents/2025-03-01-api-latency/index.html'), 'utf8');
    expect(latency).toContain('<em>slower</em>');
    expect(latency).not.toContain('alert(1)');
    expectSite(
      dist,
      {
        '2025-01-15-checkout-errors': 'Checkout errors',
        '2025-02-02-cdn-outage': 'CDN outage',
        '2025-02-10-status-e-mails-arrive-late': 'Status e-mails arrive late',
        '2025-03-01-api-latency': 'API latency',
        '2025-03-01-api-latency-2': 'API latency',
      },
      ['2025-03-20-database-maintenance'],
    );
  });

  it('never replaces a file staff wrote: the import takes the next free name and says why', async () => {
    const staff = `---
title: CDN outage (our own write-up)
impact: critical
started: 2025-02-02T07:45:00+01:00
resolved: 2025-02-02T08:20:00+01:00
---

## Investigating 2025-02-02 07:45 +01:00

Written by staff.

## Resolved 2025-02-02 08:20 +01:00

Fixed.
`;
    const dir = contentWith('statusfy-staff', {
      'site.yaml': TIDEWATER_SITE,
      'services.yaml': TIDEWATER_SERVICES,
      'incidents/2025-02-02-cdn-outage.md': staff,
    });
    const result = await statusmark(['import', 'statusfy', join(fixtures, 'statusfy'), '--content', dir]);
    expect(result.out).toContain(
      'incidents/2025-02-02-cdn-outage.md:1  CDN outage  -> incidents/2025-02-02-cdn-outage-2.md\n' +
        '      changed: missing time zone: date "2025-02-02 07:45:00" has no offset; read in Europe/Madrid\n' +
        '      changed: missing time zone: modified "2025-02-02 08:30:00" has no offset; read in Europe/Madrid\n' +
        '      changed: slug collision: incidents/2025-02-02-cdn-outage.md already exists with other text and is left as it is; written under the next free name',
    );
    const after = tree(dir);
    expect(after['incidents/2025-02-02-cdn-outage.md']).toBe(staff);
    expect(after['incidents/2025-02-02-cdn-outage-2.md']).toBe(STATUSFY_FILES['incidents/2025-02-02-cdn-outage.md']);
  });
});
