// UiPath Platform Management ("classic") audit log records: audit_/api/auditlogs.

import { Dataset, tickScale } from '../dataset.js';
import { uint8Column } from '../growable.js';
import { isoTicks } from '../iso-time.js';
import { APPS, GROUPS, PEOPLE } from '../pools.js';
import type { Rng } from '../random.js';
import { cumulative, pickWeighted } from '../random.js';

export interface UiPathPlatformRecord {
  createdOn: string;
  category: string;
  action: string;
  auditLogDetails: string;
  userName: string;
  email: string;
  message: string;
  detailsVersion: string;
  source: string;
}

export const PM_SORT_FIELDS = [
  'createdOn',
  'category',
  'action',
  'email',
  'userName',
  'source',
] as const;
export type PmSortField = (typeof PM_SORT_FIELDS)[number];

interface PmUser {
  displayName: string;
  login: string;
  email: string;
}

const SYSTEM_ADMIN: PmUser = { displayName: 'System Administrator', login: 'admin', email: '' };
const USERS: readonly PmUser[] = [...PEOPLE, SYSTEM_ADMIN];

interface Scene {
  actor: PmUser;
  other: PmUser;
  rng: Rng;
  organization: string;
}

interface Template {
  category: string;
  action: string;
  source: string;
  weight: number;
  build(s: Scene): { details: Record<string, unknown>; message: string };
}

const TENANTS = ['DefaultTenant', 'Production', 'UAT', 'Development'];
const ROBOT_ACCOUNTS = ['robot-finance', 'robot-hr', 'robot-invoices', 'robot-reporting'];
const LICENSES = ['Automation Developer', 'Attended', 'Citizen Developer', 'Automation Express'];
const fullName = (u: PmUser): string => `${u.displayName} ${u.login}`;

const TEMPLATES: readonly Template[] = [
  {
    category: 'User',
    action: 'Login',
    source: 'Cis',
    weight: 40,
    build: (s) => ({
      details: { userName: fullName(s.actor), email: s.actor.email },
      message: `User '${fullName(s.actor)}' logged in`,
    }),
  },
  {
    category: 'User',
    action: 'Create',
    source: 'Identity',
    weight: 4,
    build: (s) => ({
      details: {
        userName: s.other.email,
        email: s.other.email,
        name: s.other.displayName.split(' ')[0],
        surname: s.other.displayName.split(' ')[1],
      },
      message: `User '${s.other.email}' was created`,
    }),
  },
  {
    category: 'User',
    action: 'Update',
    source: 'Identity',
    weight: 3,
    build: (s) => ({
      details: {
        userName: s.other.email,
        email: s.other.email,
        oldValues: { bypassBasicAuthRestriction: false },
        newValues: { bypassBasicAuthRestriction: true },
      },
      message: `User '${s.other.email}' was updated`,
    }),
  },
  {
    category: 'User',
    action: 'Delete',
    source: 'Identity',
    weight: 1,
    build: (s) => ({
      details: { userName: s.other.email, email: s.other.email },
      message: `User '${s.other.email}' was deleted`,
    }),
  },
  {
    category: 'Group',
    action: 'AddMember',
    source: 'Identity',
    weight: 4,
    build: (s) => {
      const group = s.rng.pick(GROUPS);
      return {
        details: { groupName: group, userName: s.other.email },
        message: `User '${s.other.email}' was added to group '${group}'`,
      };
    },
  },
  {
    category: 'Group',
    action: 'RemoveMember',
    source: 'Identity',
    weight: 1.5,
    build: (s) => {
      const group = s.rng.pick(GROUPS);
      return {
        details: { groupName: group, userName: s.other.email },
        message: `User '${s.other.email}' was removed from group '${group}'`,
      };
    },
  },
  {
    category: 'Group',
    action: 'Create',
    source: 'Identity',
    weight: 0.7,
    build: (s) => {
      const group = s.rng.pick(GROUPS);
      return { details: { groupName: group }, message: `Group '${group}' was created` };
    },
  },
  {
    category: 'Group',
    action: 'Update',
    source: 'Identity',
    weight: 0.5,
    build: (s) => {
      const group = s.rng.pick(GROUPS);
      return {
        details: {
          groupName: group,
          oldValues: { name: `${group} (old)` },
          newValues: { name: group },
        },
        message: `Group '${group}' was updated`,
      };
    },
  },
  {
    category: 'Group',
    action: 'Delete',
    source: 'Identity',
    weight: 0.3,
    build: (s) => {
      const group = s.rng.pick(GROUPS);
      return { details: { groupName: group }, message: `Group '${group}' was deleted` };
    },
  },
  {
    category: 'Tenant',
    action: 'Create',
    source: 'OMS',
    weight: 0.3,
    build: (s) => {
      const tenant = s.rng.pick(TENANTS);
      return {
        details: { tenantName: tenant, services: ['orchestrator', 'actions', 'insights'] },
        message: `Tenant '${tenant}' was created`,
      };
    },
  },
  {
    category: 'Tenant',
    action: 'Update',
    source: 'OMS',
    weight: 0.7,
    build: (s) => {
      const tenant = s.rng.pick(TENANTS);
      return {
        details: {
          tenantName: tenant,
          oldValues: { status: 'Enabled' },
          newValues: { status: 'Enabled', services: ['orchestrator', 'testmanager'] },
        },
        message: `Tenant '${tenant}' was updated`,
      };
    },
  },
  {
    category: 'Tenant',
    action: 'Delete',
    source: 'OMS',
    weight: 0.1,
    build: (s) => {
      const tenant = s.rng.pick(TENANTS);
      return { details: { tenantName: tenant }, message: `Tenant '${tenant}' was deleted` };
    },
  },
  {
    category: 'Organization',
    action: 'Update',
    source: 'PortalService',
    weight: 0.5,
    build: (s) => ({
      details: {
        organizationName: s.organization,
        oldValues: { language: 'en' },
        newValues: { language: s.rng.pick(['en', 'de', 'fr', 'ja']) },
      },
      message: `Organization '${s.organization}' was updated`,
    }),
  },
  {
    category: 'ExternalApplication',
    action: 'Create',
    source: 'Identity',
    weight: 0.4,
    build: (s) => {
      const app = s.rng.pick(APPS);
      return {
        details: {
          name: app,
          applicationType: 'Confidential',
          scopes: ['PM.Audit.Read', 'OR.Audit.Read'],
        },
        message: `External application '${app}' was created`,
      };
    },
  },
  {
    category: 'ExternalApplication',
    action: 'Update',
    source: 'Identity',
    weight: 0.5,
    build: (s) => {
      const app = s.rng.pick(APPS);
      return {
        details: {
          name: app,
          oldValues: { scopes: ['PM.Audit.Read'] },
          newValues: { scopes: ['PM.Audit.Read', 'OR.Audit.Read'] },
        },
        message: `External application '${app}' was updated`,
      };
    },
  },
  {
    category: 'ExternalApplication',
    action: 'Delete',
    source: 'Identity',
    weight: 0.2,
    build: (s) => {
      const app = s.rng.pick(APPS);
      return { details: { name: app }, message: `External application '${app}' was deleted` };
    },
  },
  {
    category: 'Robot Account',
    action: 'Create',
    source: 'Identity',
    weight: 0.5,
    build: (s) => {
      const robot = s.rng.pick(ROBOT_ACCOUNTS);
      return {
        details: { userName: robot, name: robot },
        message: `Robot account '${robot}' was created`,
      };
    },
  },
  {
    category: 'Robot Account',
    action: 'Update',
    source: 'Identity',
    weight: 0.3,
    build: (s) => {
      const robot = s.rng.pick(ROBOT_ACCOUNTS);
      return {
        details: { userName: robot, oldValues: { groups: [] }, newValues: { groups: ['Robots'] } },
        message: `Robot account '${robot}' was updated`,
      };
    },
  },
  {
    category: 'Robot Account',
    action: 'Delete',
    source: 'Identity',
    weight: 0.2,
    build: (s) => {
      const robot = s.rng.pick(ROBOT_ACCOUNTS);
      return { details: { userName: robot }, message: `Robot account '${robot}' was deleted` };
    },
  },
  {
    category: 'Licenses',
    action: 'Update',
    source: 'PortalService',
    weight: 0.6,
    build: (s) => {
      const license = s.rng.pick(LICENSES);
      return {
        details: {
          userName: s.other.email,
          oldValues: { licenses: [] },
          newValues: { licenses: [license] },
        },
        message: `Licenses of user '${s.other.email}' were updated`,
      };
    },
  },
];

const WEIGHTS = cumulative(TEMPLATES.map((t) => t.weight));

/** .NET's indented JSON with Windows line breaks, as in UiPath's sample. */
export function dotNetJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, '\r\n');
}

function ranks(values: readonly string[]): Uint16Array {
  const sorted = [...new Set(values)].sort((a, b) => {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return Uint16Array.from(values, (v) => sorted.indexOf(v));
}

const TEMPLATE_RANKS = {
  category: ranks(TEMPLATES.map((t) => t.category)),
  action: ranks(TEMPLATES.map((t) => t.action)),
  source: ranks(TEMPLATES.map((t) => t.source)),
};
const USER_RANKS = {
  email: ranks(USERS.map((u) => u.email)),
  userName: ranks(USERS.map((u) => u.displayName)),
};

export class UiPathPlatformData extends Dataset<UiPathPlatformRecord> {
  readonly vendor = 'uipath-platform-audit' as const;
  private readonly templates = uint8Column();
  private readonly actors = uint8Column();
  private readonly organization: string;
  private sortCache:
    { field: PmSortField; size: number; removed: number; perm: Int32Array } | undefined;

  constructor(seed: number, options: { capacity: number; base: number; organization: string }) {
    super(seed, tickScale(options.base), options.capacity);
    this.organization = options.organization;
  }

  protected addAttributes(rng: Rng): void {
    this.templates.push(pickWeighted(rng, WEIGHTS));
    const r = rng.next();
    this.actors.push(r < 0.1 ? USERS.length - 1 : r < 0.6 ? rng.int(8) : rng.int(PEOPLE.length));
  }

  record(ord: number): UiPathPlatformRecord {
    const key = this.store.key(ord);
    const template = TEMPLATES[this.templates.get(ord)]!;
    const actorIndex = this.actors.get(ord);
    const actor = USERS[actorIndex]!;
    const rng = this.detailsOf(ord);
    const other = PEOPLE[(actorIndex + 1 + rng.int(PEOPLE.length - 1)) % PEOPLE.length]!;
    const { details, message } = template.build({
      actor,
      other,
      rng,
      organization: this.organization,
    });
    return {
      createdOn: isoTicks(this.scale.ms(key), this.scale.sub(key)),
      category: template.category,
      action: template.action,
      auditLogDetails: dotNetJson(details),
      userName: actor.displayName,
      email: actor.email,
      message,
      detailsVersion: '1.0',
      source: template.source,
    };
  }

  /** Live ordinals sorted ascending by a non-time field, ties by insertion order (cached). */
  sortedBy(field: Exclude<PmSortField, 'createdOn'>): Int32Array {
    const { size, removed } = this.store;
    const cache = this.sortCache;
    if (cache?.field === field && cache.size === size && cache.removed === removed)
      return cache.perm;
    const rankOf =
      field === 'email' || field === 'userName'
        ? (ord: number) => USER_RANKS[field][this.actors.get(ord)]!
        : (ord: number) => TEMPLATE_RANKS[field][this.templates.get(ord)]!;
    // Counting sort: O(n), stable, so ties stay in insertion order.
    const counts = new Int32Array(USERS.length + TEMPLATES.length + 1);
    for (let ord = 0; ord < size; ord++) if (this.store.isLive(ord)) counts[rankOf(ord) + 1]!++;
    for (let i = 1; i < counts.length; i++) counts[i]! += counts[i - 1]!;
    const perm = new Int32Array(this.store.live);
    for (let ord = 0; ord < size; ord++) {
      if (this.store.isLive(ord)) perm[counts[rankOf(ord)]!++] = ord;
    }
    this.sortCache = { field, size, removed, perm };
    return perm;
  }
}
