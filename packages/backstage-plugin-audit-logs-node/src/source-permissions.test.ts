import { auditLogsSourceReadPermission } from '@auditrelay/backstage-plugin-audit-logs-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
} from '@backstage/plugin-permission-node';
import { describe, expect, it } from 'vitest';
import {
  auditLogSourceConditions,
  auditLogSourcePermissionRules,
  createAuditLogSourceConditionalDecision,
  isSource,
  isSourceType,
} from './index.js';

describe('audit-log-source permission rules', () => {
  it('apply to a source and become a query the backend turns into SQL', () => {
    const source = { id: 'uipath-prod', type: 'uipath-orchestrator-odata' };
    expect(isSource.apply(source, { sourceIds: ['uipath-prod'] })).toBe(true);
    expect(isSource.apply(source, { sourceIds: ['kore'] })).toBe(false);
    expect(isSourceType.apply(source, { sourceTypes: ['kore-ai-for-work'] })).toBe(false);
    const transform = createConditionTransformer(Object.values(auditLogSourcePermissionRules));
    expect(
      transform({
        anyOf: [
          auditLogSourceConditions.isSource({ sourceIds: ['a', 'b'] }),
          { not: auditLogSourceConditions.isSourceType({ sourceTypes: ['t'] }) },
        ],
      }),
    ).toEqual({
      anyOf: [
        { property: 'sourceId', values: ['a', 'b'] },
        { not: { property: 'sourceType', values: ['t'] } },
      ],
    });
  });

  it('build conditional decisions for policies', () => {
    const decision = createAuditLogSourceConditionalDecision(
      {
        name: 'audit-logs.source.read',
        type: 'resource',
        resourceType: 'audit-log-source',
        attributes: { action: 'read' },
      },
      auditLogSourceConditions.isSource({ sourceIds: ['kore'] }),
    );
    expect(decision).toMatchObject({
      result: 'CONDITIONAL',
      pluginId: 'audit-logs',
      resourceType: 'audit-log-source',
      conditions: { rule: 'IS_SOURCE', params: { sourceIds: ['kore'] } },
    });
  });
});

describe('a conditional decision through the permission framework', () => {
  it('allows exactly the sources its conditions name', () => {
    // As the backend README's policy answers `audit-logs.source.read` for the RPA team.
    const decision = createAuditLogSourceConditionalDecision(auditLogsSourceReadPermission, {
      anyOf: [
        auditLogSourceConditions.isSource({ sourceIds: ['uipath-prod'] }),
        auditLogSourceConditions.isSourceType({ sourceTypes: ['kore-ai-for-work'] }),
      ],
    });
    const authorize = createConditionAuthorizer(Object.values(auditLogSourcePermissionRules));
    const sources = [
      { id: 'uipath-prod', type: 'uipath-orchestrator-odata' },
      { id: 'uipath-test', type: 'uipath-orchestrator-odata' },
      { id: 'kore-ai', type: 'kore-ai-for-work' },
      { id: 'kore-xo', type: 'kore-xo-admin-console' },
    ];
    expect(sources.filter((source) => authorize(decision, source)).map((s) => s.id)).toEqual([
      'uipath-prod',
      'kore-ai',
    ]);
  });
});
