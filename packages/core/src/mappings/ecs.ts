import type { AuditEvent } from '../models/audit-event.js';
import { hasIdentity, productOf, subjectKind, verbOf } from './classify.js';

export const ECS_VERSION = '8.17.0';

/** An Elastic Common Schema document (nested objects, as Elasticsearch ingests them). */
export type EcsDocument = Record<string, unknown> & {
  '@timestamp': string;
  event: Record<string, unknown>;
};

function categorize(event: AuditEvent): { category: string[]; type: string[] } {
  if (event.activity === 'login') return { category: ['authentication'], type: ['start'] };
  if (event.activity === 'logout') return { category: ['authentication'], type: ['end'] };
  const kind = subjectKind(event);
  const verb = verbOf(event);
  const change =
    event.activity === 'create'
      ? 'creation'
      : event.activity === 'delete'
        ? 'deletion'
        : event.activity === 'read'
          ? 'info'
          : 'change';
  if (kind === 'user') return { category: ['iam'], type: ['user', change] };
  if (kind === 'group' || verb === 'add-member' || verb === 'remove-member')
    return { category: ['iam'], type: ['group', change] };
  if (kind === 'role' || verb === 'assign' || verb === 'revoke')
    return { category: ['iam'], type: ['admin', change] };
  if (event.activity === 'read') return { category: ['configuration'], type: ['access'] };
  if (event.activity === 'other') return { category: ['api'], type: ['info'] };
  return { category: ['configuration'], type: [change] };
}

const USER_CHANGE_FIELDS = new Set([
  'name',
  'email',
  'full_name',
  'fullName',
  'id',
  'domain',
  'roles',
]);

/** Maps a normalized event to an ECS document: event.*, user.*, user.target.*, user.changes.*, source.ip, related.*. */
export function toEcs(event: AuditEvent): EcsDocument {
  const { vendor, product } = productOf(event.source.type);
  const { category, type } = categorize(event);
  const kind = subjectKind(event);
  const actor = event.actor;
  const target = event.target;
  const userDoc: Record<string, unknown> = {
    ...(actor.id ? { id: actor.id } : {}),
    ...(actor.name || actor.email ? { name: actor.name ?? actor.email } : {}),
    ...(actor.email ? { email: actor.email } : {}),
  };
  if (kind === 'user' && hasIdentity(target)) {
    userDoc.target = {
      ...(target?.id ? { id: target.id } : {}),
      ...(target?.name ? { name: target.name } : {}),
    };
    const changes = Object.fromEntries(
      event.changes
        .filter(
          (c) =>
            USER_CHANGE_FIELDS.has(c.field) && (typeof c.to === 'string' || Array.isArray(c.to)),
        )
        .map((c) => [c.field === 'fullName' ? 'full_name' : c.field, c.to]),
    );
    if (Object.keys(changes).length > 0) userDoc.changes = changes;
  }
  const relatedUsers = [
    ...new Set(
      [actor.name, actor.email, actor.id, kind === 'user' ? target?.name : undefined].filter(
        (v): v is string => Boolean(v),
      ),
    ),
  ];
  return {
    '@timestamp': event.occurredAt,
    ecs: { version: ECS_VERSION },
    ...(event.description ? { message: event.description } : {}),
    event: {
      kind: 'event',
      category,
      type,
      action: event.action,
      outcome: event.outcome,
      id: event.id,
      dataset: `auditrelay.${event.source.type.replace(/-/g, '_')}`,
      module: 'auditrelay',
      provider: event.source.type,
      original: JSON.stringify(event.raw),
    },
    observer: { vendor, product, type: 'audit' },
    ...(Object.keys(userDoc).length > 0 ? { user: userDoc } : {}),
    ...(kind === 'group' && hasIdentity(target)
      ? {
          group: {
            ...(target?.id ? { id: target.id } : {}),
            ...(target?.name ? { name: target.name } : {}),
          },
        }
      : {}),
    ...(event.sourceIp ? { source: { ip: event.sourceIp } } : {}),
    related: {
      ...(relatedUsers.length > 0 ? { user: relatedUsers } : {}),
      ...(event.sourceIp ? { ip: [event.sourceIp] } : {}),
    },
    labels: { auditrelay_source_id: event.source.id, auditrelay_category: event.category },
    auditrelay: {
      dedupe_key: event.dedupeKey,
      activity: event.activity,
      ...(event.changes.length > 0 ? { changes: event.changes } : {}),
    },
  };
}
