import type { AuditEvent } from '../../models/audit-event.js';
import { AUDIT_EVENT_SCHEMA_VERSION } from '../../models/audit-event.js';
import { toActivity } from '../../normalize/activity.js';
import { extractSourceIp } from '../../normalize/source-ip.js';
import { stableHash } from '../../normalize/stable-hash.js';
import { toUtcIso } from '../../normalize/time.js';
import type { KoreXoRecord } from './response-schema.js';

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;

/** The acting user, when the description names one ("User jane@acme.com logged in …"). */
function actorFromDescription(description: string): AuditEvent['actor'] {
  const match = /^User\s+(\S+)/i.exec(description);
  const candidate = match?.[1];
  if (candidate && EMAIL.test(candidate))
    return { email: candidate.replace(/[.,;]$/, ''), type: 'user' };
  return {};
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
    actor: actorFromDescription(description),
    action: name,
    activity: toActivity(name, record.Category ?? undefined),
    category: record.Category ?? '',
    target: undefined,
    description: description || undefined,
    sourceIp: extractSourceIp(description),
    outcome: outcomeOf(name, description),
    changes: [],
    raw: record,
  };
}
