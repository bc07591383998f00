import type { AuditEvent } from '../models/audit-event.js';
import { sourceDefinition } from '../sources/registry.js';

/** What the event is about, judged from its target and category. */
export type SubjectKind = 'user' | 'group' | 'role' | 'other';

const USER =
  /^(users?|accounts?|robot ?accounts?|robots?|service ?accounts?|serviceaccount|userenrollment|user management|directoryuser|external ?applications?)$/i;
const GROUP = /group/i;
const ROLE = /role|privilege|permission|api scope/i;

export function subjectKind(event: AuditEvent): SubjectKind {
  const labels = [event.target?.type, event.category].filter((v): v is string => Boolean(v));
  if (labels.some((l) => GROUP.test(l))) return 'group';
  if (labels.some((l) => ROLE.test(l))) return 'role';
  if (labels.some((l) => USER.test(l.trim()))) return 'user';
  return 'other';
}

/** Verb hints beyond the normalized activity, from the vendor's own words. */
export type Verb =
  | 'assign'
  | 'revoke'
  | 'add-member'
  | 'remove-member'
  | 'enable'
  | 'disable'
  | 'activate'
  | 'deactivate'
  | 'password-change'
  | 'password-reset'
  | 'lock'
  | 'unlock'
  | 'move'
  | undefined;

export function verbOf(event: AuditEvent): Verb {
  const text = `${event.action} ${event.description ?? ''}`
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  const action = event.action.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  if (/\badd(ed)? ?(group )?member|\badded .* to (the )?group|\badd user/.test(text))
    return 'add-member';
  if (/\bremove(d)? ?(group )?member|\bremoved .* from (the )?group|\bremove user/.test(text))
    return 'remove-member';
  if (/\bunassign|\brevoke/.test(action)) return 'revoke';
  if (/\bassign|\bgrant/.test(action)) return 'assign';
  if (/password ?reset|reset ?password/.test(text)) return 'password-reset';
  if (/password/.test(action)) return 'password-change';
  if (/\bunlock/.test(action)) return 'unlock';
  if (/\block/.test(action)) return 'lock';
  if (/\bdeactivat/.test(action)) return 'deactivate';
  if (/\bactivat/.test(action)) return 'activate';
  if (/\bdisabl/.test(action)) return 'disable';
  if (/\benabl/.test(action)) return 'enable';
  if (/\bmove|\bmigrate/.test(action)) return 'move';
  return undefined;
}

export function hasIdentity(
  value: { id?: string; name?: string; email?: string } | undefined,
): boolean {
  return Boolean(value && (value.id || value.name || value.email));
}

/** Vendor and product names per source type (from its definition), for metadata and observer fields. */
export function productOf(sourceType: string): { vendor: string; product: string } {
  const definition = sourceDefinition(sourceType);
  return definition
    ? { vendor: definition.vendor, product: definition.product }
    : { vendor: sourceType, product: sourceType };
}
