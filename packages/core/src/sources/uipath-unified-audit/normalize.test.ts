import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import sample from '../../__fixtures__/uipath-unified-audit-response.json' with { type: 'json' };
import { collect } from '../../testing.js';
import { parseUipathUnifiedCsv } from './download-csv.js';
import { normalizeUipathUnifiedEvent } from './normalize.js';
import { uipathUnifiedResponseSchema } from './response-schema.js';

// Built from the event fields UiPath's CLI documents for the unified audit API (no vendor sample
// was published): a tenant event with details and a service-raised failure.
describe('UiPath unified audit sample', () => {
  const source = { type: 'uipath-unified-audit', id: 'unified' };
  const records = uipathUnifiedResponseSchema.parse(sample).auditEvents;
  const [edited, faulted] = records.map((r) => normalizeUipathUnifiedEvent(r, source));

  it('maps type, source and target to action, category and target, keeping the 7-digit time', () => {
    expect(edited).toMatchObject({
      id: '5f0c1c2e-8a7b-4d1e-9a51-2b3c4d5e6f70',
      dedupeKey: 'uipath-unified-audit:unified:5f0c1c2e-8a7b-4d1e-9a51-2b3c4d5e6f70',
      occurredAt: '2026-03-10T09:30:00.123Z',
      originalTime: '2026-03-10T09:30:00.1234567Z',
      action: 'Updated process',
      activity: 'update',
      category: 'Orchestrator',
      target: {
        type: 'Processes',
        id: '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d',
        name: 'InvoiceProcessing',
      },
      actor: {
        id: '0d4b5c6e-7f80-4192-a3b4-c5d6e7f80912',
        name: 'Dana Whitfield',
        email: 'dana.whitfield@acme.example',
      },
      description: "Dana Whitfield updated process 'InvoiceProcessing'",
      sourceIp: '203.0.113.24',
      outcome: 'success',
    });
  });

  it('reads eventDetails (JSON in a string) into changes', () => {
    expect(edited!.changes).toEqual([{ field: 'Version', from: '1.0.3', to: '1.0.4' }]);
  });

  it('marks events UiPath raised itself: no actor id, no client, status 1 = failure', () => {
    expect(faulted).toMatchObject({
      actor: { name: 'System', type: 'system' },
      outcome: 'failure',
      sourceIp: undefined,
      target: { type: 'Jobs', name: 'ClaimsIntake' },
    });
    expect(faulted!.actor.id).toBeUndefined();
  });

  it('gives a downloadevents CSV row the same event as the JSON record', async () => {
    const record = records[0]!;
    const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
    const header =
      'Id,Created On,Organization Id,Organization Name,Tenant Id,Tenant Name,Actor Id,Actor Name,Actor Email,Event Type,Event Source,Event Target,Event Summary,Status,IP Address,IP Country,Event Details';
    const row = [
      record.id,
      record.createdOn,
      record.organizationId!,
      record.organizationName!,
      record.tenantId!,
      record.tenantName!,
      record.actorId!,
      record.actorName!,
      record.actorEmail!,
      record.eventType!,
      record.eventSource!,
      record.eventTarget!,
      record.eventSummary!,
      String(record.status),
      record.clientInfo!.ipAddress!,
      record.clientInfo!.ipCountry!,
      record.eventDetails!,
    ]
      .map(quote)
      .join(',');
    const csv = Readable.from([Buffer.from(`\uFEFF${header}\r\n${row}\r\n`)]);
    const [fromCsv] = await collect(parseUipathUnifiedCsv(csv, source));
    const { raw: _csvRaw, ...csvEvent } = fromCsv!;
    const { raw: _jsonRaw, ...jsonEvent } = edited!;
    expect(csvEvent).toEqual({ ...jsonEvent, outcome: 'success' });
  });
});
