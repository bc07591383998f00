// Kore.ai XO Admin Console audit log records.

import { Dataset, MS_SCALE } from '../dataset.js';
import { ObjectIds } from '../object-ids.js';
import type { IdMode } from '../object-ids.js';
import type { StoreRange } from '../record-store.js';
import { uint8Column } from '../growable.js';
import { isoMs, koreLocalTime } from '../iso-time.js';
import { APPS, BOTS, GROUPS, IPS, PEOPLE, ROLES } from '../pools.js';
import type { Person } from '../pools.js';
import { cumulative, pickWeighted } from '../random.js';
import type { Rng } from '../random.js';
import type { GroundTruthQuery } from '../types.js';

export interface KoreXoRecord {
  timestampValue: number;
  'Date/Time': string;
  Description: string;
  Name: string;
  Category: string;
  AuditLogId: string;
}

interface Scene {
  actor: Person;
  other: Person;
  ip: string;
  local: string;
  rng: Rng;
}

interface Template {
  category: string;
  name: string;
  weight: number;
  describe(s: Scene): string;
}

const via = (s: Scene): string => `at ${s.local} from ${s.ip} via web`;

const TEMPLATES: readonly Template[] = [
  {
    category: 'Login/Logout',
    name: 'Login',
    weight: 30,
    describe: (s) => `User ${s.actor.email} logged in ${via(s)}`,
  },
  {
    category: 'Login/Logout',
    name: 'Logout',
    weight: 24,
    describe: (s) => `User ${s.actor.email} logged out ${via(s)}`,
  },
  {
    category: 'Login/Logout',
    name: 'Login - Failed',
    weight: 5,
    describe: (s) => `Login failed for user ${s.actor.email} ${via(s)}`,
  },
  {
    category: 'User Management',
    name: 'User Created',
    weight: 4,
    describe: (s) => `User ${s.actor.email} created user ${s.other.email}`,
  },
  {
    category: 'User Management',
    name: 'User Modified',
    weight: 4,
    describe: (s) => `User ${s.actor.email} modified user ${s.other.email}`,
  },
  {
    category: 'User Management',
    name: 'User Deleted',
    weight: 1.2,
    describe: (s) => `User ${s.actor.email} deleted user ${s.other.email}`,
  },
  {
    category: 'User Management',
    name: 'User Activated',
    weight: 1,
    describe: (s) => `User ${s.actor.email} activated user ${s.other.email}`,
  },
  {
    category: 'User Management',
    name: 'User Deactivated',
    weight: 1,
    describe: (s) => `User ${s.actor.email} deactivated user ${s.other.email}`,
  },
  {
    category: 'Group Management',
    name: 'Group Created',
    weight: 0.8,
    describe: (s) => `User ${s.actor.email} created group ${s.rng.pick(GROUPS)}`,
  },
  {
    category: 'Group Management',
    name: 'Group Modified',
    weight: 1.6,
    describe: (s) => `User ${s.actor.email} added ${s.other.email} to group ${s.rng.pick(GROUPS)}`,
  },
  {
    category: 'Group Management',
    name: 'Group Deleted',
    weight: 0.3,
    describe: (s) => `User ${s.actor.email} deleted group ${s.rng.pick(GROUPS)}`,
  },
  {
    category: 'Role Management',
    name: 'Role Created',
    weight: 0.5,
    describe: (s) => `User ${s.actor.email} created role ${s.rng.pick(ROLES)}`,
  },
  {
    category: 'Role Management',
    name: 'Role Modified',
    weight: 0.9,
    describe: (s) => `User ${s.actor.email} modified role ${s.rng.pick(ROLES)}`,
  },
  {
    category: 'Role Management',
    name: 'Role Assigned',
    weight: 1.5,
    describe: (s) => `User ${s.actor.email} assigned role ${s.rng.pick(ROLES)} to ${s.other.email}`,
  },
  {
    category: 'Role Management',
    name: 'Role Deleted',
    weight: 0.2,
    describe: (s) => `User ${s.actor.email} deleted role ${s.rng.pick(ROLES)}`,
  },
  {
    category: 'Bot Management',
    name: 'Bot Published',
    weight: 3,
    describe: (s) => `User ${s.actor.email} published bot ${s.rng.pick(BOTS)}`,
  },
  {
    category: 'Bot Management',
    name: 'Bot Deleted',
    weight: 0.4,
    describe: (s) => `User ${s.actor.email} deleted bot ${s.rng.pick(BOTS)}`,
  },
  {
    category: 'Bot Management',
    name: 'Bot Imported',
    weight: 0.6,
    describe: (s) => `User ${s.actor.email} imported bot ${s.rng.pick(BOTS)}`,
  },
  {
    category: 'Bot Management',
    name: 'Bot Ownership Transferred',
    weight: 0.4,
    describe: (s) =>
      `User ${s.actor.email} transferred ownership of bot ${s.rng.pick(BOTS)} to ${s.other.email}`,
  },
  {
    category: 'App Management',
    name: 'App creation - Success',
    weight: 0.8,
    describe: (s) => `New app ${s.rng.pick(APPS)} created`,
  },
  {
    category: 'App Management',
    name: 'App Modified',
    weight: 0.6,
    describe: (s) => `User ${s.actor.email} modified app ${s.rng.pick(APPS)}`,
  },
  {
    category: 'App Management',
    name: 'App Deleted',
    weight: 0.2,
    describe: (s) => `User ${s.actor.email} deleted app ${s.rng.pick(APPS)}`,
  },
  {
    category: 'Security & Control',
    name: 'API Scope Modified',
    weight: 0.7,
    describe: (s) => `User ${s.actor.email} modified API scopes of app ${s.rng.pick(APPS)}`,
  },
  {
    category: 'Security & Control',
    name: 'Password Policy Modified',
    weight: 0.2,
    describe: (s) => `User ${s.actor.email} modified the password policy`,
  },
  {
    category: 'Security & Control',
    name: 'SSO Configuration Modified',
    weight: 0.2,
    describe: (s) => `User ${s.actor.email} modified the SSO configuration`,
  },
  {
    category: 'Security & Control',
    name: 'IP Restrictions Modified',
    weight: 0.2,
    describe: (s) => `User ${s.actor.email} modified IP restrictions`,
  },
  {
    category: 'Security & Control',
    name: 'Session Timeout Modified',
    weight: 0.1,
    describe: (s) =>
      `User ${s.actor.email} changed the session timeout to ${s.rng.pick([15, 30, 60, 120])} minutes`,
  },
];

const WEIGHTS = cumulative(TEMPLATES.map((t) => t.weight));

export class KoreXoData extends Dataset<KoreXoRecord> {
  readonly vendor = 'kore-xo-admin-console' as const;
  readonly ids: ObjectIds;
  private readonly templates = uint8Column();
  private readonly actors = uint8Column();

  constructor(seed: number, capacity: number, ids: IdMode = 'arrival') {
    super(seed, MS_SCALE, capacity);
    this.ids = new ObjectIds(seed, ids);
  }

  protected addAttributes(rng: Rng): void {
    this.templates.push(pickWeighted(rng, WEIGHTS));
    // A few admins do most of the administration.
    this.actors.push(rng.chance(0.5) ? rng.int(6) : rng.int(PEOPLE.length));
  }

  id(ord: number): string {
    return this.ids.id(this.store.arrival(ord), ord);
  }

  record(ord: number): KoreXoRecord {
    const time = this.scale.ms(this.store.key(ord));
    const template = TEMPLATES[this.templates.get(ord)]!;
    const actorIndex = this.actors.get(ord);
    const actor = PEOPLE[actorIndex]!;
    const rng = this.detailsOf(ord);
    const other = PEOPLE[(actorIndex + 1 + rng.int(PEOPLE.length - 1)) % PEOPLE.length]!;
    const ip = rng.chance(0.7) ? IPS[(actorIndex * 3) % IPS.length]! : rng.pick(IPS);
    const local = koreLocalTime(time, actor.zone);
    return {
      timestampValue: time,
      'Date/Time': isoMs(time),
      Description: template.describe({ actor, other, ip, local, rng }),
      Name: template.name,
      Category: template.category,
      AuditLogId: this.id(ord),
    };
  }

  protected override ordRangeFor(query: GroundTruthQuery): Pick<StoreRange, 'ordLo'> {
    if (query.fetchAfter === undefined) return {};
    const after = this.ids.after(query.fetchAfter, this.store);
    return 'ordLo' in after ? after : {};
  }

  protected override filterFor(query: GroundTruthQuery): ((ord: number) => boolean) | undefined {
    if (query.fetchAfter === undefined) return undefined;
    const after = this.ids.after(query.fetchAfter, this.store);
    return 'test' in after ? after.test : undefined;
  }
}
