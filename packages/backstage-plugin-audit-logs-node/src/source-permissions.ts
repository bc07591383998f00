import { AUDIT_LOG_SOURCE_RESOURCE_TYPE } from '@auditrelay/backstage-plugin-audit-logs-common';
import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { z } from 'zod';

/** A configured source, as the `audit-logs.source.read` permission sees it. */
export interface AuditLogSourceResource {
  id: string;
  type: string;
}

/**
 * What a rule becomes for the database: the backend turns it into a SQL condition on the stored
 * events (never a filter after the query).
 */
export type AuditLogSourceQuery =
  { property: 'sourceId'; values: string[] } | { property: 'sourceType'; values: string[] };

export const auditLogSourcePermissionResourceRef = createPermissionResourceRef<
  AuditLogSourceResource,
  AuditLogSourceQuery
>().with({ pluginId: 'audit-logs', resourceType: AUDIT_LOG_SOURCE_RESOURCE_TYPE });

const ID = z.string().min(1).max(63);

/** Allows the sources with one of these ids. */
export const isSource = createPermissionRule({
  name: 'IS_SOURCE',
  description: 'Allow the audit-log sources with one of the given ids',
  resourceRef: auditLogSourcePermissionResourceRef,
  paramsSchema: z.object({
    sourceIds: z.array(ID).describe('Source ids (auditLogs.sources[].id)'),
  }),
  apply: (source, { sourceIds }) => sourceIds.includes(source.id),
  toQuery: ({ sourceIds }) => ({ property: 'sourceId', values: sourceIds }),
});

/** Allows the sources of one of these types (`uipath-orchestrator-odata`, …). */
export const isSourceType = createPermissionRule({
  name: 'IS_SOURCE_TYPE',
  description: 'Allow the audit-log sources of one of the given types',
  resourceRef: auditLogSourcePermissionResourceRef,
  paramsSchema: z.object({
    sourceTypes: z.array(z.string().min(1).max(100)).describe('Source types'),
  }),
  apply: (source, { sourceTypes }) => sourceTypes.includes(source.type),
  toQuery: ({ sourceTypes }) => ({ property: 'sourceType', values: sourceTypes }),
});

/** The rules of the `audit-log-source` resource type. */
export const auditLogSourcePermissionRules = { isSource, isSourceType };

/**
 * For permission policies: `auditLogSourceConditions.isSource({ sourceIds: ['uipath-prod'] })`
 * and `createAuditLogSourceConditionalDecision(permission, conditions)`.
 */
export const {
  conditions: auditLogSourceConditions,
  createConditionalDecision: createAuditLogSourceConditionalDecision,
} = createConditionExports({
  resourceRef: auditLogSourcePermissionResourceRef,
  rules: auditLogSourcePermissionRules,
});
