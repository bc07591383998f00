import { isIP } from 'node:net';
import { startSimulator, type Simulator } from '@auditrelay/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import koreXoSample from '../__fixtures__/kore-xo-seed-response.json' with { type: 'json' };
import aiForWorkSample from '../__fixtures__/kore-ai-for-work-seed-response.json' with { type: 'json' };
import platformSample from '../__fixtures__/uipath-platform-seed-response.json' with { type: 'json' };
import { createSource } from '../create-source.js';
import { simulatorSourceConfig, VENDORS } from '../integration/simulator-sources.js';
import type { AuditEvent } from '../models/audit-event.js';
import { normalizeAiForWorkRecord } from '../sources/kore-ai-for-work/normalize.js';
import { loadHtmlToText } from '../normalize/html-text.js';
import { normalizeKoreXoRecord } from '../sources/kore-xo-admin-console/normalize.js';
import { normalizeUipathPlatformRecord } from '../sources/uipath-platform-audit/normalize.js';
import { fetchEvents } from '../sync/fetch-events.js';
import { collect } from '../testing.js';
import { toEcs } from './ecs.js';
import { toOcsf } from './ocsf.js';
import { ocsfProblems } from './ocsf-schema.js';

// The AI for Work source loads html-to-text when it starts reading; these call the normalizer directly.
await loadHtmlToText();

// ECS 8.x allowed values for event.category / event.type and the allowed pairs.
const ECS_ALLOWED: Record<string, string[]> = {
  authentication: ['start', 'end', 'info'],
  iam: ['admin', 'change', 'creation', 'deletion', 'group', 'info', 'user'],
  configuration: ['access', 'change', 'creation', 'deletion', 'info'],
  api: [
    'access',
    'admin',
    'allowed',
    'change',
    'creation',
    'deletion',
    'denied',
    'end',
    'info',
    'start',
    'user',
  ],
};

function ecsProblems(doc: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const event = doc.event as Record<string, unknown>;
  if (typeof doc['@timestamp'] !== 'string' || Number.isNaN(Date.parse(doc['@timestamp'])))
    problems.push('@timestamp: expected an ISO date');
  const categories = event.category as string[];
  const types = event.type as string[];
  if (!Array.isArray(categories) || categories.length === 0)
    problems.push('event.category: expected a non-empty array');
  for (const category of categories ?? []) {
    const allowed = ECS_ALLOWED[category];
    if (!allowed) problems.push(`event.category: ${category} is not allowed`);
    for (const type of types ?? [])
      if (allowed && !allowed.includes(type))
        problems.push(`event.type: ${type} is not allowed with ${category}`);
  }
  if (!['success', 'failure', 'unknown'].includes(event.outcome as string))
    problems.push('event.outcome: not allowed');
  if (event.kind !== 'event') problems.push('event.kind: expected "event"');
  for (const key of ['action', 'id', 'dataset', 'provider', 'original'])
    if (typeof event[key] !== 'string') problems.push(`event.${key}: expected a keyword`);
  const source = doc.source as { ip?: string } | undefined;
  if (source?.ip !== undefined && !isIP(source.ip)) problems.push('source.ip: expected an IP');
  const related = doc.related as { ip?: string[]; user?: string[] };
  for (const ip of related.ip ?? []) if (!isIP(ip)) problems.push('related.ip: expected IPs');
  for (const user of related.user ?? [])
    if (typeof user !== 'string') problems.push('related.user: expected keywords');
  const user = doc.user as Record<string, unknown> | undefined;
  for (const key of ['id', 'name', 'email'])
    if (user?.[key] !== undefined && typeof user[key] !== 'string')
      problems.push(`user.${key}: expected a keyword`);
  return problems;
}

let sim: Simulator;
const events: AuditEvent[] = [];

beforeAll(async () => {
  const now = Date.now();
  sim = await startSimulator({
    seed: 'exports',
    data: Object.fromEntries(
      VENDORS.map((v) => [v, { count: 400, start: now - 24 * 3_600_000, end: now - 60_000 }]),
    ),
    rateLimits: { 'kore-xo-admin-console': false },
  });
  for (const vendor of VENDORS) {
    const source = createSource(
      simulatorSourceConfig(
        sim,
        vendor,
        vendor === 'uipath-orchestrator-odata' ? { includeDetails: false } : {},
      ),
    );
    events.push(...(await collect(fetchEvents(source, { from: new Date(now - 25 * 3_600_000) }))));
    await source.close();
  }
  events.push(
    ...koreXoSample.auditlogs.map((r) =>
      normalizeKoreXoRecord(r, { type: 'kore-xo-admin-console', id: 'seed' }),
    ),
  );
  events.push(
    ...aiForWorkSample.logs.map((r) =>
      normalizeAiForWorkRecord(r as never, { type: 'kore-ai-for-work', id: 'seed' }),
    ),
  );
  events.push(
    ...platformSample.results.map((r) =>
      normalizeUipathPlatformRecord(r, { type: 'uipath-platform-audit', id: 'seed' }),
    ),
  );
});
afterAll(() => sim?.close());

describe('toOcsf', () => {
  it('conforms to the OCSF 1.8.0 class definitions for every simulated and sample event', () => {
    expect(events.length).toBeGreaterThan(1500);
    const failures = events
      .map((e) => ({ id: e.dedupeKey, problems: ocsfProblems(toOcsf(e) as never) }))
      .filter((f) => f.problems.length > 0);
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('the schema check itself catches missing required objects, bad types and bad enums', () => {
    const login = toOcsf(events.find((e) => e.activity === 'login' && e.actor.name)!);
    const { user: _user, ...withoutUser } = login;
    expect(ocsfProblems(withoutUser as never)).toContain('user: required');
    expect(ocsfProblems({ ...login, time: 'yesterday' })).toContain(
      'time: expected an integer (timestamp_t)',
    );
    expect(ocsfProblems({ ...login, status_id: 7 })).toEqual([
      expect.stringMatching(/^status_id: 7 is not one of/),
    ]);
    expect(ocsfProblems({ ...login, metadata: { product: {} } })).toContain(
      'metadata.version: required',
    );
  });

  it('uses every IAM class where it fits, and API Activity as the fallback', () => {
    const classes = new Set(events.map((e) => toOcsf(e).class_uid));
    for (const uid of [3001, 3002, 3004, 3006, 6003])
      expect(classes, `class ${uid}`).toContain(uid);
  });

  it('maps logins to Authentication with the user and keeps the raw record', () => {
    const login = events.find(
      (e) => e.source.type === 'uipath-platform-audit' && e.activity === 'login',
    )!;
    const ocsf = toOcsf(login);
    expect(ocsf).toMatchObject({
      class_uid: 3002,
      activity_id: 1,
      type_uid: 300201,
      category_uid: 3,
      status_id: 1,
      metadata: { version: '1.8.0', product: { vendor_name: 'UiPath' } },
    });
    expect(ocsf.user).toMatchObject({ name: login.actor.name });
    expect(JSON.parse(ocsf.raw_data as string)).toEqual(login.raw);
    expect(ocsf.time).toBe(Date.parse(login.occurredAt));
  });

  it('maps a Kore.ai logout without a known user to API Activity rather than inventing one', () => {
    const [logout] = koreXoSample.auditlogs.map((r) =>
      normalizeKoreXoRecord(r, { type: 'kore-xo-admin-console', id: 'seed' }),
    );
    const ocsf = toOcsf(logout!);
    expect(ocsf).toMatchObject({
      class_uid: 6003,
      api: { operation: 'Logout' },
      src_endpoint: { ip: '127.0.0.1' },
      actor: { app_name: 'XO Platform Admin Console' },
    });
  });
});

describe('toEcs', () => {
  it('uses allowed ECS categories, types and field types for every event', () => {
    const failures = events
      .map((e) => ({ id: e.dedupeKey, problems: ecsProblems(toEcs(e)) }))
      .filter((f) => f.problems.length > 0);
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('fills user, user.target, related and event.original', () => {
    const created = events.find(
      (e) => e.source.type === 'kore-xo-admin-console' && e.action === 'User Created',
    )!;
    const doc = toEcs(created);
    expect(doc).toMatchObject({
      '@timestamp': created.occurredAt,
      event: {
        category: ['iam'],
        type: ['user', 'creation'],
        action: 'User Created',
        outcome: 'success',
      },
      user: { email: created.actor.email, target: { name: created.target!.name } },
    });
    expect((doc.related as { user: string[] }).user).toEqual(
      expect.arrayContaining([created.actor.email, created.target!.name]),
    );
    expect(JSON.parse((doc.event as { original: string }).original)).toEqual(created.raw);
  });
});
