// The request pipeline: parse and route a request, log it, apply latency and an injected fault,
// let `serve` answer (rate limits, then the endpoint), and write the response — cut short where a
// fault says so.

import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AutoChanges } from './auto-changes.js';
import type { ResolvedBehavior } from './defaults.js';
import { faultResponse, type FaultResponseContext } from './fault-response.js';
import type { Faults } from './faults.js';
import { JSON_TYPE, bodyBuffer } from './http-types.js';
import type { SimRequest, SimResponse } from './http-types.js';
import { matchRoute } from './routes.js';
import type { Endpoint } from './routes.js';
import type { RequestLogEntry, SimulatorOptions } from './types.js';
import { vendorError } from './vendor-errors.js';
import { tokenVendor } from './vendors/uipath-identity-api.js';

const MAX_BODY = 1 << 20;

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

export interface RequestPipeline {
  now: () => number;
  behavior: ResolvedBehavior;
  logger: SimulatorOptions['logger'];
  faults: Faults;
  faultContext: FaultResponseContext;
  auto: AutoChanges;
  /** Every request, in arrival order (the simulator's request log). */
  requests: RequestLogEntry[];
  /** Aborted when the simulator closes: pending waits end. */
  closing: AbortSignal;
  /** Rate limits, then the endpoint itself. */
  serve: (req: SimRequest, endpoint: Endpoint) => Promise<SimResponse>;
}

/** The `node:http` request listener of the simulator. */
export function createRequestHandler(pipeline: RequestPipeline) {
  const { now, behavior, logger, faults, faultContext, auto, requests, closing, serve } = pipeline;
  const { lastDataResponse } = faultContext;

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
      if (!res.write(chunk)) await once(res, 'drain', { signal: closing });
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
      if (behavior.latencyMs > 0) await sleep(behavior.latencyMs, undefined, { signal: closing });
      const picked = faults.pick(req.vendor, req.route);
      if (picked.delayMs > 0) await sleep(picked.delayMs, undefined, { signal: closing });
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
      if (closing.aborted) return;
      logger?.(
        `${req.method} ${req.path} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (!res.headersSent && !res.destroyed) await send(res, entry, vendorError(req.vendor, 500));
      else res.destroy();
    }
  };

  return handle;
}
