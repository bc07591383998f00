/* eslint-disable @typescript-eslint/no-misused-promises -- express-promise-router awaits async handlers and forwards their errors */
import { once } from 'node:events';
import {
  auditLogsEventReadPermission,
  auditLogsSourceSyncPermission,
  type AuditLogSourceStatus,
  type ListEventsResponse,
  type ListSourcesResponse,
  type SyncSourceResponse,
} from '@auditrelay/backstage-plugin-audit-logs-common';
import type { AuditLogExportFormat } from '@auditrelay/backstage-plugin-audit-logs-node';
import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult, type BasicPermission } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import type { Request, Response } from 'express';
import Router from 'express-promise-router';
import { type AuditLogStore, toDetail, toSummary } from '../store/audit-log-store.js';
import { encodeCursor } from '../store/cursor.js';
import { parseEventId, parseExportQuery, parseListQuery } from './query.js';

export interface RouterSource {
  id: string;
  type: string;
  name: string;
}

export interface RouterOptions {
  store: AuditLogStore;
  sources: RouterSource[];
  formats: ReadonlyMap<string, AuditLogExportFormat>;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** Starts an ingestion run of the source (through the scheduler, so the global lock holds). */
  triggerSync(sourceId: string): Promise<void>;
  now?: () => number;
}

/**
 * Resolves the caller (user or service; 401 without credentials) and checks one permission
 * (403 when denied). With the permission framework disabled, Backstage allows every check.
 */
export async function authorize(
  req: Request,
  permission: BasicPermission,
  { httpAuth, permissions }: Pick<RouterOptions, 'httpAuth' | 'permissions'>,
): Promise<BackstageCredentials> {
  const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
  const [decision] = await permissions.authorize([{ permission }], { credentials });
  if (decision?.result !== AuthorizeResult.ALLOW)
    throw new NotAllowedError(`Missing permission ${permission.name}`);
  return credentials;
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
      await authorize(req, auditLogsEventReadPermission, options);
      const states = await store.sourceStates();
      const items = options.sources.map((source): AuditLogSourceStatus => {
        const state = states.get(source.id);
        const status: AuditLogSourceStatus = {
          id: source.id,
          type: source.type,
          name: source.name,
          storedCount: state?.storedCount ?? 0,
        };
        if (state?.lastRunAt) status.lastRunAt = state.lastRunAt;
        if (state?.lastSuccessAt) status.lastSuccessAt = state.lastSuccessAt;
        if (state?.watermark) {
          status.watermark = state.watermark;
          status.lagSeconds = Math.max(0, Math.round((now() - Date.parse(state.watermark)) / 1000));
        }
        if (state?.lastError) status.lastError = state.lastError;
        return status;
      });
      await audit.success({ meta: { count: items.length } });
      res.json({ items } satisfies ListSourcesResponse);
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
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
      await authorize(req, auditLogsEventReadPermission, options);
      const { query, limit, cursor } = parseListQuery(req);
      const page = await store.listEvents(query, cursor ? { limit, cursor } : { limit });
      const body: ListEventsResponse = { items: page.items.map(toSummary) };
      if (page.next) body.nextCursor = encodeCursor(page.next);
      await audit.success({ meta: { query: query as JsonObject, count: body.items.length } });
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
      await authorize(req, auditLogsEventReadPermission, options);
      const { query, format: formatId } = parseExportQuery(req, [...formats.keys()]);
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
      for await (const page of store.streamEvents(query)) {
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
      await authorize(req, auditLogsEventReadPermission, options);
      const stored = await store.getEvent(parseEventId(req.params.id));
      if (!stored) throw new NotFoundError(`No event with id ${req.params.id}`);
      await audit.success();
      res.json(toDetail(stored));
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
