import type {
  AuditLogEventDetail,
  AuditLogEventQuery,
  AuditLogFacetsRequest,
  AuditLogFacetsResponse,
  AuditLogStatsRequest,
  AuditLogStatsResponse,
  ListEventsRequest,
  ListEventsResponse,
  ListSourcesResponse,
} from '@auditrelay/backstage-plugin-audit-logs-common';
import { ResponseError } from '@backstage/errors';
import { createApiRef, type DiscoveryApi, type FetchApi } from '@backstage/frontend-plugin-api';

/** What the Audit Logs page needs from the `audit-logs` backend (`/api/audit-logs`). */
export interface AuditLogsApi {
  /** `GET /sources`: every configured source and its ingestion state. */
  listSources(options?: { signal?: AbortSignal }): Promise<ListSourcesResponse>;
  /** `GET /events`: one page of events, newest first; pass `nextCursor` back as `cursor`. */
  listEvents(
    request: ListEventsRequest,
    options?: { signal?: AbortSignal },
  ): Promise<ListEventsResponse>;
  /** `GET /events/:id`: one event with its change delta and the raw vendor record. */
  getEvent(id: string, options?: { signal?: AbortSignal }): Promise<AuditLogEventDetail>;
  /** `GET /stats`: events per hour or day of the filters, counted by category, source or outcome. */
  getStats(
    request: AuditLogStatsRequest,
    options?: { signal?: AbortSignal },
  ): Promise<AuditLogStatsResponse>;
  /** `GET /facets`: the distinct values (with counts) of some fields within the filters. */
  getFacets(
    request: AuditLogFacetsRequest,
    options?: { signal?: AbortSignal },
  ): Promise<AuditLogFacetsResponse>;
  /** The URL of `GET /events/export` for these filters (fetch it through `fetchApi`). */
  getExportUrl(request: ListEventsRequest & { format?: string }): Promise<string>;
  /** `GET /events/export`: every event matching the filters as one file (`ndjson`, `csv`, …). */
  exportEvents(
    query: AuditLogEventQuery,
    format: string,
  ): Promise<{ blob: Blob; fileName: string }>;
}

export const auditLogsApiRef = createApiRef<AuditLogsApi>().with({
  id: 'plugin.audit-logs.api',
  pluginId: 'audit-logs',
});

type QueryRequest = ListEventsRequest &
  Omit<AuditLogStatsRequest, keyof AuditLogEventQuery> &
  Partial<Omit<AuditLogFacetsRequest, keyof AuditLogEventQuery>> & { format?: string };

const STRING_PARAMS = [
  'from',
  'to',
  'actor',
  'action',
  'category',
  'q',
  'outcome',
  'user',
  'group',
  'interval',
  'groupBy',
  'cursor',
  'format',
] as const;

/**
 * The query string of `GET /events`, `/events/export`, `/stats` and `/facets` for these
 * filters; empty values are left out, `field` is repeated.
 */
export function eventsQueryString(request: QueryRequest): string {
  const params = new URLSearchParams();
  if (request.source?.length) params.set('source', request.source.join(','));
  for (const key of STRING_PARAMS) {
    const value = request[key];
    if (typeof value === 'string' && value.trim() !== '') params.set(key, value.trim());
  }
  for (const field of request.field ?? []) params.append('field', field);
  if (request.limit !== undefined) params.set('limit', String(request.limit));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The client of the audit-logs backend. `fetchApi` adds the signed-in user's Backstage token
 * (plain `fetch` gets a 401); `discoveryApi` finds the plugin's base URL.
 * Errors are `ResponseError`s carrying the backend's status code and message.
 */
export class AuditLogsClient implements AuditLogsApi {
  readonly #discoveryApi: DiscoveryApi;
  readonly #fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi;
  }

  async listSources(options?: { signal?: AbortSignal }): Promise<ListSourcesResponse> {
    return this.#get<ListSourcesResponse>('/sources', options?.signal);
  }

  async listEvents(
    request: ListEventsRequest,
    options?: { signal?: AbortSignal },
  ): Promise<ListEventsResponse> {
    return this.#get<ListEventsResponse>(`/events${eventsQueryString(request)}`, options?.signal);
  }

  async getEvent(id: string, options?: { signal?: AbortSignal }): Promise<AuditLogEventDetail> {
    return this.#get<AuditLogEventDetail>(`/events/${encodeURIComponent(id)}`, options?.signal);
  }

  async getStats(
    request: AuditLogStatsRequest,
    options?: { signal?: AbortSignal },
  ): Promise<AuditLogStatsResponse> {
    return this.#get<AuditLogStatsResponse>(`/stats${eventsQueryString(request)}`, options?.signal);
  }

  async getFacets(
    request: AuditLogFacetsRequest,
    options?: { signal?: AbortSignal },
  ): Promise<AuditLogFacetsResponse> {
    return this.#get<AuditLogFacetsResponse>(
      `/facets${eventsQueryString(request)}`,
      options?.signal,
    );
  }

  async getExportUrl(request: ListEventsRequest & { format?: string }): Promise<string> {
    const base = await this.#discoveryApi.getBaseUrl('audit-logs');
    const { cursor: _cursor, limit: _limit, ...filters } = request;
    return `${base}/events/export${eventsQueryString(filters)}`;
  }

  async exportEvents(
    query: AuditLogEventQuery,
    format: string,
  ): Promise<{ blob: Blob; fileName: string }> {
    const res = await this.#fetchApi.fetch(await this.getExportUrl({ ...query, format }));
    if (!res.ok) throw await ResponseError.fromResponse(res);
    const disposition = res.headers.get('content-disposition') ?? '';
    const fileName = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? `audit-logs.${format}`;
    return { blob: await res.blob(), fileName };
  }

  async #get<T>(path: string, signal?: AbortSignal): Promise<T> {
    const base = await this.#discoveryApi.getBaseUrl('audit-logs');
    const res = await this.#fetchApi.fetch(`${base}${path}`, {
      headers: { accept: 'application/json' },
      ...(signal ? { signal } : {}),
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }
}
