import type { AuditEvent } from '../models/audit-event.js';
import { hasIdentity, productOf, subjectKind, verbOf } from './classify.js';

export const OCSF_VERSION = '1.8.0';

/** An OCSF 1.8 event: the common attributes plus the class's own (loosely typed). */
export interface OcsfEvent {
  class_uid: number;
  class_name: string;
  category_uid: number;
  category_name: string;
  activity_id: number;
  activity_name: string;
  type_uid: number;
  type_name: string;
  time: number;
  severity_id: number;
  severity: string;
  status_id: number;
  status: string;
  metadata: Record<string, unknown>;
  [attribute: string]: unknown;
}

interface ClassDef {
  uid: number;
  name: string;
  category: [number, string];
  activities: Record<number, string>;
}

const IAM: [number, string] = [3, 'Identity & Access Management'];
const APPLICATION: [number, string] = [6, 'Application Activity'];
const CLASSES = {
  accountChange: {
    uid: 3001,
    name: 'Account Change',
    category: IAM,
    activities: {
      1: 'Create',
      2: 'Enable',
      3: 'Password Change',
      4: 'Password Reset',
      5: 'Disable',
      6: 'Delete',
      9: 'Lock',
      12: 'Unlock',
      99: 'Other',
    },
  },
  authentication: {
    uid: 3002,
    name: 'Authentication',
    category: IAM,
    activities: { 1: 'Logon', 2: 'Logoff', 99: 'Other' },
  },
  entityManagement: {
    uid: 3004,
    name: 'Entity Management',
    category: IAM,
    activities: {
      1: 'Create',
      2: 'Read',
      3: 'Update',
      4: 'Delete',
      5: 'Move',
      8: 'Enable',
      9: 'Disable',
      10: 'Activate',
      11: 'Deactivate',
      99: 'Other',
    },
  },
  userAccess: {
    uid: 3005,
    name: 'User Access Management',
    category: IAM,
    activities: { 1: 'Assign Privileges', 2: 'Revoke Privileges' },
  },
  groupManagement: {
    uid: 3006,
    name: 'Group Management',
    category: IAM,
    activities: { 3: 'Add User', 4: 'Remove User', 5: 'Delete', 6: 'Create', 99: 'Other' },
  },
  apiActivity: {
    uid: 6003,
    name: 'API Activity',
    category: APPLICATION,
    activities: { 1: 'Create', 2: 'Read', 3: 'Update', 4: 'Delete', 99: 'Other' },
  },
} satisfies Record<string, ClassDef>;

const CRUD: Partial<Record<AuditEvent['activity'], number>> = {
  create: 1,
  read: 2,
  update: 3,
  delete: 4,
};

function user(
  value: { id?: string; name?: string; email?: string; type?: string } | undefined,
): Record<string, unknown> {
  return {
    ...(value?.id ? { uid: value.id } : {}),
    ...(value?.name || value?.email ? { name: value.name ?? value.email } : {}),
    ...(value?.email ? { email_addr: value.email } : {}),
  };
}

/** Chooses the OCSF class and activity: the most specific class whose required objects can be filled truthfully. */
function classify(event: AuditEvent): {
  def: ClassDef;
  activityId: number;
  extra: Record<string, unknown>;
} {
  const actorKnown = hasIdentity(event.actor);
  const target = event.target;
  const targetKnown = hasIdentity(target);
  const kind = subjectKind(event);
  const verb = verbOf(event);

  if ((event.activity === 'login' || event.activity === 'logout') && actorKnown) {
    // Authentication needs a service or a destination: the product the user signed in to.
    const { product } = productOf(event.source.type);
    return {
      def: CLASSES.authentication,
      activityId: event.activity === 'login' ? 1 : 2,
      extra: { user: user(event.actor), service: { name: product } },
    };
  }
  if (
    (verb === 'assign' || verb === 'revoke') &&
    targetKnown &&
    (kind === 'role' || kind === 'user')
  ) {
    return {
      def: CLASSES.userAccess,
      activityId: verb === 'assign' ? 1 : 2,
      extra: { user: user(target), privileges: [target?.type ?? event.category].filter(Boolean) },
    };
  }
  if (kind === 'group' && (targetKnown || event.category)) {
    const activityId =
      verb === 'add-member'
        ? 3
        : verb === 'remove-member'
          ? 4
          : event.activity === 'delete'
            ? 5
            : event.activity === 'create'
              ? 6
              : 99;
    const group = targetKnown
      ? {
          ...(target?.id ? { uid: target.id } : {}),
          ...(target?.name ? { name: target.name } : {}),
        }
      : { name: event.category };
    if (Object.keys(group).length > 0)
      return { def: CLASSES.groupManagement, activityId, extra: { group } };
  }
  if (kind === 'user' && targetKnown) {
    const byVerb: Partial<Record<NonNullable<typeof verb>, number>> = {
      enable: 2,
      activate: 2,
      disable: 5,
      deactivate: 5,
      'password-change': 3,
      'password-reset': 4,
      lock: 9,
      unlock: 12,
    };
    const activityId =
      (verb && byVerb[verb]) ??
      (event.activity === 'create' ? 1 : event.activity === 'delete' ? 6 : 99);
    return { def: CLASSES.accountChange, activityId, extra: { user: user(target) } };
  }
  const entityName = target?.name ?? target?.id ?? (kind !== 'other' ? event.category : undefined);
  if (entityName && event.activity !== 'other') {
    const byVerb: Partial<Record<NonNullable<typeof verb>, number>> = {
      move: 5,
      enable: 8,
      disable: 9,
      activate: 10,
      deactivate: 11,
    };
    const activityId = (verb && byVerb[verb]) ?? CRUD[event.activity] ?? 99;
    const entity = {
      name: entityName,
      ...(target?.id ? { uid: target.id } : {}),
      ...(target?.type || event.category ? { type: target?.type ?? event.category } : {}),
    };
    return { def: CLASSES.entityManagement, activityId, extra: { entity } };
  }
  const { product } = productOf(event.source.type);
  return {
    def: CLASSES.apiActivity,
    activityId: CRUD[event.activity] ?? 99,
    extra: {
      api: { operation: event.action || 'unknown', service: { name: product } },
      ...(actorKnown ? {} : { actor: { app_name: product } }),
      src_endpoint: event.sourceIp ? { ip: event.sourceIp } : { name: 'unknown' },
    },
  };
}

const STATUS = {
  success: [1, 'Success'],
  failure: [2, 'Failure'],
  unknown: [0, 'Unknown'],
} as const;

/** Maps a normalized event to the best-fitting OCSF 1.8 class, with every required attribute. */
export function toOcsf(event: AuditEvent): OcsfEvent {
  const { def, activityId, extra } = classify(event);
  const activityName = def.activities[activityId] ?? 'Other';
  const [statusId, status] = STATUS[event.outcome];
  const { vendor, product } = productOf(event.source.type);
  const unmapped: Record<string, unknown> = {
    source_id: event.source.id,
    dedupe_key: event.dedupeKey,
    category: event.category,
    activity: event.activity,
  };
  if (event.changes.length > 0) unmapped.changes = event.changes;
  if (
    event.target &&
    !('entity' in extra) &&
    !('group' in extra) &&
    !('user' in extra && hasIdentity(event.target))
  )
    unmapped.target = event.target;
  return {
    class_uid: def.uid,
    class_name: def.name,
    category_uid: def.category[0],
    category_name: def.category[1],
    activity_id: activityId,
    activity_name: activityName,
    type_uid: def.uid * 100 + activityId,
    type_name: `${def.name}: ${activityName}`,
    time: Date.parse(event.occurredAt),
    severity_id: 1,
    severity: 'Informational',
    status_id: statusId,
    status,
    ...(event.description ? { message: event.description } : {}),
    metadata: {
      version: OCSF_VERSION,
      product: { name: product, vendor_name: vendor },
      uid: event.id,
      original_time: event.originalTime,
      event_code: event.action,
      log_name: event.source.id,
      log_provider: 'auditrelay',
    },
    ...(hasIdentity(event.actor) ? { actor: { user: user(event.actor) } } : {}),
    ...(event.sourceIp ? { src_endpoint: { ip: event.sourceIp } } : {}),
    ...extra,
    raw_data: JSON.stringify(event.raw),
    unmapped,
  };
}
