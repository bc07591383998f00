import type {
  AuditLogEventDetail,
  AuditLogEventQuery,
  AuditLogEventSummary,
  AuditLogFacetField,
  AuditLogFacetsRequest,
  AuditLogFacetsResponse,
  AuditLogSourceStatus,
  AuditLogStatsRequest,
  AuditLogStatsResponse,
  ListEventsRequest,
  ListEventsResponse,
  ListSourcesResponse,
} from '@auditrelay/backstage-plugin-audit-logs-common';
import type { AuditLogsApi } from '../api.js';

/** Facet fields, in the order the fake answers them. */
const FACET_FIELDS: AuditLogFacetField[] = ['action', 'category', 'actor', 'source', 'outcome'];

/** The value of a facet field for an event (the actor as the backend's actor filter reads it). */
function facetValue(e: AuditLogEventSummary, field: AuditLogFacetField): string | undefined {
  if (field === 'source') return e.source.id;
  if (field === 'actor') return e.actor.email ?? e.actor.id ?? e.actor.name;
  return e[field];
}

/**
 * An in-memory AuditLogsApi with the backend's filter, cursor, stats and facet semantics,
 * recording calls. `groupMembers` maps a Group entity ref to its members' User entity refs.
 */
export class FakeAuditLogsApi implements AuditLogsApi {
  readonly listEventsCalls: ListEventsRequest[] = [];
  readonly statsCalls: AuditLogStatsRequest[] = [];
  readonly facetsCalls: AuditLogFacetsRequest[] = [];
  readonly exportCalls: { query: AuditLogEventQuery; format: string }[] = [];
  failWith?: Error;
  /** Makes only `/stats` and `/facets` fail (a backend without them answers 404). */
  failStatsAndFacetsWith?: Error;
  groupMembers: Record<string, string[]> = {};
  now = new Date(Date.UTC(2026, 10, 20, 12, 0, 0));

  constructor(
    public sources: AuditLogSourceStatus[],
    public events: AuditLogEventDetail[],
  ) {}

  async listSources(): Promise<ListSourcesResponse> {
    await Promise.resolve();
    if (this.failWith) throw this.failWith;
    return { items: this.sources };
  }

  async listEvents(request: ListEventsRequest): Promise<ListEventsResponse> {
    await Promise.resolve();
    this.listEventsCalls.push(request);
    if (this.failWith) throw this.failWith;
    const matching = this.#matching(request);
    const start = request.cursor ? Number(request.cursor) : 0;
    const limit = request.limit ?? 50;
    const items = matching
      .slice(start, start + limit)
      .map(({ raw: _r, changes: _c, schemaVersion: _s, originalTime: _o, ...summary }) => summary);
    return start + limit < matching.length
      ? { items, nextCursor: String(start + limit) }
      : { items };
  }

  async getEvent(id: string): Promise<AuditLogEventDetail> {
    await Promise.resolve();
    const event = this.events.find((e) => e.id === id);
    if (!event) throw new Error(`no event ${id}`);
    return event;
  }

  async getStats(request: AuditLogStatsRequest): Promise<AuditLogStatsResponse> {
    await Promise.resolve();
    this.statsCalls.push(request);
    const failure = this.failWith ?? this.failStatsAndFacetsWith;
    if (failure) throw failure;
    const from = request.from ? Date.parse(request.from) : undefined;
    const to = request.to ? Date.parse(request.to) : this.now.getTime();
    const interval =
      request.interval ?? (from === undefined || to - from > 3 * 86_400_000 ? 'day' : 'hour');
    const groupBy = request.groupBy ?? 'category';
    const size = interval === 'day' ? 86_400_000 : 3_600_000;
    const buckets = new Map<number, { total: number; counts: Record<string, number> }>();
    const keys = new Set<string>();
    for (const e of this.#matching(request)) {
      const start = Math.floor(Date.parse(e.occurredAt) / size) * size;
      const key = groupBy === 'source' ? e.source.id : e[groupBy];
      const bucket = buckets.get(start) ?? { total: 0, counts: {} };
      bucket.total++;
      bucket.counts[key] = (bucket.counts[key] ?? 0) + 1;
      buckets.set(start, bucket);
      keys.add(key);
    }
    return {
      interval,
      groupBy,
      keys: [...keys].sort(),
      buckets: [...buckets.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([start, b]) => ({ start: new Date(start).toISOString(), ...b })),
    };
  }

  async getFacets(request: AuditLogFacetsRequest): Promise<AuditLogFacetsResponse> {
    await Promise.resolve();
    this.facetsCalls.push(request);
    const failure = this.failWith ?? this.failStatsAndFacetsWith;
    if (failure) throw failure;
    const matching = this.#matching(request);
    const facets: AuditLogFacetsResponse['facets'] = {};
    for (const field of FACET_FIELDS.filter((f) => (request.field ?? FACET_FIELDS).includes(f))) {
      const counts = new Map<string, number>();
      for (const e of matching) {
        const value = facetValue(e, field);
        if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      facets[field] = [...counts.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, request.limit ?? 50)
        .map(([value, count]) => ({ value, count }));
    }
    return { facets };
  }

  async exportEvents(query: AuditLogEventQuery, format: string) {
    await Promise.resolve();
    this.exportCalls.push({ query, format });
    return { blob: new Blob(['{}\n']), fileName: `audit-events.${format}` };
  }

  getExportUrl(): Promise<string> {
    return Promise.resolve('http://backend/api/audit-logs/events/export');
  }

  /** The events matching the filters, newest first. */
  #matching(query: AuditLogEventQuery): AuditLogEventDetail[] {
    const lower = (s?: string) => s?.toLowerCase();
    const members = query.group ? (this.groupMembers[query.group] ?? []) : undefined;
    return this.events
      .filter((e) => !query.source?.length || query.source.includes(e.source.id))
      .filter((e) => !query.from || e.occurredAt >= query.from)
      .filter((e) => !query.to || e.occurredAt < query.to)
      .filter(
        (e) =>
          !query.actor ||
          [e.actor.id, e.actor.email, e.actor.name].some((v) => lower(v) === lower(query.actor)),
      )
      .filter((e) => !query.action || e.action === query.action)
      .filter((e) => !query.category || e.category === query.category)
      .filter((e) => !query.outcome || e.outcome === query.outcome)
      .filter((e) => !query.user || e.actorEntityRef === query.user)
      .filter(
        (e) => !members || (e.actorEntityRef !== undefined && members.includes(e.actorEntityRef)),
      )
      .filter(
        (e) =>
          !query.q ||
          JSON.stringify([e.action, e.description, e.actor, e.target, e.category])
            .toLowerCase()
            .includes(query.q.toLowerCase()),
      )
      .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
  }
}

export function makeEvent(
  n: number,
  overrides: Partial<AuditLogEventDetail> = {},
): AuditLogEventDetail {
  const occurredAt = new Date(Date.UTC(2026, 10, 20, 12, 0, 0) - n * 3_600_000).toISOString();
  return {
    id: String(n),
    eventId: `vendor-${n}`,
    dedupeKey: `kore-xo:${n}`,
    source: { id: 'kore-xo', type: 'kore-xo-admin-console' },
    occurredAt,
    originalTime: occurredAt,
    actor: {
      id: `u${n % 3}`,
      name: `User ${n % 3}`,
      email: `user${n % 3}@example.com`,
      type: 'user',
    },
    // Actors u1 and u2 are catalog users; u0 is not in the catalog.
    ...(n % 3 ? { actorEntityRef: `user:default/user${n % 3}` } : {}),
    action: n % 2 ? 'bot.publish' : 'user.login',
    activity: n % 2 ? 'Publish bot' : 'Login',
    category: n % 2 ? 'Bot Management' : 'Login/Logout',
    target: { type: 'bot', id: `b${n}`, name: `Bot ${n}` },
    description: `Event number ${n}`,
    outcome: 'success',
    ingestedAt: occurredAt,
    schemaVersion: 1,
    changes: [],
    raw: { id: `vendor-${n}` },
    ...overrides,
  };
}

export const SOURCES: AuditLogSourceStatus[] = [
  {
    id: 'kore-xo',
    type: 'kore-xo-admin-console',
    name: 'Kore.ai XO Admin Console',
    lastRunAt: '2026-11-20T12:00:00.000Z',
    lastSuccessAt: '2026-11-20T12:00:05.000Z',
    watermark: '2026-11-20T11:58:00.000Z',
    lagSeconds: 125,
    storedCount: 1234,
    oldestEventAt: '2026-08-22T09:15:00.000Z',
    quarantinedCount: 0,
    retentionDays: 90,
    lastCompleteness: {
      status: 'complete',
      at: '2026-11-20T12:00:05.000Z',
      delivered: 42,
      duplicatesDropped: 0,
      windows: [
        {
          start: '2026-11-20T11:00:00.000Z',
          end: '2026-11-20T11:58:00.000Z',
          delivered: 42,
          method: 'cursor-exhausted',
          detail: 'the keyset cursor ran to an empty page',
        },
      ],
      behaviours: [],
    },
  },
  {
    id: 'uipath-orchestrator',
    type: 'uipath-orchestrator-odata',
    name: 'UiPath Orchestrator',
    lastRunAt: '2026-11-20T12:00:00.000Z',
    storedCount: 0,
    quarantinedCount: 3,
    lastError: {
      code: 'AUTH_FAILED',
      message: 'token request was refused (401)',
      at: '2026-11-20T12:00:01.000Z',
    },
  },
];
