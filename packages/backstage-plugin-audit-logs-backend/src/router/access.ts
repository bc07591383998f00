import {
  auditLogsEventReadPermission,
  auditLogsSourceReadPermission,
} from '@auditrelay/backstage-plugin-audit-logs-common';
import type {
  AuditLogSourceQuery,
  AuditLogSourceResource,
} from '@auditrelay/backstage-plugin-audit-logs-node';
import type {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
  type PermissionCriteria,
} from '@backstage/plugin-permission-common';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
  type ConditionTransformer,
} from '@backstage/plugin-permission-node';
import type { Request } from 'express';
import type { SourceAccess } from '../store/filters.js';

export interface AccessServices {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** Turns the policy's conditions into the store's source conditions. */
  transformConditions: ConditionTransformer<AuditLogSourceQuery>;
}

/**
 * Resolves the caller (user or service; 401 without credentials) and checks one basic
 * permission (403 when denied). With the permission framework disabled, Backstage allows every
 * check.
 */
export async function authorize(
  req: Request,
  permission: BasicPermission,
  { httpAuth, permissions }: Pick<AccessServices, 'httpAuth' | 'permissions'>,
): Promise<BackstageCredentials> {
  const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
  const [decision] = await permissions.authorize([{ permission }], { credentials });
  if (decision?.result !== AuthorizeResult.ALLOW)
    throw new NotAllowedError(`Missing permission ${permission.name}`);
  return credentials;
}

/**
 * Every read: `audit-logs.event.read` must be allowed (as before per-source permissions), and
 * `audit-logs.source.read` decides which sources: all, none (403), or the policy's conditions,
 * which the store applies in its SQL.
 */
export async function readAccess(req: Request, services: AccessServices): Promise<SourceAccess> {
  const credentials = await authorize(req, auditLogsEventReadPermission, services);
  const [decision] = await services.permissions.authorizeConditional(
    [{ permission: auditLogsSourceReadPermission }],
    { credentials },
  );
  if (decision?.result === AuthorizeResult.ALLOW) return undefined;
  if (decision?.result === AuthorizeResult.CONDITIONAL)
    return services.transformConditions(decision.conditions);
  throw new NotAllowedError(`Missing permission ${auditLogsSourceReadPermission.name}`);
}

/** Whether the access conditions cover one configured source (for `GET /sources`). */
export function allows(access: SourceAccess, source: AuditLogSourceResource): boolean {
  if (!access) return true;
  const test = (criteria: PermissionCriteria<AuditLogSourceQuery>): boolean => {
    if (isAndCriteria(criteria)) return criteria.allOf.every(test);
    if (isOrCriteria(criteria)) return criteria.anyOf.some(test);
    if (isNotCriteria(criteria)) return !test(criteria.not);
    return criteria.values.includes(criteria.property === 'sourceId' ? source.id : source.type);
  };
  return test(access);
}
