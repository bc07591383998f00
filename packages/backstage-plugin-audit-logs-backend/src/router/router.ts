/* eslint-disable @typescript-eslint/no-misused-promises -- express-promise-router awaits async handlers and forwards their errors */
import { once } from 'node:events';
import {
  MAX_STATS_BUCKETS,
  auditLogsSourceSyncPermission,
  type AuditLogEventQuery,
  type AuditLogFacetsResponse,
  type AuditLogSourceStatus,
  type AuditLogStatsInterval,
  type AuditLogStatsResponse,
  type ListEventsResponse,
  type ListSourcesResponse,
  type SyncSourceResponse,
} from '@auditrelay/backstage-plugin-audit-logs-common';
import type { ProbeReport } from '@auditrelay/core';
import type { AuditLogExportFormat } from '@auditrelay/backstage-plugin-audit-logs-node';
import type { AuditorService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import type { Response } from 'express';
import Router from 'express-promise-router';
import type { ActorDirectory } from '../catalog/actor-directory.js';
import type { AuditLogStore } from '../store/audit-log-store.js';
import type { StatsCell } from '../store/aggregates.js';
import { encodeCursor } from '../store/cursor.js';
import type { SourceAccess, StoreQuery } from '../store/filters.js';
import { toDetail, toSummary } from '../store/mapping.js';
import { allows, authorize, readAccess, type AccessServices } from './access.js';
import { toResponseError } from './core-error.js';
import {
  parseEventId,
  parseExportQuery,
  parseFacetsQuery,
  parseListQuery,
  parseStatsQuery,
} from './query.js';

export { authorize } from './access.js';

export interface RouterSource {
  id: string;
  type: string;
  name: string;
  /** Days events are kept; undefined keeps everything. */
  retentionDays?: number;
}

export interface RouterOptions extends AccessServices {
  store: AuditLogStore;
  sources: RouterSource[];
  formats: ReadonlyMap<string, AuditLogExportFormat>;
  auditor: AuditorService;
  directory: ActorDirectory;
  /** Starts an ingestion run of the source (through the scheduler, so the global lock holds). */
  triggerSync(sourceId: string): Promise<void>;
  /** Measures how the source's vendor API behaves (`probeSource`): a few read-only requests. */
  probe(sourceId: string): Promise<ProbeReport>;
  now?: () => number;
}

const DAY = 86_400_000;
const INTERVAL_MS: Record<AuditLogStatsInterval, number> = { hour: 3_600_000, day: DAY };

/** The API's filters as the store applies them: user/group as emails, plus the caller's access. */
async function storeQuery(
  query: AuditLogEventQuery,
  access: SourceAccess,
  directory: ActorDirectory,
): Promise<StoreQuery> {
  const { user, group, ...rest } = query;
  const resolved: StoreQuery = { ...rest, ...(access ? { access } : {}) };
  let emails: string[] | undefined;
  if (user) emails = await directory.emailsOf(user, 'user', 'user');
  if (group) {
    const members = await directory.emailsOf(group, 'group', 'group');
    emails = emails ? emails.filter((email) => members.includes(email)) : members;
  }
  if (emails) resolved.actorEmails = emails;
  return resolved;
}

function statsResponse(
  cells: StatsCell[],
  interval: AuditLogStatsInterval,
  groupBy: AuditLogStatsResponse['groupBy'],
): AuditLogStatsResponse {
  const totals = new Map<string, number>();
  const byStart = new Map<string, AuditLogStatsResponse['buckets'][number]>();
  for (const { start, key, count } of cells) {
    totals.set(key, (totals.get(key) ?? 0) + count);
    const bucket = byStart.get(start) ?? { start, total: 0, counts: {} };
    bucket.total += count;
    bucket.counts[key] = (bucket.counts[key] ?? 0) + count;
    byStart.set(start, bucket);
  }
  const keys = [...totals.entries()]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([key]) => key);
  const buckets = [...byStart.values()].sort((a, b) => (a.start < b.start ? -1 : 1));
  return { interval, groupBy, keys, buckets };
}

async function write(res: Response, chunk: string): Promise<void> {
  if (!res.write(chunk)) await once(res, 'drain');
}

export function createRouter(options: RouterOptions) {
  const { store, auditor, formats } = options;
  const now = options.now ?? Date.now;
  const sourceById = new Map(options.sources.map((source) => [source.id, source]));
  const router = Router();

  router.get('/sources', async (req, res) => {
    const audit = await auditor.createEvent({
      eventId: 'sources-read',
      severityLevel: 'low',
      request: req,
      meta: { queryType: 'list' },
    });
    try {
      const access = await readAccess(req, options);
      const states = await store.sourceStates();
      const visible = options.sources.filter((source) => allows(access, source));
      const items = visible.map((source): AuditLogSourceStatus => {
        const state = states.get(source.id);
        const status: AuditLogSourceStatus = {
          id: source.id,
          type: source.type,
          name: source.name,
          storedCount: state?.storedCount ?? 0,
          quarantinedCount: state?.quarantinedCount ?? 0,
        };
        if (state?.oldestEventAt) status.oldestEventAt = state.oldestEventAt;
        if (source.retentionDays !== undefined) status.retentionDays = source.retentionDays;
        if (state?.lastRunAt) status.lastRunAt = state.lastRunAt;
        if (state?.lastSuccessAt) status.lastSuccessAt = state.lastSuccessAt;
        if (state?.watermark) {
          status.watermark = state.watermark;
          status.lagSeconds = Math.max(0, Math.round((now() - Date.parse(state.watermark)) / 1000));
        }
        if (state?.lastError) status.lastError = state.lastError;
        if (state?.lastCompleteness) status.lastCompleteness = state.lastCompleteness;
        return status;
      });
      await audit.success({ meta: { count: items.length } });
      res.json({ items } satisfies ListSourcesResponse);
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  // For admins (the sync permission): what the vendor's API does for this tenant, measured.
  router.post('/sources/:id/probe', async (req, res) => {
    const audit = await auditor.createEvent({
      eventId: 'source-probe',
      severityLevel: 'medium',
      request: req,
      meta: { actionType: 'probe', sourceId: req.params.id },
    });
    try {
      await authorize(req, auditLogsSourceSyncPermission, options);
      const source = sourceById.get(req.params.id);
      if (!source) throw new NotFoundError(`No source "${req.params.id}" is configured`);
      const report = await options.probe(source.id);
      await audit.success({ meta: { requests: report.requests } });
      res.json(report);
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw toResponseError(error);
    }
  });

  router.post('/sources/:id/sync', async (req, res) => {
    const audit = await auditor.createEvent({
      eventId: 'source-sync',
      severityLevel: 'medium',
      request: req,
      meta: { actionType: 'trigger', sourceId: req.params.id },
    });
    try {
      await authorize(req, auditLogsSourceSyncPermission, options);
      const source = sourceById.get(req.params.id);
      if (!source) throw new NotFoundError(`No source "${req.params.id}" is configured`);
      await options.triggerSync(source.id);
      await audit.success();
      res
        .status(202)
        .json({ sourceId: source.id, status: 'triggered' } satisfies SyncSourceResponse);
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/events', async (req, res) => {
    const audit = await auditor.createEvent({
      eventId: 'events-read',
      severityLevel: 'low',
      request: req,
      meta: { queryType: 'list' },
    });
    try {
      const access = await readAccess(req, options);
      const { query, limit, cursor } = parseListQuery(req);
      const resolved = await storeQuery(query, access, options.directory);
      const page = await store.listEvents(resolved, cursor ? { limit, cursor } : { limit });
      const lookup = await options.directory.lookup();
      const body: ListEventsResponse = { items: page.items.map((item) => toSummary(item, lookup)) };
      if (page.next) body.nextCursor = encodeCursor(page.next);
      await audit.success({ meta: { query: query as JsonObject, count: body.items.length } });
      res.json(body);
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/stats', async (req, res) => {
    const audit = await auditor.createEvent({
      eventId: 'events-read',
      severityLevel: 'low',
      request: req,
      meta: { queryType: 'stats' },
    });
    try {
      const access = await readAccess(req, options);
      const { query, interval: asked, groupBy } = parseStatsQuery(req);
      const resolved = await storeQuery(query, access, options.directory);
      const from = query.from ?? (await store.oldestEventAt(query.source));
      const to = query.to ?? new Date(now()).toISOString();
      const span = from ? Math.max(0, Date.parse(to) - Date.parse(from)) : 0;
      const interval = asked ?? (span > 3 * DAY ? 'day' : 'hour');
      const size = INTERVAL_MS[interval];
      const buckets = from
        ? Math.ceil((Date.parse(to) - Math.floor(Date.parse(from) / size) * size) / size)
        : 0;
      if (buckets > MAX_STATS_BUCKETS)
        throw new InputError(
          `Invalid query parameter "${query.from ? 'from' : query.to ? 'to' : asked ? 'interval' : 'from'}": ${buckets} ${interval} buckets ` +
            `(at most ${MAX_STATS_BUCKETS}); narrow from/to${interval === 'hour' ? ' or use interval=day' : ''}`,
        );
      const cells = await store.stats(resolved, interval, groupBy);
      await audit.success({ meta: { query: query as JsonObject, interval, groupBy } });
      res.json(statsResponse(cells, interval, groupBy));
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/facets', async (req, res) => {
    const audit = await auditor.createEvent({
      eventId: 'events-read',
      severityLevel: 'low',
      request: req,
      meta: { queryType: 'facets' },
    });
    try {
      const access = await readAccess(req, options);
      const { query, fields, limit } = parseFacetsQuery(req);
      const resolved = await storeQuery(query, access, options.directory);
      const body: AuditLogFacetsResponse = { facets: {} };
      // Each field is its own count: asked side by side.
      const counted = await Promise.all(fields.map((field) => store.facet(resolved, field, limit)));
      fields.forEach((field, index) => (body.facets[field] = counted[index]!));
      await audit.success({ meta: { query: query as JsonObject, fields } });
      res.json(body);
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  // Before /events/:id, so "export" is not taken for an id.
  router.get('/events/export', async (req, res) => {
    const audit = await auditor.createEvent({
      eventId: 'events-export',
      severityLevel: 'medium',
      request: req,
      meta: { queryType: 'export' },
    });
    let count = 0;
    try {
      const access = await readAccess(req, options);
      const { query, format: formatId } = parseExportQuery(req, [...formats.keys()]);
      const resolved = await storeQuery(query, access, options.directory);
      const format = formats.get(formatId)!;
      const stamp = new Date(now()).toISOString().replace(/[:.]/g, '-');
      res.status(200);
      res.setHeader('Content-Type', format.contentType);
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="audit-events-${stamp}.${format.fileExtension}"`,
      );
      res.setHeader('Cache-Control', 'no-store');
      let closed = false;
      res.once('close', () => {
        closed = true;
      });
      if (format.header) await write(res, format.header());
      for await (const page of store.streamEvents(resolved)) {
        if (closed) break;
        await write(res, page.map((event) => format.formatEvent(event)).join(''));
        count += page.length;
      }
      if (format.footer && !closed) await write(res, format.footer());
      res.end();
      await audit.success({
        meta: { query: query as JsonObject, format: formatId, count, complete: !closed },
      });
    } catch (error) {
      await audit.fail({ error: error as Error, meta: { count } });
      // Once the body has started, the status is sent: cut the stream so the client sees an error.
      if (res.headersSent) res.destroy(error as Error);
      else throw error;
    }
  });

  router.get('/events/:id', async (req, res) => {
    const audit = await auditor.createEvent({
      eventId: 'events-read',
      severityLevel: 'low',
      request: req,
      meta: { queryType: 'by-id', eventId: req.params.id },
    });
    try {
      const access = await readAccess(req, options);
      // A source the caller may not read answers like a missing event (404).
      const stored = await store.getEvent(parseEventId(req.params.id), access ? { access } : {});
      if (!stored) throw new NotFoundError(`No event with id ${req.params.id}`);
      await audit.success();
      res.json(toDetail(stored, await options.directory.lookup()));
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
