// Query values as ASP.NET Core binds them for the UiPath Platform Management APIs.

import { queryParam } from '../http-types.js';
import type { SimRequest, SimResponse } from '../http-types.js';
import { aspNetValidation } from '../vendor-errors.js';

const INT32_MAX = 2_147_483_647;

/** An int32 query value: undefined when absent, a 400 response when invalid. */
export function intParam(req: SimRequest, name: string): number | undefined | SimResponse {
  const text = queryParam(req.query, name);
  if (text === undefined || text === '') return undefined;
  const n = /^\s*\d{1,10}\s*$/.test(text) ? Number(text) : NaN;
  if (!(n <= INT32_MAX)) return aspNetValidation(name, text);
  return n;
}

export function isResponse(value: unknown): value is SimResponse {
  return typeof value === 'object' && value !== null && 'status' in value;
}
