// Error bodies in each vendor's own shape.

import { json, traceId } from './http-types.js';
import type { SimResponse } from './http-types.js';
import type { SimulatedVendorId } from './types.js';

export const KORE_RATE_LIMIT_MESSAGE =
  'Rate limit for this API has been reached. Please try again after some time.';

/** Kore.ai platform errors: {"errors":[{"msg":"…","code":4002}]} */
export function koreError(status: number, msg: string, code: number = status): SimResponse {
  return json(status, { errors: [{ msg, code }] });
}

/** UiPath service errors: {"message","errorCode","traceId"} */
export function uipathError(
  status: number,
  message: string,
  errorCode: number,
  headers: Record<string, string> = {},
): SimResponse {
  return json(status, { message, errorCode, traceId: traceId() }, headers);
}

/** ASP.NET Core model validation (ValidationProblemDetails). */
export function aspNetValidation(
  field: string,
  value: string,
  message = `The value '${value}' is not valid.`,
): SimResponse {
  return {
    status: 400,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
    body: JSON.stringify({
      type: 'https://tools.ietf.org/html/rfc7231#section-6.5.1',
      title: 'One or more validation errors occurred.',
      status: 400,
      traceId: `00-${traceId()}-${traceId().slice(0, 16)}-00`,
      errors: { [field]: [message] },
    }),
  };
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function reason(status: number): string {
  return REASONS[status] ?? `HTTP ${status}`;
}

export function isKore(vendor: SimulatedVendorId): boolean {
  return vendor === 'kore-xo-admin-console' || vendor === 'kore-ai-for-work';
}

/** The vendor's error body for a bare status (faults, 404s). */
export function vendorError(
  vendor: SimulatedVendorId,
  status: number,
  message = reason(status),
): SimResponse {
  if (isKore(vendor)) return koreError(status, message);
  const code = vendor === 'uipath-orchestrator-odata' ? 0 : status;
  return uipathError(status, message, code);
}

/** 429 in the vendor's shape. */
export function rateLimited(
  vendor: SimulatedVendorId,
  retryAfter: string | undefined,
): SimResponse {
  const headers: Record<string, string> =
    retryAfter === undefined ? {} : { 'retry-after': retryAfter };
  if (isKore(vendor)) {
    return json(429, { errors: [{ msg: KORE_RATE_LIMIT_MESSAGE, code: 429 }] }, headers);
  }
  return uipathError(429, 'Too many requests. Please retry later.', 429, headers);
}
