/**
 * `statusmark new --template NAME`: staff post an incident from the same templates the alert
 * intake uses, on the demo content, as a process; the file passes the pre-commit hook's check.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolders } from '../../src/dev/temp.ts';
import { stretched } from '../../src/dev/work.ts';
import { log, project, statusmark } from '../cli/helpers.ts';

const temp = tempFolders('new-template');
const LIMIT = stretched(120_000);

describe('statusmark new --template', () => {
  it('writes the template in each language, with the values given and the services it names', { timeout: LIMIT }, () => {
    const dir = project(temp());
    const run = statusmark(
      [
        'new',
        '--template',
        'registrations-restricted',
        '--set',
        'annotations.summary=sign-ups from 3 networks',
        '--at',
        '2025-01-27T10:20+08:00',
        '--commit',
      ],
      dir,
    );
    expect(run.code, run.err).toBe(0);
    expect(run.out).toBe('content/incidents/2025-01-27-new-registrations-restricted-during-unusual-traffic.md');
    const text = readFileSync(join(dir, run.out), 'utf8');
    const template = readFileSync(join(dir, 'content/templates/registrations-restricted.md'), 'utf8');
    // The title lines and the services come from the template as written.
    for (const line of [
      '  zh-CN: 异常流量下新用户注册受限',
      '  en: New registrations restricted during unusual traffic',
      '  registration: partial_outage',
    ])
      expect(template).toContain(line);
    expect(text).toBe(`---
title:
  zh-CN: 异常流量下新用户注册受限
  en: New registrations restricted during unusual traffic
impact: major
services:
  registration: partial_outage
started: 2025-01-27T10:20:00+08:00
---

## Investigating 2025-01-27 10:20 +08:00

自 2025年1月27日 GMT+8 10:20 起，我们监测到针对注册服务的异常流量：sign-ups from 3 networks。为保障服务稳定，新用户注册可能暂时受限；已注册用户不受影响，可正常登录。

::: {lang=en}
Since 27 Jan 2025, 10:20 GMT+8 we have seen unusual traffic against sign-up: sign-ups from 3 networks.
To protect the service, new registrations may be limited for a while; registered users are
not affected and can log in as usual.
:::
`);
    expect(log(dir)[0]).toBe('Incident: 异常流量下新用户注册受限 (investigating)');
  });

  it('lets a flag replace a part of the template, and names a value it lacks', { timeout: LIMIT }, () => {
    const dir = project(temp());
    const lacking = statusmark(['new', '--template', 'slowdown'], dir);
    expect(lacking.code).toBe(2);
    expect(lacking.err).toContain(
      '--template slowdown uses {{ annotations.summary }}: give it with --set, e.g. --set annotations.summary=VALUE',
    );
    const run = statusmark(
      [
        'new',
        '--template',
        'slowdown',
        '--set',
        'annotations.summary=p99 above 2 s',
        '--service',
        'api=partial',
        '--title-en',
        'Slow API',
        '--at',
        '2025-01-27T11:00+08:00',
      ],
      dir,
    );
    expect(run.code, run.err).toBe(0);
    const text = readFileSync(join(dir, run.out), 'utf8');
    expect(text).toContain('title:\n  en: Slow API\n');
    expect(text).toContain('services:\n  api: partial_outage\n');
    expect(text).toContain('impact: minor\n');
    expect(statusmark(['new', '--template', 'nope'], dir).err).toBe(
      'statusmark new: --template nope: content/templates/nope.md does not exist',
    );
  });
});
