import { probeSource } from '@auditrelay/core';
import {
  auditLogsEventReadPermission,
  auditLogsSourceReadPermission,
  auditLogsSourceSyncPermission,
} from '@auditrelay/backstage-plugin-audit-logs-common';
import {
  auditLogSourcePermissionResourceRef,
  auditLogSourcePermissionRules,
  auditLogsExportFormatsExtensionPoint,
  auditLogsSourceTypesExtensionPoint,
  type AuditLogExportFormat,
  type AuditLogSourceType,
} from '@auditrelay/backstage-plugin-audit-logs-node';
import { DefaultSchedulerService } from '@backstage/backend-defaults/scheduler';
import {
  coreServices,
  createBackendPlugin,
  type HttpRouterService,
} from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createConditionTransformer } from '@backstage/plugin-permission-node';
import Router from 'express-promise-router';
import { ActorDirectory } from './catalog/actor-directory.js';
import { readAuditLogsConfig, retentionDaysOf } from './config/read-config.js';
import { BUILT_IN_FORMATS } from './export/formats.js';
import { Ingester } from './ingestion/ingester.js';
import { authorize, createRouter } from './router/router.js';
import { AuditLogStore } from './store/audit-log-store.js';
import { migrate } from './store/migrate.js';
import { RETENTION_TASK_ID, purgeExpired } from './retention/purge-expired.js';

const FORMAT_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** The scheduler task that ingests one source. */
export function ingestTaskId(sourceId: string): string {
  return `audit-logs:ingest:${sourceId}`;
}

/**
 * The `audit-logs` backend plugin: scheduled ingestion of every configured source through
 * `@auditrelay/core`, stored in the plugin database, served under `/api/audit-logs`.
 */
export const auditLogsPlugin = createBackendPlugin({
  pluginId: 'audit-logs',
  register(env) {
    const sourceTypes = new Map<string, AuditLogSourceType>();
    const formats = new Map<string, AuditLogExportFormat>(BUILT_IN_FORMATS.map((f) => [f.id, f]));
    env.registerExtensionPoint(auditLogsSourceTypesExtensionPoint, {
      addSourceType(...types) {
        for (const type of types) {
          if (sourceTypes.has(type.type))
            throw new Error(`Source type "${type.type}" was added twice`);
          sourceTypes.set(type.type, type);
        }
      },
    });
    env.registerExtensionPoint(auditLogsExportFormatsExtensionPoint, {
      addExportFormat(...added) {
        for (const format of added) {
          if (!FORMAT_ID.test(format.id))
            throw new Error(`Invalid export format id "${format.id}"`);
          if (formats.has(format.id))
            throw new Error(`Export format "${format.id}" was added twice`);
          formats.set(format.id, format);
        }
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        lifecycle: coreServices.lifecycle,
        rootLifecycle: coreServices.rootLifecycle,
        pluginMetadata: coreServices.pluginMetadata,
        metrics: metricsServiceRef,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const { config, logger, database, httpRouter, httpAuth, permissions } = deps;
        // Validate first: a bad source entry stops startup, naming the key.
        const { sources, retention, deprecations } = readAuditLogsConfig(config, sourceTypes);
        for (const message of deprecations) logger.warn(`audit-logs: ${message}`);
        deps.lifecycle.addShutdownHook(async () => {
          await Promise.allSettled(sources.map((s) => s.source.close()));
        });
        const sourceById = new Map(sources.map((s) => [s.id, { id: s.id, type: s.type }]));
        deps.permissionsRegistry.addPermissions([
          auditLogsEventReadPermission,
          auditLogsSourceSyncPermission,
        ]);
        deps.permissionsRegistry.addResourceType({
          resourceRef: auditLogSourcePermissionResourceRef,
          permissions: [auditLogsSourceReadPermission],
          rules: Object.values(auditLogSourcePermissionRules),
          getResources: (ids) => Promise.resolve(ids.map((id) => sourceById.get(id))),
        });
        const transformConditions = createConditionTransformer(
          deps.permissionsRegistry.getPermissionRuleset(auditLogSourcePermissionResourceRef),
        );

        const knex = await database.getClient();
        if (!database.migrations?.skip) await migrate(knex);
        const store = new AuditLogStore(knex);
        const search = await store.init();
        if (!search.indexed) logger.warn(`audit-logs: ${search.hint}`);
        const ingester = new Ingester(store, logger);
        const directory = new ActorDirectory({ catalog: deps.catalog, auth: deps.auth, logger });

        // The scheduler mounts trigger/cancel/list endpoints on the plugin's router. Ours puts
        // them behind the same credentials and permissions as the plugin's own routes.
        const guardedRouter: HttpRouterService = {
          use(handler) {
            const router = Router();
            // eslint-disable-next-line @typescript-eslint/no-misused-promises -- express-promise-router
            router.use('/.backstage/scheduler', async (req, _res, next) => {
              const permission =
                req.method === 'GET' ? auditLogsEventReadPermission : auditLogsSourceSyncPermission;
              await authorize(req, permission, { httpAuth, permissions });
              next();
            });
            router.use(handler);
            httpRouter.use(router);
          },
          addAuthPolicy: (policy) => httpRouter.addAuthPolicy(policy),
        };
        const scheduler = DefaultSchedulerService.create({
          database,
          logger,
          rootLifecycle: deps.rootLifecycle,
          httpRouter: guardedRouter,
          pluginMetadata: deps.pluginMetadata,
          metrics: deps.metrics,
        });

        for (const source of sources) {
          await scheduler.scheduleTask({
            id: ingestTaskId(source.id),
            ...source.schedule,
            scope: 'global',
            fn: async (signal) => {
              await ingester.run(source, signal);
            },
          });
        }
        await scheduler.scheduleTask({
          id: RETENTION_TASK_ID,
          frequency: { hours: 1 },
          timeout: { minutes: 15 },
          initialDelay: { minutes: 1 },
          // One replica at a time; small batches, so it is safe beside ingestion and reads.
          scope: 'global',
          fn: async (signal) => {
            await purgeExpired({
              store,
              retention,
              configuredIds: sources.map((s) => s.id),
              logger,
              signal,
            });
          },
        });

        httpRouter.use(
          createRouter({
            store,
            sources: sources.map(({ id, type, name }) => {
              const days = retentionDaysOf(retention, id);
              return { id, type, name, ...(days !== undefined ? { retentionDays: days } : {}) };
            }),
            formats,
            httpAuth,
            permissions,
            transformConditions,
            directory,
            auditor: deps.auditor,
            triggerSync: (sourceId) => scheduler.triggerTask(ingestTaskId(sourceId)),
            probe: (sourceId) => probeSource(sources.find((s) => s.id === sourceId)!.source),
          }),
        );
        logger.info(
          `audit-logs: ${sources.length} source(s) scheduled (${sources.map((s) => s.id).join(', ') || 'none'}), retention ${retention.days || 'unlimited'} days${Object.keys(retention.sources).length > 0 ? ` (per source: ${JSON.stringify(retention.sources)})` : ''}, free-text search ${search.indexed ? 'indexed' : 'unindexed'}`,
        );
      },
    });
  },
});
