// startSimulator: datasets, routing, the request pipeline and the node:http server.

import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Handler, HandlerContext } from './context.js';
import type { Dataset } from './dataset.js';
import {
  DEFAULT_COUNTS,
  DEFAULT_RATE_LIMITS,
  DEFAULT_SPANS_MS,
  SIMULATED_VENDORS,
  resolveBehavior,
  resolveCredentials,
} from './defaults.js';
import { AutoChanges } from './auto-changes.js';
import { faultResponse } from './fault-response.js';
import { Faults } from './faults.js';
import { JSON_TYPE, bodyBuffer } from './http-types.js';
import type { SimRequest, SimResponse } from './http-types.js';
import { mergeProfile } from './profiles.js';
import { seedOf } from './random.js';
import { RateLimiter, retryAfterHeader } from './rate-limit.js';
import { PREFIXES, matchRoute } from './routes.js';
import type { Endpoint } from './routes.js';
import type {
  GroundTruthQuery,
  RequestLogEntry,
  Simulator,
  SimulatorOptions,
  SimulatedVendorId,
} from './types.js';
import { rateLimited, reason, vendorError } from './vendor-errors.js';
import { AiForWorkData } from './vendors/ai-for-work.js';
import { aiForWorkAccount, aiForWorkHandler } from './vendors/ai-for-work-api.js';
import { KoreXoData } from './vendors/kore-xo.js';
import { koreXoAccount, koreXoHandler } from './vendors/kore-xo-api.js';
import { OrchestratorData } from './vendors/orchestrator.js';
import { orchestratorDetails, orchestratorList } from './vendors/orchestrator-api.js';
import { uipathAccount } from './vendors/uipath-auth.js';
import { tokenHandler, tokenVendor } from './vendors/uipath-identity-api.js';
import { UiPathPlatformData } from './vendors/uipath-platform.js';
import { uipathPlatformDownload, uipathPlatformList } from './vendors/uipath-platform-api.js';
import { TokenStore } from './vendors/uipath-tokens.js';
import { guidOf } from './vendors/uipath-unified/catalog.js';
import { UiPathUnifiedData } from './vendors/uipath-unified/data.js';
import { unifiedDownload, unifiedEvents, unifiedSources } from './vendors/uipath-unified/api.js';

const MAX_BODY = 1 << 20;

type Datasets = Record<SimulatedVendorId, Dataset<unknown>>;

function planFor(options: SimulatorOptions, vendor: SimulatedVendorId, startNow: number) {
  const span = options.data?.[vendor] ?? {};
  const end = Math.floor(span.end ?? startNow);
  const start = Math.floor(span.start ?? end - DEFAULT_SPANS_MS[vendor]);
  const count = span.count ?? DEFAULT_COUNTS[vendor];
  if (!Number.isInteger(count) || count < 0)
    throw new Error(`data.${vendor}.count must be a non-negative integer`);
  if (!(start <= end)) throw new Error(`data.${vendor}: start must not be after end`);
  return { count, start, end };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY) chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function isJsonResponse(response: SimResponse): boolean {
  return /json/i.test(response.headers['content-type'] ?? '');
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const clock = options.now ?? Date.now;
  const skew = options.clockSkewMs ?? 0;
  const now = (): number => clock() + skew;
  const startNow = now();
  const seed = options.seed ?? 1;
  const credentials = resolveCredentials(options.credentials);
  const behavior = resolveBehavior(mergeProfile(options.profile, options.behavior));
  const logger = options.logger;

  const plans = Object.fromEntries(
    SIMULATED_VENDORS.map((v) => [v, planFor(options, v, startNow)]),
  ) as Record<SimulatedVendorId, ReturnType<typeof planFor>>;
  const koreXo = new KoreXoData(
    seedOf(seed, 'kore-xo-admin-console'),
    plans['kore-xo-admin-console'].count,
    behavior.koreXo.ids,
  );
  const aiForWork = new AiForWorkData(
    seedOf(seed, 'kore-ai-for-work'),
    plans['kore-ai-for-work'].count,
    behavior.aiForWork.ids,
  );
  const platform = new UiPathPlatformData(seedOf(seed, 'uipath-platform-audit'), {
    capacity: plans['uipath-platform-audit'].count,
    base: plans['uipath-platform-audit'].start,
    organization: credentials.uipath.organization,
  });
  const orchestrator = new OrchestratorData(
    seedOf(seed, 'uipath-orchestrator-odata'),
    plans['uipath-orchestrator-odata'].count,
  );
  const unified = new UiPathUnifiedData(seedOf(seed, 'uipath-unified-audit'), {
    capacity: plans['uipath-unified-audit'].count,
    base: plans['uipath-unified-audit'].start,
    organization: {
      id: credentials.uipath.partitionGlobalId,
      name: credentials.uipath.organization,
    },
    tenant: { id: guidOf(`tenant/${credentials.uipath.tenant}`), name: credentials.uipath.tenant },
    now,
    retentionDays: behavior.uipathUnified.retentionDays,
  });
  const datasets: Datasets = {
    'kore-xo-admin-console': koreXo,
    'kore-ai-for-work': aiForWork,
    'uipath-platform-audit': platform,
    'uipath-orchestrator-odata': orchestrator,
    'uipath-unified-audit': unified,
  };
  for (const vendor of SIMULATED_VENDORS) datasets[vendor].generate(plans[vendor]);

  const handlers: Record<Exclude<Endpoint, 'not-found'>, Handler> = {
    'kore-xo': koreXoHandler(koreXo),
    'ai-for-work': aiForWorkHandler(aiForWork),
    token: tokenHandler(),
    'pm-list': uipathPlatformList(platform),
    'pm-download': uipathPlatformDownload(platform),
    'or-list': orchestratorList(orchestrator),
    'or-details': orchestratorDetails(orchestrator),
    'ua-events': unifiedEvents(unified),
    'ua-sources': unifiedSources(),
    'ua-download': unifiedDownload(unified),
  };

  const limiters = new Map<SimulatedVendorId, RateLimiter>();
  for (const vendor of SIMULATED_VENDORS) {
    const config = options.rateLimits?.[vendor] ?? DEFAULT_RATE_LIMITS[vendor];
    if (config) limiters.set(vendor, new RateLimiter(config));
  }

  const tokens = new TokenStore();
  const faults = new Faults();
  const requests: RequestLogEntry[] = [];
  const lastDataResponse = new Map<SimulatedVendorId, SimResponse>();
  const faultContext = { now, tokens, lastDataResponse };
  const closing = new AbortController();
  const ctx: HandlerContext = { now, behavior, credentials, url: '', tokens };

  const append = (
    vendor: SimulatedVendorId,
    count: number,
    at?: { at?: number; lateByMs?: number },
  ): unknown[] => {
    if (!Number.isInteger(count) || count < 0)
      throw new Error('append count must be a non-negative integer');
    const current = now();
    const time = (at?.at ?? current) - (at?.lateByMs ?? 0);
    const dataset = datasets[vendor];
    return dataset.appendAt(count, time, current).map((ord) => dataset.record(ord));
  };
  const purge = (vendor: SimulatedVendorId, count: number): unknown[] => {
    if (!Number.isInteger(count) || count < 0)
      throw new Error('purge count must be a non-negative integer');
    const dataset = datasets[vendor];
    return dataset.purge(count).map((ord) => dataset.record(ord));
  };
  const auto = new AutoChanges({
    append: (vendor, count, lateByMs) =>
      append(vendor, count, lateByMs === undefined ? {} : { lateByMs }),
    purge,
  });

  const accountOf = (vendor: SimulatedVendorId, req: SimRequest): string => {
    if (vendor === 'kore-xo-admin-console') return koreXoAccount(req);
    if (vendor === 'kore-ai-for-work') return aiForWorkAccount(req);
    return uipathAccount(req, ctx);
  };

  /** Rate limits, then the endpoint itself. */
  const serve = async (req: SimRequest, endpoint: Endpoint): Promise<SimResponse> => {
    if (endpoint === 'not-found')
      return vendorError(req.vendor, 404, 'The requested resource was not found.');
    const limiter = req.route === 'token' ? undefined : limiters.get(req.vendor);
    if (limiter) {
      const at = now();
      const wait = limiter.take(accountOf(req.vendor, req), at);
      if (wait > 0) return rateLimited(req.vendor, retryAfterHeader(limiter.retryAfter, wait, at));
    }
    const isGet = req.method === 'GET' || req.method === 'HEAD';
    if (req.route !== 'token' && !isGet) {
      return {
        ...vendorError(req.vendor, 405, reason(405)),
        headers: { 'content-type': JSON_TYPE, allow: 'GET' },
      };
    }
    return handlers[endpoint](req, ctx);
  };

  const send = async (
    res: ServerResponse,
    entry: RequestLogEntry,
    response: SimResponse,
  ): Promise<void> => {
    entry.status = response.status;
    const retryAfter = response.headers['retry-after'];
    if (retryAfter !== undefined) entry.retryAfter = retryAfter;
    entry.rateLimited = response.status === 429;
    if (res.destroyed) return;
    const { body } = response;
    if (typeof body === 'string' || Buffer.isBuffer(body)) {
      const buffer = typeof body === 'string' ? Buffer.from(body) : body;
      res.writeHead(response.status, {
        ...response.headers,
        'content-length': String(buffer.length),
      });
      res.end(buffer);
      return;
    }
    res.writeHead(response.status, response.headers);
    for await (const chunk of body) {
      if (res.destroyed) return;
      if (!res.write(chunk)) await once(res, 'drain', { signal: closing.signal });
    }
    res.end();
  };

  const handle = async (raw: IncomingMessage, res: ServerResponse): Promise<void> => {
    const at = now();
    const startedAt = performance.now();
    const url = new URL(raw.url ?? '/', 'http://127.0.0.1');
    const match = matchRoute(url.pathname);
    const log = (status: number, note = ''): void =>
      logger?.(
        `${raw.method ?? 'GET'} ${url.pathname}${url.search} ${status} ${Math.round(performance.now() - startedAt)}ms${note}`,
      );
    const body = await readBody(raw);
    if (!match) {
      res.writeHead(404, { 'content-type': JSON_TYPE });
      res.end(JSON.stringify({ message: 'Not Found' }));
      log(404);
      return;
    }
    const req: SimRequest = {
      method: raw.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: raw.headers,
      body,
      vendor: match.vendor,
      route: match.route,
      params: match.params,
    };
    if (match.route === 'token') req.vendor = tokenVendor(req);
    const entry: RequestLogEntry = {
      vendor: req.vendor,
      route: req.route,
      method: req.method,
      path: req.path,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      at,
      rateLimited: false,
    };
    requests.push(entry);
    try {
      if (behavior.latencyMs > 0)
        await sleep(behavior.latencyMs, undefined, { signal: closing.signal });
      const picked = faults.pick(req.vendor, req.route);
      if (picked.delayMs > 0) await sleep(picked.delayMs, undefined, { signal: closing.signal });
      const fault = picked.fault;
      if (fault) entry.fault = fault.kind;
      if (fault?.kind === 'reset') {
        raw.socket.destroy();
        log(0, ' fault=reset');
        return;
      }
      let response = fault ? faultResponse(fault, req, faultContext) : undefined;
      const normal = response === undefined;
      response ??= await serve(req, match.endpoint);

      if (req.route === 'data' || req.route === 'download') auto.afterRequest(req.vendor);

      if (fault?.kind === 'truncated-json' || fault?.kind === 'reset-mid-body') {
        const full = await bodyBuffer(response);
        const half = full.subarray(0, Math.max(1, Math.floor(full.length / 2)));
        if (fault.kind === 'truncated-json') {
          const type = isJsonResponse(response) ? response.headers['content-type']! : JSON_TYPE;
          await send(res, entry, { status: 200, headers: { 'content-type': type }, body: half });
          log(200, ' fault=truncated-json');
          return;
        }
        entry.status = response.status;
        res.writeHead(response.status, {
          ...response.headers,
          'content-length': String(full.length),
        });
        res.write(half, () => res.destroy());
        log(response.status, ' fault=reset-mid-body');
        return;
      }

      if (
        normal &&
        req.route === 'data' &&
        response.status === 200 &&
        typeof response.body === 'string'
      ) {
        lastDataResponse.set(req.vendor, { ...response, body: Buffer.from(response.body) });
      }
      await send(res, entry, response);
      log(response.status, fault ? ` fault=${fault.kind}` : '');
    } catch (error) {
      if (closing.signal.aborted) return;
      logger?.(
        `${req.method} ${req.path} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (!res.headersSent && !res.destroyed) await send(res, entry, vendorError(req.vendor, 500));
      else res.destroy();
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  ctx.url = url;

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve) => {
      closing.abort();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closed;
  };

  const baseUrls = Object.fromEntries(
    SIMULATED_VENDORS.map((v) => [v, url + PREFIXES[v]]),
  ) as Record<SimulatedVendorId, string>;

  return {
    url,
    baseUrls,
    credentials,
    behavior: structuredClone(behavior),
    groundTruth: (vendor: SimulatedVendorId, query?: GroundTruthQuery) =>
      datasets[vendor].groundTruth(query),
    append: (vendor, count, at) => append(vendor, count, at),
    autoAppend: (vendor, options) => auto.setAppend(vendor, options),
    purge,
    autoPurge: (vendor, options) => auto.setPurge(vendor, options),
    faults,
    requests,
    resetRequestLog: () => {
      requests.length = 0;
    },
    expireTokens: () => tokens.expireAll(now()),
    now,
    close,
    [Symbol.asyncDispose]: close,
  };
}
