import { describe, expect, it } from 'vitest';
// No seed sample exists for the Orchestrator OData API: this page follows UiPath's OpenAPI
// (AuditLogDto, AuditLogEntityDto) field by field, with the shapes the seeds show elsewhere:
// seven-digit fractions, JSON inside strings, nulls and a field the schema does not name.
import orchestratorSample from '../../__fixtures__/uipath-orchestrator-odata-response.json' with { type: 'json' };
import { auditEventSchema } from '../../models/audit-event.js';
import { orchestratorListSchema } from './response-schema.js';
import { normalizeOrchestratorRecord } from './normalize.js';

const source = { type: 'uipath-orchestrator-odata', id: 'orch' };

describe('UiPath Orchestrator OData sample', () => {
  const records = orchestratorListSchema.parse(orchestratorSample).value;
  const [created, updated, deleted] = records.map((r) => normalizeOrchestratorRecord(r, source));

  it('takes the numeric Id as id and dedupe key, and every event is valid', () => {
    expect([created, updated, deleted].map((e) => e!.dedupeKey)).toEqual([
      'uipath-orchestrator-odata:orch:90211',
      'uipath-orchestrator-odata:orch:90212',
      'uipath-orchestrator-odata:orch:90213',
    ]);
    for (const event of [created, updated, deleted])
      expect(auditEventSchema.safeParse(event).success).toBe(true);
  });

  it('maps actor, action, component and target, and keeps the raw record', () => {
    expect(created).toMatchObject({
      id: '90211',
      occurredAt: '2022-10-12T09:41:18.227Z',
      actor: { id: '7', name: 'admin', type: 'User' },
      action: 'Create',
      activity: 'create',
      category: 'Assets',
      target: { type: 'Assets', id: '412', name: 'SapEndpoint' },
      description: 'User admin created Asset SapEndpoint',
      outcome: 'success',
    });
    expect(created!.raw).toEqual(orchestratorSample.value[0]);
  });

  it('keeps the seven-digit original time and converts to UTC milliseconds', () => {
    expect(updated).toMatchObject({
      originalTime: '2022-10-12T09:52:03.5113704Z',
      occurredAt: '2022-10-12T09:52:03.511Z',
      actor: { id: '19', name: 'ops.bot', type: 'ExternalApplication' },
      activity: 'update',
    });
  });

  it('turns entity CustomData into changes: plain values as `to`, old/new pairs per entity', () => {
    expect(created!.changes).toEqual([
      { field: 'Name', to: 'SapEndpoint' },
      { field: 'StringValue', to: 'https://sap.acme.invalid' },
      { field: 'ValueType', to: 'Text' },
    ]);
    expect(updated!.changes).toEqual([
      { field: 'Release.Description', from: '', to: 'Invoices' },
      { field: 'Release.Version', from: '1.0.3', to: '1.0.4' },
      { field: 'Package.IsLatestVersion', from: true, to: false },
    ]);
  });

  it('accepts a record of nulls and keeps fields the schema does not name in raw', () => {
    expect(deleted).toMatchObject({
      actor: {},
      action: 'Delete',
      activity: 'delete',
      target: { type: 'Queues' },
      description: undefined,
      changes: [],
    });
    expect(deleted!.raw).toMatchObject({ TenantName: 'DefaultTenant' });
  });
});
