// startSimulator: the vendors' datasets and handlers, rate limits, the node:http server and the
// control API (ground truth, appends, purges, faults, request log).

import { SOURCE_TRUTH } from './source-configs.js';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Handler, HandlerContext } from './context.js';
import {
  DEFAULT_RATE_LIMITS,
  SIMULATED_VENDORS,
  resolveBehavior,
  resolveCredentials,
} from './defaults.js';
import { AutoChanges } from './auto-changes.js';
import { Faults } from './faults.js';
import { JSON_TYPE } from './http-types.js';
import type { SimRequest, SimResponse } from './http-types.js';
import { mergeProfile } from './profiles.js';
import { RateLimiter, retryAfterHeader } from './rate-limit.js';
import { createRequestHandler } from './request-pipeline.js';
import { PREFIXES } from './routes.js';
import type { Endpoint } from './routes.js';
import type {
  GroundTruthQuery,
  RequestLogEntry,
  Simulator,
  SimulatorOptions,
  SimulatedVendorId,
} from './types.js';
import { createVendorDatasets } from './vendor-datasets.js';
import { rateLimited, reason, vendorError } from './vendor-errors.js';
import { aiForWorkAccount, aiForWorkHandler } from './vendors/ai-for-work-api.js';
import { koreXoAccount, koreXoHandler } from './vendors/kore-xo-api.js';
import { orchestratorDetails, orchestratorList } from './vendors/orchestrator-api.js';
import { uipathAccount } from './vendors/uipath-auth.js';
import { tokenHandler } from './vendors/uipath-identity-api.js';
import { uipathPlatformDownload, uipathPlatformList } from './vendors/uipath-platform-api.js';
import { TokenStore } from './vendors/uipath-tokens.js';
import { unifiedDownload, unifiedEvents, unifiedSources } from './vendors/uipath-unified/api.js';

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const clock = options.now ?? Date.now;
  const skew = options.clockSkewMs ?? 0;
  const now = (): number => clock() + skew;
  const startNow = now();
  const seed = options.seed ?? 1;
  const credentials = resolveCredentials(options.credentials);
  const behavior = resolveBehavior(mergeProfile(options.profile, options.behavior));
  const logger = options.logger;

  const {
    koreXo,
    aiForWork,
    platform,
    orchestrator,
    unified,
    byVendor: datasets,
  } = createVendorDatasets(options, { seed, startNow, now, credentials, behavior });

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
    now,
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

  const handle = createRequestHandler({
    now,
    behavior,
    logger,
    faults,
    faultContext,
    auto,
    requests,
    closing: closing.signal,
    serve,
  });
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
    groundTruthOfSource: (vendor: SimulatedVendorId, query?: GroundTruthQuery) =>
      datasets[vendor].groundTruth({ ...SOURCE_TRUTH[vendor], ...query }),
    everStored: (vendor: SimulatedVendorId) => datasets[vendor].everStored(),
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
