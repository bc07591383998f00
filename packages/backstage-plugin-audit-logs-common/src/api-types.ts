/** Request and response shapes of the audit-logs backend API (`/api/audit-logs`). */

/** Export formats built in; backend modules may register more. */
export const BUILT_IN_EXPORT_FORMATS = ['ndjson', 'csv'] as const;

/** The largest page `GET /events` returns. */
export const MAX_EVENTS_PAGE_SIZE = 500;
/** The page size when `limit` is not given. */
export const DEFAULT_EVENTS_PAGE_SIZE = 50;

/** A source's last error, safe to show: never a secret. */
export interface AuditLogSourceError {
  /** auditrelay error code (`AUTH_FAILED`, `NETWORK_ERROR`, …) or `INTERNAL`. */
  code: string;
  message: string;
  /** When the failed run ended (UTC ISO). */
  at: string;
}

/** One configured source and its ingestion state (`GET /sources`). */
export interface AuditLogSourceStatus {
  id: string;
  type: string;
  name: string;
  /** When the last run started (UTC ISO), if any. */
  lastRunAt?: string;
  /** When the last successful run ended. */
  lastSuccessAt?: string;
  /** Every event before this instant has been stored. */
  watermark?: string;
  /** Seconds between now and the watermark; undefined before the first successful run. */
  lagSeconds?: number;
  /** Events stored for this source. */
  storedCount: number;
  /** Present when the last run failed. */
  lastError?: AuditLogSourceError;
  /** The oldest event kept for this source (UTC ISO), if any. */
  oldestEventAt?: string;
  /** Records of this source held in quarantine instead of being stored as events. */
  quarantinedCount: number;
  /** How many days of events are kept, when retention is configured. */
  retentionDays?: number;
}

export interface ListSourcesResponse {
  items: AuditLogSourceStatus[];
}

/** One stored event in a list: the normalized fields, without `raw` and `changes`. */
export interface AuditLogEventSummary {
  /** The store's id of this event, for `GET /events/:id`. */
  id: string;
  /** The vendor's id of the record. */
  eventId: string;
  dedupeKey: string;
  source: { id: string; type: string };
  occurredAt: string;
  actor: { id?: string; name?: string; email?: string; type?: string };
  /** The catalog User entity the actor resolved to, e.g. `user:default/jane.doe`. */
  actorEntityRef?: string;
  action: string;
  activity: string;
  category: string;
  target?: { type?: string; id?: string; name?: string };
  description?: string;
  sourceIp?: string;
  outcome: string;
  /** When this backend stored the event. */
  ingestedAt: string;
}

/** One stored event with everything (`GET /events/:id`). */
export interface AuditLogEventDetail extends AuditLogEventSummary {
  schemaVersion: number;
  originalTime: string;
  changes: { field: string; from?: unknown; to?: unknown }[];
  /** The untouched vendor record. */
  raw: unknown;
}

/** Filters of `GET /events`, `GET /events/export`, `GET /stats` and `GET /facets`. */
export interface AuditLogEventQuery {
  /** Source ids (repeat the parameter or separate with commas). */
  source?: string[];
  /** Inclusive lower bound on `occurredAt` (ISO-8601). */
  from?: string;
  /** Exclusive upper bound on `occurredAt` (ISO-8601). */
  to?: string;
  /** Matches the actor's id, email or name (case-insensitive, exact). */
  actor?: string;
  action?: string;
  category?: string;
  /** Free text over action, description, actor, target and category (case-insensitive). */
  q?: string;
  outcome?: string;
  /** Events whose actor resolved to this catalog User entity ref (`user:default/jane.doe`). */
  user?: string;
  /** Events of the members of this catalog Group entity ref (`group:default/team-a`). */
  group?: string;
}

export interface ListEventsRequest extends AuditLogEventQuery {
  /** 1..500, default 50. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface ListEventsResponse {
  /** Newest first. */
  items: AuditLogEventSummary[];
  /** Present when there are more events: pass it as `cursor`. */
  nextCursor?: string;
}

/** The bucket size of `GET /stats`. */
export type AuditLogStatsInterval = 'hour' | 'day';
/** What `GET /stats` counts each bucket by. */
export type AuditLogStatsGroupBy = 'category' | 'source' | 'outcome';

export interface AuditLogStatsRequest extends AuditLogEventQuery {
  /** Default: `day` when the range spans more than 3 days, else `hour`. */
  interval?: AuditLogStatsInterval;
  /** Default: `category`. */
  groupBy?: AuditLogStatsGroupBy;
}

/** `GET /stats`: events per hour or day of the filters, counted by one field. */
export interface AuditLogStatsResponse {
  interval: 'hour' | 'day';
  groupBy: 'category' | 'source' | 'outcome';
  /** Every value of the grouped field that occurs in a bucket. */
  keys: string[];
  /** Ascending by `start`; buckets without events are left out. */
  buckets: Array<{ start: string; total: number; counts: Record<string, number> }>;
}

/** The fields `GET /facets` can count. */
export type AuditLogFacetField = 'action' | 'category' | 'actor' | 'source' | 'outcome';

export interface AuditLogFacetsRequest extends AuditLogEventQuery {
  /** The fields to count (repeat the parameter). */
  field: AuditLogFacetField[];
  /** The most values returned per field. */
  limit?: number;
}

/** `GET /facets`: the distinct values of each requested field within the filters, with counts. */
export interface AuditLogFacetsResponse {
  facets: Partial<
    Record<
      'action' | 'category' | 'actor' | 'source' | 'outcome',
      Array<{ value: string; count: number }>
    >
  >;
}

export interface SyncSourceResponse {
  sourceId: string;
  /** `triggered`: a run starts within seconds (on whichever replica holds the task). */
  status: 'triggered';
}

/** The error body of every 4xx/5xx answer (Backstage's standard shape). */
export interface AuditLogsErrorResponse {
  error: { name: string; message: string };
  request?: { method: string; url: string };
  response: { statusCode: number };
}
