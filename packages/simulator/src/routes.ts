// Path routing: one server, path prefixes stand in for the vendors' hosts.

import type { RouteKind, SimulatedVendorId } from './types.js';

export type Endpoint =
  | 'kore-xo'
  | 'ai-for-work'
  | 'token'
  | 'pm-list'
  | 'pm-download'
  | 'or-list'
  | 'or-details'
  | 'ua-events'
  | 'ua-sources'
  | 'ua-download'
  | 'not-found';

export interface RouteMatch {
  vendor: SimulatedVendorId;
  route: RouteKind;
  endpoint: Endpoint;
  params: Record<string, string | undefined>;
}

export const PREFIXES: Record<SimulatedVendorId, string> = {
  'kore-xo-admin-console': '/kore-xo',
  'kore-ai-for-work': '/kore-aiforwork',
  'uipath-platform-audit': '/uipath',
  'uipath-orchestrator-odata': '/uipath',
  'uipath-unified-audit': '/uipath',
};

const UNIFIED: Record<string, { endpoint: Endpoint; route: RouteKind }> = {
  events: { endpoint: 'ua-events', route: 'data' },
  sources: { endpoint: 'ua-sources', route: 'metadata' },
  downloadevents: { endpoint: 'ua-download', route: 'download' },
};

/** {org}/orgaudit_/api/query/{…} or {org}/{tenant}/tenantaudit_/api/query/{…} */
function unified(rest: string[]): RouteMatch | undefined {
  const org = rest[1] === 'orgaudit_';
  const tenant = rest[2] === 'tenantaudit_';
  if (!org && !tenant) return undefined;
  const at = org ? 1 : 2;
  const tail = rest.slice(at + 1);
  const found =
    tail.length === 3 && tail[0] === 'api' && tail[1] === 'query'
      ? UNIFIED[tail[2]!.toLowerCase()]
      : undefined;
  const params = org
    ? { org: rest[0], scope: 'organization' }
    : { org: rest[0], tenant: rest[1], scope: 'tenant' };
  return found === undefined
    ? { vendor: 'uipath-unified-audit', route: 'data', endpoint: 'not-found', params }
    : { vendor: 'uipath-unified-audit', ...found, params };
}

const DETAILS = /^UiPath\.Server\.Configuration\.OData\.GetAuditLogDetails\(auditLogId=([^)]*)\)$/i;

function segmentsOf(pathname: string): string[] | undefined {
  const parts = pathname.split('/').slice(1);
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  try {
    return parts.map((p) => decodeURIComponent(p));
  } catch {
    return undefined;
  }
}

const same = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

function uipath(rest: string[]): RouteMatch {
  const notFound = (vendor: SimulatedVendorId): RouteMatch => ({
    vendor,
    route: 'data',
    endpoint: 'not-found',
    params: {},
  });
  if (
    rest.length === 3 &&
    (rest[0] === 'identity_' || rest[0] === 'identity') &&
    same(rest.slice(1), ['connect', 'token'])
  ) {
    return { vendor: 'uipath-platform-audit', route: 'token', endpoint: 'token', params: {} };
  }
  const unifiedMatch = unified(rest);
  if (unifiedMatch !== undefined) return unifiedMatch;
  // {org}[/{tenant}]/audit_/api/auditlogs[/{partitionGlobalId} | /download]
  const audit = rest.indexOf('audit_');
  if (
    (audit === 1 || audit === 2) &&
    same(rest.slice(audit + 1, audit + 3), ['api', 'auditlogs'])
  ) {
    const params = { org: rest[0], tenant: audit === 2 ? rest[1] : undefined };
    const tail = rest.slice(audit + 3);
    if (tail.length === 0)
      return { vendor: 'uipath-platform-audit', route: 'data', endpoint: 'pm-list', params };
    if (tail.length === 1 && tail[0]!.toLowerCase() === 'download') {
      return {
        vendor: 'uipath-platform-audit',
        route: 'download',
        endpoint: 'pm-download',
        params,
      };
    }
    if (tail.length === 1) {
      return {
        vendor: 'uipath-platform-audit',
        route: 'data',
        endpoint: 'pm-list',
        params: { ...params, partitionGlobalId: tail[0] },
      };
    }
    return notFound('uipath-platform-audit');
  }
  // {org}/{tenant}/orchestrator_/odata/AuditLogs[/…GetAuditLogDetails(auditLogId={id})] on
  // Automation Cloud and Suite; /odata/AuditLogs[/…] on a standalone Orchestrator, whose tenant is
  // named by the X-UIPATH-TenantName header.
  const standalone = rest[0] === 'odata' && rest[1]?.toLowerCase() === 'auditlogs';
  if (
    standalone ||
    (rest[2] === 'orchestrator_' && rest[3] === 'odata' && rest[4]?.toLowerCase() === 'auditlogs')
  ) {
    const at = standalone ? 2 : 5;
    const params: Record<string, string | undefined> = standalone
      ? { standalone: 'true' }
      : { org: rest[0], tenant: rest[1] };
    if (rest.length === at)
      return { vendor: 'uipath-orchestrator-odata', route: 'data', endpoint: 'or-list', params };
    const details = rest.length === at + 1 ? DETAILS.exec(rest[at]!) : null;
    if (details) {
      return {
        vendor: 'uipath-orchestrator-odata',
        route: 'details',
        endpoint: 'or-details',
        params: { ...params, auditLogId: details[1] },
      };
    }
  }
  return notFound(
    rest.includes('orchestrator_') ? 'uipath-orchestrator-odata' : 'uipath-platform-audit',
  );
}

/** Which vendor endpoint a path addresses; undefined outside every vendor prefix. */
export function matchRoute(pathname: string): RouteMatch | undefined {
  const segments = segmentsOf(pathname);
  if (segments === undefined || segments.length === 0) return undefined;
  const head = segments[0] ?? '';
  const rest = segments.slice(1);
  const auditlogs = same(rest, ['api', 'public', 'auditlogs']);
  switch (head) {
    case 'kore-xo':
      return {
        vendor: 'kore-xo-admin-console',
        route: 'data',
        endpoint: auditlogs ? 'kore-xo' : 'not-found',
        params: {},
      };
    case 'kore-aiforwork':
      return {
        vendor: 'kore-ai-for-work',
        route: 'data',
        endpoint: auditlogs ? 'ai-for-work' : 'not-found',
        params: {},
      };
    case 'uipath':
      return uipath(rest);
    default:
      return undefined;
  }
}
