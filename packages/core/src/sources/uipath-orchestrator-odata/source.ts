import type { SourceConfig } from '../../config/source-config.js';
import type { Sleep } from '../../http/abort.js';
import type { HttpTransport } from '../../http/transport.js';
import type { AuditSource, CheckResult, ReadRequest, SourcePage } from '../source.js';
import { createSourceContext, type SourceDependencies } from '../source-context.js';
import { PageGuard } from '../page-guard.js';
import { bearerAuth } from '../uipath-shared/bearer-auth.js';
import { uipathTokensFor } from '../uipath-shared/token-provider.js';
import { uipathErrorMessage } from '../uipath-shared/uipath-error.js';
import { normalizeOrchestratorRecord } from './normalize.js';
import {
  orchestratorDetailsSchema,
  orchestratorListSchema,
  type OrchestratorRecord,
} from './response-schema.js';

export type UipathOrchestratorConfig = Extract<SourceConfig, { type: 'uipath-orchestrator-odata' }>;

/** OData literal for an instant. */
const odataTime = (date: Date) => date.toISOString();

/**
 * UiPath Orchestrator `/odata/AuditLogs`: an `Id` keyset (`$filter=Id gt <last>`, `$orderby=Id`),
 * so records are read exactly once in id order. A window end only stops the walk at the first
 * record past it: nothing with a higher id is skipped, it waits for the next read.
 */
export function createUipathOrchestratorSource(
  config: UipathOrchestratorConfig,
  dependencies: SourceDependencies & { transport: HttpTransport; sleep: Sleep },
): AuditSource {
  const context = createSourceContext(config, dependencies, { errorMessage: uipathErrorMessage });
  const { http, label } = context;
  const { options } = config;
  const tokens = uipathTokensFor(context, config);
  const sourceRef = { type: config.type, id: config.id };
  const base = `${config.baseUrl}/${encodeURIComponent(options.organization)}/${encodeURIComponent(options.tenant)}/orchestrator_/odata/AuditLogs`;
  const headers: Record<string, string> = { 'x-UIPATH-AuditedService': options.auditedService };
  if (options.deployment === 'standalone') headers['X-UIPATH-TenantName'] = options.tenant;

  async function withDetails(
    record: OrchestratorRecord,
    signal?: AbortSignal,
  ): Promise<OrchestratorRecord> {
    const url = `${base}/UiPath.Server.Configuration.OData.GetAuditLogDetails(auditLogId=${record.Id})`;
    const details = await http.json(
      url,
      orchestratorDetailsSchema,
      bearerAuth(tokens, signal, headers),
    );
    return { ...record, Entities: details.value };
  }

  async function* read(request: ReadRequest): AsyncIterable<SourcePage> {
    const guard = new PageGuard(label, options.maxPages);
    let lastId = typeof request.cursor?.lastId === 'number' ? request.cursor.lastId : undefined;
    const endMs = request.end.getTime();
    for (;;) {
      const sync = request.mode === 'sync';
      const filters = [lastId === undefined ? undefined : `Id gt ${lastId}`];
      // A sync follows the keyset alone once it has one; a range read bounds time on both sides.
      if (request.start && (!sync || lastId === undefined))
        filters.push(`ExecutionTime ge ${odataTime(request.start)}`);
      if (!sync) filters.push(`ExecutionTime le ${odataTime(request.end)}`);
      const params = new URLSearchParams({
        $top: String(options.pageSize),
        $orderby: 'Id asc',
        $count: 'true',
      });
      const filter = filters.filter(Boolean).join(' and ');
      if (filter) params.set('$filter', filter);
      guard.beforeRequest(filter || 'start');
      const body = await http.json(
        `${base}?${params.toString()}`,
        orchestratorListSchema,
        bearerAuth(tokens, request.signal, headers),
      );
      const records = body.value;
      guard.afterPage(`${records[0]?.Id}|${records.at(-1)?.Id}`, records.length);
      const stopAt = records.findIndex((record) => Date.parse(record.ExecutionTime) > endMs);
      const accepted = stopAt === -1 ? records : records.slice(0, stopAt);
      const complete = options.includeDetails
        ? await Promise.all(accepted.map((r) => withDetails(r, request.signal)))
        : accepted;
      const events = complete.map((record) => normalizeOrchestratorRecord(record, sourceRef));
      const lastAccepted = accepted.at(-1);
      if (lastAccepted) lastId = lastAccepted.Id;
      yield {
        events,
        ...(lastId !== undefined ? { cursor: { lastId } } : {}),
        total: body['@odata.count'] ?? undefined,
      };
      if (stopAt !== -1 || records.length < options.pageSize) return;
    }
  }

  async function check(signal?: AbortSignal): Promise<CheckResult> {
    const body = await http.json(
      `${base}?$top=1&$count=true`,
      orchestratorListSchema,
      bearerAuth(tokens, signal, headers),
    );
    return {
      ok: true,
      message: `token granted (${options.scope}); ${body['@odata.count'] ?? body.value.length} audit records visible`,
    };
  }

  return {
    id: config.id,
    type: config.type,
    name: config.name ?? config.id,
    capabilities: { persistentCursor: true, timeSlicing: true, filters: [], download: false },
    read,
    check,
    close: async () => {
      if (dependencies.ownsTransport) await dependencies.transport.close?.();
    },
  };
}
