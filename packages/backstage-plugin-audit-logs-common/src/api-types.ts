/** Request and response shapes of the audit-logs backend API (`/api/audit-logs`). */

/** Export formats built in; backend modules may register more. */
export const BUILT_IN_EXPORT_FORMATS = ['ndjson', 'csv'] as const;

/** The largest page `GET /events` returns. */
export const MAX_EVENTS_PAGE_SIZE = 500;
/** The page size when `limit` is not given. */
export const DEFAULT_EVENTS_PAGE_SIZE = 50;
/** The most buckets `GET /stats` returns; a wider range or a finer interval is a 400. */
export const MAX_STATS_BUCKETS = 2000;
/** Values per field of `GET /facets` when `limit` is not given, and the largest `limit`. */
export const DEFAULT_FACET_LIMIT = 50;
export const MAX_FACET_LIMIT = 500;
/** The fields `GET /facets` counts values of. */
export const AUDIT_LOG_FACET_FIELDS = ['action', 'category', 'actor', 'source', 'outcome'] as const;
/** The resource type of the `audit-logs.source.read` permission: one configured source. */
export const AUDIT_LOG_SOURCE_RESOURCE_TYPE = 'audit-log-source';

/** A source's last error, safe to show: never a secret. */
export interface AuditLogSourceError {
  /** auditrelay error code (`AUTH_FAILED`, `NETWORK_ERROR`, …) or `INTERNAL`. */
  code: string;
  message: string;
  /** When the failed run ended (UTC ISO). */
  at: string;
}

/**
 * The completeness report of a sync run: what it delivered and how it showed nothing was
 * missing. `status` is `complete`, `incomplete` (the vendor's paging did not add up: nothing is
 * claimed past the last proven window), `failed`, `unverified` (an extension source without
 * proofs) or `limited`.
 */
export interface AuditLogSourceCompleteness {
  status: string;
  /** When the run ended (UTC ISO). */
  at: string;
  /** Events stored by the run (repeats dropped). */
  delivered: number;
  duplicatesDropped: number;
  /** One entry per window read to its end, with how it was shown complete. */
  windows: Array<{
    start?: string;
    end: string;
    delivered: number;
    vendorCount?: number;
    /** `cursor-exhausted`, `count-reconciled`, `offset-verified`, `split-below-cap`, … */
    method: string;
    detail: string;
  }>;
  /** Server behaviours the run detected and adapted to (stable codes, e.g. `page-size-capped`). */
  behaviours: Array<{ code: string; detail: string }>;
  /** Why the run stopped, when it did not complete. Never a secret. */
  error?: { code: string; message: string };
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
  /** When the oldest stored event of this source occurred (UTC ISO); absent when none is stored. */
  oldestEventAt?: string;
  /**
   * Records set aside because the database refused them even after fitting (see the backend
   * README); ingestion went on past them. Their full JSON is kept in the quarantine table.
   */
  quarantinedCount: number;
  /** Events older than this many days are purged; absent when this source keeps everything. */
  retentionDays?: number;
  /** Present when the last run failed. */
  lastError?: AuditLogSourceError;
  /** How the last sync run showed that it delivered every event of its window (or why not). */
  lastCompleteness?: AuditLogSourceCompleteness;
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
  action: string;
  activity: string;
  category: string;
  target?: { type?: string; id?: string; name?: string };
  description?: string;
  sourceIp?: string;
  outcome: string;
  /** When this backend stored the event. */
  ingestedAt: string;
  /**
   * The catalog User whose `spec.profile.email` is the actor's email (case-insensitive), e.g.
   * `user:default/jane.doe`; absent when none matches or the catalog is not reachable.
   */
  actorEntityRef?: string;
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
  /** `success`, `failure` or `unknown`. */
  outcome?: string;
  /**
   * A catalog User entity ref (`user:default/jane.doe`): events whose actor email is that
   * user's `spec.profile.email`.
   */
  user?: string;
  /**
   * A catalog Group entity ref (`group:default/team-a`): events of the group's direct members
   * (the catalog's `hasMember` / `memberOf` relations).
   */
  group?: string;
  /** Free text over action, description, actor, target and category (case-insensitive). */
  q?: string;
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

export type AuditLogStatsInterval = 'hour' | 'day';
export type AuditLogStatsGroupBy = 'category' | 'source' | 'outcome';

export interface AuditLogStatsRequest extends AuditLogEventQuery {
  /** Default: `day` when the range spans more than 3 days, else `hour`. */
  interval?: AuditLogStatsInterval;
  /** Default `category`. */
  groupBy?: AuditLogStatsGroupBy;
}

export interface AuditLogStatsBucket {
  /** The bucket's start (UTC ISO); a bucket covers one interval from there. */
  start: string;
  /** Events in the bucket. */
  total: number;
  /** Events in the bucket per series (keys of `keys` with a count > 0). */
  counts: Record<string, number>;
}

/** `GET /stats`: events per interval for the filters, by category, source or outcome. */
export interface AuditLogStatsResponse {
  interval: AuditLogStatsInterval;
  groupBy: AuditLogStatsGroupBy;
  /** The series names, by total descending (then name). */
  keys: string[];
  /** Ascending by `start`; buckets without events are left out. */
  buckets: AuditLogStatsBucket[];
}

export type AuditLogFacetField = (typeof AUDIT_LOG_FACET_FIELDS)[number];

export interface AuditLogFacetsRequest extends AuditLogEventQuery {
  /** The fields to count (repeat the parameter); default all of them. */
  field?: AuditLogFacetField[];
  /** Values per field, 1..500, default 50. */
  limit?: number;
}

export interface AuditLogFacetValue {
  /** For `actor`: the email, else the name, else the id. */
  value: string;
  count: number;
}

/** `GET /facets`: the distinct values of each field within the filters, with counts. */
export interface AuditLogFacetsResponse {
  /** Per asked field: by count descending, then value ascending. */
  facets: Partial<Record<AuditLogFacetField, AuditLogFacetValue[]>>;
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
