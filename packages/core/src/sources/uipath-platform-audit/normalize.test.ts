import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import platformSample from '../../__fixtures__/uipath-platform-seed-response.json' with { type: 'json' };
import { collect } from '../../testing.js';
import { parseUipathAuditCsv } from './download-csv.js';
import { uipathPlatformResponseSchema } from './response-schema.js';
import { normalizeUipathPlatformRecord } from './normalize.js';

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
