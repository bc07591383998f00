import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import koreXoSample from '../__fixtures__/kore-xo-seed-response.json' with { type: 'json' };
import aiForWorkSample from '../__fixtures__/kore-ai-for-work-seed-response.json' with { type: 'json' };
import platformSample from '../__fixtures__/uipath-platform-seed-response.json' with { type: 'json' };
import { auditEventSchema } from '../models/audit-event.js';
import { koreXoResponseSchema } from '../sources/kore-xo-admin-console/response-schema.js';
import { normalizeKoreXoRecord } from '../sources/kore-xo-admin-console/normalize.js';
import { aiForWorkResponseSchema } from '../sources/kore-ai-for-work/response-schema.js';
import { normalizeAiForWorkRecord } from '../sources/kore-ai-for-work/normalize.js';
import { uipathPlatformResponseSchema } from '../sources/uipath-platform-audit/response-schema.js';
import { normalizeUipathPlatformRecord } from '../sources/uipath-platform-audit/normalize.js';
import { parseUipathAuditCsv } from '../sources/uipath-platform-audit/download-csv.js';
import { collect } from '../testing.js';

const xo = { type: 'kore-xo-admin-console', id: 'xo' };

describe('Kore XO seed sample', () => {
  const events = koreXoResponseSchema
    .parse(koreXoSample)
    .auditlogs.map((r) => normalizeKoreXoRecord(r, xo));

  it('parses three records sharing one 23-character id into three distinct events', () => {
    expect(events).toHaveLength(3);
    expect(new Set(events.map((e) => e.id))).toEqual(new Set(['5e10c62ce0e2f05f0548048']));
    expect(new Set(events.map((e) => e.dedupeKey)).size).toBe(3);
  });

  it('normalizes time, activity, source IP and keeps the raw record', () => {
    const [logout, , created] = events;
    expect(logout).toMatchObject({
      occurredAt: '2020-01-04T17:06:52.745Z',
      originalTime: '2020-01-04T17:06:52.745Z',
      action: 'Logout',
      activity: 'logout',
      category: 'Login/Logout',
      sourceIp: '127.0.0.1',
      outcome: 'success',
    });
    expect(created).toMatchObject({ activity: 'create', sourceIp: undefined });
    expect(logout!.raw).toEqual(koreXoSample.auditlogs[0]);
    for (const event of events) expect(auditEventSchema.safeParse(event).success).toBe(true);
  });

  it('gives a re-read of the same record the same dedupe key', () => {
    const again = normalizeKoreXoRecord(koreXoResponseSchema.parse(koreXoSample).auditlogs[0]!, xo);
    expect(again.dedupeKey).toBe(events[0]!.dedupeKey);
  });
});

describe('Kore AI for Work seed sample', () => {
  const [event] = aiForWorkResponseSchema
    .parse(aiForWorkSample)
    .logs.map((r) => normalizeAiForWorkRecord(r, { type: 'kore-ai-for-work', id: 'ai' }));

  it('turns htmlText into plain text and delta into changes', () => {
    expect(event).toMatchObject({
      id: '67584fc8a16721a7bb876d3b',
      dedupeKey: 'kore-ai-for-work:ai:67584fc8a16721a7bb876d3b',
      description: 'Update business rule Answer rule - 67',
      actor: {
        id: 'u-6fd26567-2b99-5265-9b69-54fba448d26f',
        name: 'John jackob',
        email: 'john.jackob@kore.com',
      },
      action: 'update',
      activity: 'update',
      category: 'nlprules',
      target: { type: 'nlprules', id: '66a389b40e9b336c5e6edb19', name: 'Answer rule - 67' },
      changes: [{ field: 'name', to: 'Answer rule - 67' }],
    });
    expect(auditEventSchema.safeParse(event).success).toBe(true);
  });
});

describe('UiPath Platform Management seed sample', () => {
  const source = { type: 'uipath-platform-audit', id: 'pm' };
  const records = uipathPlatformResponseSchema.parse(platformSample).results;
  const events = records.map((r) => normalizeUipathPlatformRecord(r, source));

  it('keeps the 7-digit original time and converts to UTC milliseconds', () => {
    expect(events[0]).toMatchObject({
      originalTime: '2021-10-14T13:10:15.1964174+00:00',
      occurredAt: '2021-10-14T13:10:15.196Z',
      activity: 'login',
      actor: { name: 'System Administrator' },
      description: "User 'System Administrator admin' logged in",
    });
  });

  it('parses auditLogDetails (JSON in a string) into changes', () => {
    expect(events[0]!.changes).toEqual([
      { field: 'email', to: '' },
      { field: 'userName', to: 'System Administrator admin' },
    ]);
  });

  it('derives a stable id from content: equal records match, different ones do not', () => {
    const again = normalizeUipathPlatformRecord({ ...records[0]! }, source);
    expect(again.id).toBe(events[0]!.id);
    expect(events[0]!.id).not.toBe(events[1]!.id);
    expect(events[0]!.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('gives a CSV download row the same id as the JSON record', async () => {
    const record = records[0]!;
    const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
    const csv = [
      'Date,Source,Category,Action,User Name,Email,Message,Details',
      [
        record.createdOn,
        record.source,
        record.category,
        record.action,
        record.userName,
        record.email,
        record.message,
        record.auditLogDetails,
      ]
        .map((v) => quote(v ?? ''))
        .join(','),
    ].join('\r\n');
    const fromCsv = await collect(parseUipathAuditCsv(Readable.from([Buffer.from(csv)]), source));
    expect(fromCsv).toHaveLength(1);
    expect(fromCsv[0]!.id).toBe(events[0]!.id);
    expect(fromCsv[0]!.changes).toEqual(events[0]!.changes);
  });
});
