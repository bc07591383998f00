// The answers of the faults that replace an endpoint's own response.

import { HTML_ERROR_PAGE, JSON_TYPE, header, html, json } from './http-types.js';
import type { SimRequest, SimResponse } from './http-types.js';
import { retryAfterHeader } from './rate-limit.js';
import type { FaultBehavior, SimulatedVendorId } from './types.js';
import { koreError, rateLimited, reason, vendorError } from './vendor-errors.js';
import { unauthorized } from './vendors/uipath-auth.js';
import type { TokenStore } from './vendors/uipath-tokens.js';

export interface FaultResponseContext {
  now(): number;
  tokens: TokenStore;
  /** The last normal 200 data response per vendor (for duplicate-previous-page, cached-answer). */
  lastDataResponse: Map<SimulatedVendorId, SimResponse>;
}

function statusFault(
  fault: Extract<FaultBehavior, { kind: 'status' }>,
  req: SimRequest,
): SimResponse {
  if (fault.echoRequest) {
    const echo = {
      error: reason(fault.status),
      status: fault.status,
      request: {
        method: req.method,
        path: req.path,
        query: Object.fromEntries(req.query),
        headers: req.headers,
      },
    };
    return json(fault.status, echo, fault.headers);
  }
  if (fault.body !== undefined) {
    const type = /^\s*[[{]/.test(fault.body) ? JSON_TYPE : 'text/plain; charset=utf-8';
    return {
      status: fault.status,
      headers: { 'content-type': type, ...fault.headers },
      body: fault.body,
    };
  }
  const base = vendorError(req.vendor, fault.status);
  return { ...base, headers: { ...base.headers, ...fault.headers } };
}

/** The fault's response, or undefined when the fault acts on the normal response instead. */
export function faultResponse(
  fault: FaultBehavior,
  req: SimRequest,
  ctx: FaultResponseContext,
): SimResponse | undefined {
  switch (fault.kind) {
    case 'status':
      return statusFault(fault, req);
    case 'rate-limit': {
      const seconds = fault.retryAfterSeconds ?? 1;
      return rateLimited(
        req.vendor,
        retryAfterHeader(fault.retryAfter ?? 'seconds', seconds * 1000, ctx.now()),
      );
    }
    case 'html-200':
      return html(200, HTML_ERROR_PAGE);
    case 'token-expired': {
      if (req.vendor === 'kore-xo-admin-console' || req.vendor === 'kore-ai-for-work') {
        return koreError(401, 'Token expired', 4002);
      }
      const at = ctx.now();
      ctx.tokens.expire(header(req.headers, 'authorization'), at);
      return unauthorized({ orchestrator: req.vendor === 'uipath-orchestrator-odata' }, at);
    }
    case 'duplicate-previous-page':
      return req.route === 'data' ? ctx.lastDataResponse.get(req.vendor) : undefined;
    case 'cached-answer': {
      const stored = req.route === 'data' ? ctx.lastDataResponse.get(req.vendor) : undefined;
      if (!stored) return undefined;
      return { ...stored, headers: { ...stored.headers, age: String(fault.ageSeconds ?? 60) } };
    }
    case 'reset':
    case 'reset-mid-body':
    case 'delay':
    case 'truncated-json':
      return undefined;
  }
}
