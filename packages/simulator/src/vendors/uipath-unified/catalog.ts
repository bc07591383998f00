// The metadata tree of the unified audit API (`…/api/query/sources`): source → targets → types,
// each node with a GUID and a name. GUIDs are UiPath's constants, so they depend on the names
// only, never on the seed.

import { APPS, GROUPS, PEOPLE } from '../../pools.js';
import { Rng, hashString } from '../../random.js';

export type UnifiedScope = 'organization' | 'tenant';

export interface CatalogNode {
  id: string;
  name: string;
}

/** One event type with its place in the tree, flattened for the generator. */
export interface EventTypeEntry {
  scope: UnifiedScope;
  source: CatalogNode;
  target: CatalogNode;
  type: CatalogNode;
  /** Relative frequency among all event types of both scopes. */
  weight: number;
  /** Names the event acts on (empty: the event has no object, e.g. a login). */
  objects: readonly string[];
  /** Always fails (status 1), e.g. a failed login. */
  failed: boolean;
  /** Raised by the service itself: no actor, no clientInfo. */
  system: boolean;
}

/** A GUID that depends on the text only. */
export function guidOf(text: string): string {
  return new Rng(hashString(`uipath-unified|${text}`)).uuid();
}

interface TypeSpec {
  name: string;
  weight?: number;
  failed?: boolean;
  system?: boolean;
}

interface TargetSpec {
  name: string;
  objects: readonly string[];
  types: ReadonlyArray<string | TypeSpec>;
}

interface SourceSpec {
  name: string;
  targets: readonly TargetSpec[];
}

const TENANTS = ['DefaultTenant', 'Production', 'UAT', 'Development'];
const LICENSES = ['Automation Developer', 'Attended', 'Citizen Developer', 'Unattended'];
const POLICIES = ['StudioX default', 'Robot network policy', 'Assistant feeds', 'Studio packages'];
const PROCESSES = ['InvoiceProcessing', 'VendorOnboarding', 'ClaimsIntake', 'OrderToCash'];
const ASSETS = ['SAP_Credentials', 'SharePointUrl', 'FinanceMailbox', 'ApiKey_ServiceNow'];
const QUEUES = ['Invoices', 'NewVendors', 'Claims', 'PayrollItems'];

const ORGANIZATION: readonly SourceSpec[] = [
  {
    name: 'Identity',
    targets: [
      {
        name: 'Login',
        objects: [],
        types: [
          { name: 'User logged in', weight: 30 },
          { name: 'User login failed', weight: 4, failed: true },
        ],
      },
      {
        name: 'Users',
        objects: PEOPLE.map((p) => p.email),
        types: ['Created user', 'Updated user', 'Deleted user'],
      },
      {
        name: 'Groups',
        objects: GROUPS,
        types: ['Added group member', 'Removed group member', 'Created group'],
      },
      {
        name: 'External applications',
        objects: APPS,
        types: ['Created external application', 'Updated external application'],
      },
    ],
  },
  {
    name: 'Organization management',
    targets: [
      { name: 'Tenants', objects: TENANTS, types: ['Created tenant', 'Updated tenant'] },
      {
        name: 'Licenses',
        objects: LICENSES,
        types: ['Allocated license', { name: 'Released license', system: true }],
      },
    ],
  },
  {
    name: 'Governance',
    targets: [
      {
        name: 'Policy management',
        objects: POLICIES,
        types: ['Created policy', 'Edited policy', 'Deleted policy'],
      },
    ],
  },
];

const TENANT: readonly SourceSpec[] = [
  {
    name: 'Orchestrator',
    targets: [
      {
        name: 'Processes',
        objects: PROCESSES,
        types: ['Created process', 'Updated process', 'Deleted process'],
      },
      { name: 'Assets', objects: ASSETS, types: ['Created asset', 'Updated asset'] },
      { name: 'Queues', objects: QUEUES, types: ['Created queue', 'Deleted queue'] },
      {
        name: 'Jobs',
        objects: PROCESSES,
        types: [
          { name: 'Started job', weight: 12 },
          { name: 'Stopped job', weight: 2 },
          { name: 'Job faulted', weight: 2, failed: true, system: true },
        ],
      },
    ],
  },
  {
    name: 'Action Center',
    targets: [{ name: 'Tasks', objects: QUEUES, types: ['Assigned task', 'Completed task'] }],
  },
  {
    name: 'Apps',
    targets: [{ name: 'Apps', objects: APPS, types: ['Published app', 'Deleted app'] }],
  },
  {
    name: 'Document Understanding',
    targets: [{ name: 'Projects', objects: PROCESSES, types: ['Created project'] }],
  },
  {
    name: 'Integration Service',
    targets: [{ name: 'Connections', objects: APPS, types: ['Created connection'] }],
  },
  {
    name: 'Test Manager',
    targets: [{ name: 'Test sets', objects: PROCESSES, types: ['Executed test set'] }],
  },
];

const node = (path: string, name: string): CatalogNode => ({ id: guidOf(path), name });

function flatten(scope: UnifiedScope, specs: readonly SourceSpec[]): EventTypeEntry[] {
  return specs.flatMap((s) => {
    const source = node(`${scope}/${s.name}`, s.name);
    return s.targets.flatMap((t) => {
      const target = node(`${scope}/${s.name}/${t.name}`, t.name);
      return t.types.map((spec): EventTypeEntry => {
        const typeSpec = typeof spec === 'string' ? { name: spec } : spec;
        return {
          scope,
          source,
          target,
          type: node(`${scope}/${s.name}/${t.name}/${typeSpec.name}`, typeSpec.name),
          weight: typeSpec.weight ?? 1,
          objects: t.objects,
          failed: typeSpec.failed ?? false,
          system: typeSpec.system ?? false,
        };
      });
    });
  });
}

/** Every event type of both scopes; a record stores its index here. */
export const EVENT_TYPES: readonly EventTypeEntry[] = [
  ...flatten('organization', ORGANIZATION),
  ...flatten('tenant', TENANT),
];

export interface SourceTree extends CatalogNode {
  eventTargets: Array<CatalogNode & { eventTypes: CatalogNode[] }>;
}

/** The `sources` response of one scope. */
export function sourceTree(scope: UnifiedScope): SourceTree[] {
  const out: SourceTree[] = [];
  for (const entry of EVENT_TYPES) {
    if (entry.scope !== scope) continue;
    let source = out.find((s) => s.id === entry.source.id);
    if (source === undefined) {
      source = { ...entry.source, eventTargets: [] };
      out.push(source);
    }
    let target = source.eventTargets.find((t) => t.id === entry.target.id);
    if (target === undefined) {
      target = { ...entry.target, eventTypes: [] };
      source.eventTargets.push(target);
    }
    target.eventTypes.push({ ...entry.type });
  }
  return out;
}
