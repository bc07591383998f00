import { z } from 'zod/v4';

export const AUDIT_EVENT_SCHEMA_VERSION = 1;

export const ACTIVITIES = [
  'create',
  'read',
  'update',
  'delete',
  'login',
  'logout',
  'other',
] as const;
export type Activity = (typeof ACTIVITIES)[number];

export const OUTCOMES = ['success', 'failure', 'unknown'] as const;
export type Outcome = (typeof OUTCOMES)[number];

const changeSchema = z.object({
  field: z.string(),
  from: z.unknown().optional(),
  to: z.unknown().optional(),
});

/** The normalized audit event every host consumes. Versioned by `schemaVersion`. */
export const auditEventSchema = z.object({
  schemaVersion: z.literal(AUDIT_EVENT_SCHEMA_VERSION),
  /** The vendor's id for the record; derived from its content when the vendor has none. */
  id: z.string().min(1),
  /** Deterministic and unique per source: the key every host dedupes and upserts on. */
  dedupeKey: z.string().min(1),
  source: z.object({ type: z.string(), id: z.string() }),
  /** UTC ISO-8601 with milliseconds and `Z`. */
  occurredAt: z.string(),
  /** The vendor's timestamp exactly as sent (UiPath has 7-digit fractions). */
  originalTime: z.string(),
  actor: z.object({
    id: z.string().optional(),
    name: z.string().optional(),
    email: z.string().optional(),
    type: z.string().optional(),
  }),
  /** The vendor's verb, untouched. */
  action: z.string(),
  activity: z.enum(ACTIVITIES),
  category: z.string(),
  target: z
    .object({ type: z.string().optional(), id: z.string().optional(), name: z.string().optional() })
    .optional(),
  /** Plain text (HTML converted). */
  description: z.string().optional(),
  sourceIp: z.string().optional(),
  outcome: z.enum(OUTCOMES),
  changes: z.array(changeSchema),
  /** The untouched vendor record. */
  raw: z.unknown(),
});

export type AuditEvent = z.infer<typeof auditEventSchema>;
export type AuditEventChange = z.infer<typeof changeSchema>;
