import type {
  AuditLogEventDetail,
  AuditLogEventQuery,
  AuditLogSourceStatus,
  ListEventsRequest,
  ListEventsResponse,
  ListSourcesResponse,
} from '@auditrelay/backstage-plugin-audit-logs-common';
import type { AuditLogsApi } from '../api.js';

/** An in-memory AuditLogsApi with the backend's filter and cursor semantics, recording calls. */
export class FakeAuditLogsApi implements AuditLogsApi {
  readonly listEventsCalls: ListEventsRequest[] = [];
  readonly exportCalls: { query: AuditLogEventQuery; format: string }[] = [];
  failWith?: Error;

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
    const lower = (s?: string) => s?.toLowerCase();
    const matching = this.events
      .filter((e) => !request.source?.length || request.source.includes(e.source.id))
      .filter((e) => !request.from || e.occurredAt >= request.from)
      .filter((e) => !request.to || e.occurredAt < request.to)
      .filter(
        (e) =>
          !request.actor ||
          [e.actor.id, e.actor.email, e.actor.name].some((v) => lower(v) === lower(request.actor)),
      )
      .filter((e) => !request.action || e.action === request.action)
      .filter((e) => !request.category || e.category === request.category)
      .filter(
        (e) =>
          !request.q ||
          JSON.stringify([e.action, e.description, e.actor, e.target, e.category])
            .toLowerCase()
            .includes(request.q.toLowerCase()),
      )
      .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
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

  async exportEvents(query: AuditLogEventQuery, format: string) {
    await Promise.resolve();
    this.exportCalls.push({ query, format });
    return { blob: new Blob(['{}\n']), fileName: `audit-events.${format}` };
  }

  getExportUrl(): Promise<string> {
    return Promise.resolve('http://backend/api/audit-logs/events/export');
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
  },
  {
    id: 'uipath-orchestrator',
    type: 'uipath-orchestrator-odata',
    name: 'UiPath Orchestrator',
    lastRunAt: '2026-11-20T12:00:00.000Z',
    storedCount: 0,
    lastError: {
      code: 'AUTH_FAILED',
      message: 'token request was refused (401)',
      at: '2026-11-20T12:00:01.000Z',
    },
  },
];
