import type { AuditEvent } from '../../models/audit-event.js';
import { AUDIT_EVENT_SCHEMA_VERSION } from '../../models/audit-event.js';
import { toActivity } from '../../normalize/activity.js';
import { extractSourceIp } from '../../normalize/source-ip.js';
import { stableHash } from '../../normalize/stable-hash.js';
import { toUtcIso } from '../../normalize/time.js';
import type { KoreXoRecord } from './response-schema.js';

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;

/** The acting user, when the description names one ("User jane@acme.com logged in …"). */
function actorFromDescription(description: string, category: string): AuditEvent['actor'] {
  const match = /^User\s+(\S+)/i.exec(description);
  const candidate = match?.[1];
  if (candidate && EMAIL.test(candidate))
    return { email: candidate.replace(/[.,;]$/, ''), type: 'user' };
  // Sign-in events name the user anywhere in the text ("Login failed for jane@acme.com …").
  const anywhere = /login|logout/i.test(category) ? EMAIL.exec(description)?.[0] : undefined;
  return anywhere ? { email: anywhere.replace(/[.,;]$/, ''), type: 'user' } : {};
}

/** "User a@x.com created user b@x.com": the second address is whom the action was about. */
function targetFromDescription(description: string, category: string): AuditEvent['target'] {
  // Only where the category says what the second party is: in "transferred bot X to b@x.com"
  // the event is about the bot, not the user.
  if (!/user management/i.test(category)) return undefined;
  const emails = description.match(new RegExp(EMAIL.source, 'g')) ?? [];
  const subject = emails.find((email, index) => index > 0 && email !== emails[0]);
  return subject ? { type: 'user', name: subject.replace(/[.,;]$/, '') } : undefined;
}

function outcomeOf(name: string, description: string): AuditEvent['outcome'] {
  const text = `${name} ${description}`;
  if (/\b(fail|failed|failure|denied|invalid|error)\b/i.test(text)) return 'failure';
  if (/\bsuccess/i.test(text)) return 'success';
  return 'success';
}

export function normalizeKoreXoRecord(
  record: KoreXoRecord,
  source: { type: string; id: string },
): AuditEvent {
  const originalTime =
    record['Date/Time'] ?? (record.timestampValue != null ? String(record.timestampValue) : '');
  const occurredAt =
    toUtcIso(record['Date/Time'] ?? undefined) ??
    toUtcIso(record.timestampValue ?? undefined) ??
    new Date(0).toISOString();
  const description = record.Description ?? '';
  const name = record.Name ?? '';
  // Ids are documented as unique, but the vendor's own sample repeats one: the key also covers
  // the record's content, so distinct records never collapse and re-reads still match.
  const contentHash = stableHash(record, 16);
  return {
    schemaVersion: AUDIT_EVENT_SCHEMA_VERSION,
    id: record.AuditLogId,
    dedupeKey: `${source.type}:${source.id}:${record.AuditLogId}:${contentHash}`,
    source,
    occurredAt,
    originalTime,
    actor: actorFromDescription(description, record.Category ?? ''),
    action: name,
    activity: toActivity(name, record.Category ?? undefined),
    category: record.Category ?? '',
    target: targetFromDescription(description, record.Category ?? ''),
    description: description || undefined,
    sourceIp: extractSourceIp(description),
    outcome: outcomeOf(name, description),
    changes: [],
    raw: record,
  };
}
