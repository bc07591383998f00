// GET /api/public/auditlogs on the Kore.ai XO platform (Admin Console audit logs).

import { decodeJwt, errors, jwtVerify } from 'jose';
import type { HandlerContext, Handler } from '../context.js';
import { header, json, parseNonNegativeInt } from '../http-types.js';
import type { SimRequest, SimResponse } from '../http-types.js';
import { parseKoreDate } from '../iso-time.js';
import type { StoreRange } from '../record-store.js';
import { koreError } from '../vendor-errors.js';
import type { KoreXoData } from './kore-xo.js';

const DAY_MS = 86_400_000;
const INVALID = 'Invalid SDK credentials';

/** The account a request claims (unverified), for per-account rate limiting. */
export function koreXoAccount(req: SimRequest): string {
  const token = header(req.headers, 'auth');
  if (!token) return 'anonymous';
  try {
    const appId = decodeJwt(token)['appId'];
    return typeof appId === 'string' ? `app:${appId}` : 'anonymous';
  } catch {
    return 'anonymous';
  }
}

async function authenticate(
  req: SimRequest,
  ctx: HandlerContext,
  seenJti: Set<string>,
): Promise<SimResponse | undefined> {
  const token = header(req.headers, 'auth')?.trim();
  if (!token) return koreError(401, INVALID, 4002);
  const { clientId, clientSecret } = ctx.credentials.koreXo;
  let payload: Record<string, unknown>;
  try {
    const verified = await jwtVerify(token, new TextEncoder().encode(clientSecret), {
      algorithms: ctx.behavior.koreXo.algorithms,
      currentDate: new Date(ctx.now()),
    });
    payload = verified.payload;
  } catch (error) {
    if (error instanceof errors.JWTExpired) return koreError(401, 'Token expired', 4002);
    return koreError(401, INVALID, 4002);
  }
  if (payload['appId'] !== clientId) return koreError(401, INVALID, 4002);
  if (ctx.behavior.koreXo.requireJti) {
    const jti = payload['jti'];
    if (typeof jti !== 'string' || jti === '') return koreError(401, 'JTI is mandatory', 4002);
    if (seenJti.has(jti)) return koreError(401, 'JTI has already been used', 4002);
    seenJti.add(jti);
  }
  return undefined;
}

function param(req: SimRequest, name: string): string | undefined {
  const value = req.query.get(name);
  return value === null || value === '' ? undefined : value;
}

export function koreXoHandler(data: KoreXoData): Handler {
  const seenJti = new Set<string>();
  return async (req, ctx) => {
    const denied = await authenticate(req, ctx, seenJti);
    if (denied) return denied;
    const b = ctx.behavior.koreXo;

    let size = b.defaultSize;
    const sizeText = param(req, 'size');
    if (sizeText !== undefined) {
      const n = parseNonNegativeInt(sizeText);
      if (n === undefined || n < 1) return koreError(400, `Invalid value for size: ${sizeText}`);
      if (n > b.maxSize && b.oversize === 'reject') {
        return koreError(400, `size should not be more than ${b.maxSize}`);
      }
      size = Math.min(n, b.maxSize);
    }
    let page = 0;
    const offsetText = param(req, 'offset');
    if (offsetText !== undefined) {
      const n = parseNonNegativeInt(offsetText);
      if (n === undefined) return koreError(400, `Invalid value for offset: ${offsetText}`);
      page = n;
    }

    const fromText = param(req, 'fromDate');
    const toText = param(req, 'toDate');
    let from = fromText === undefined ? undefined : parseKoreDate(fromText);
    let to = toText === undefined ? undefined : parseKoreDate(toText);
    if (fromText !== undefined && from === undefined) {
      return koreError(400, 'Invalid fromDate. Use yyyy-mm-dd or yyyy-mm-ddThh:mm:ss.msZ');
    }
    if (toText !== undefined && to === undefined) {
      return koreError(400, 'Invalid toDate. Use yyyy-mm-dd or yyyy-mm-ddThh:mm:ss.msZ');
    }
    const endOf = (instant: NonNullable<typeof to>): number =>
      instant.dateOnly && b.dateOnlyTo === 'end-of-day' ? instant.ms + DAY_MS - 1 : instant.ms;
    if (from && to && from.ms > endOf(to)) {
      if (b.invertedRange === 'empty')
        return json(200, { total: 0, auditlogs: [], moreAvailable: false });
      if (b.invertedRange === 'reject')
        return koreError(400, 'fromDate should be less than toDate');
      [from, to] = [to, from];
    }

    const range: StoreRange = {};
    if (from) range.keyLo = from.ms;
    if (to) range.keyHi = b.toDateInclusive ? endOf(to) : endOf(to) - 1;
    const fetchAfter = param(req, 'fetchAfter');
    if (fetchAfter !== undefined) {
      if (!/^[0-9a-f]{24}$/i.test(fetchAfter))
        return koreError(400, `Invalid fetchAfter: ${fetchAfter}`);
      range.ordLo = data.ids.firstOrdAfter(fetchAfter, data.store);
    }

    const matching = data.store.count(range);
    const skip = page * size;
    const ords = data.store.page(range, { by: 'key', dir: 'asc' }, { skip, take: size });
    const auditlogs = ords.map((ord) => data.record(ord));
    return json(200, {
      total: b.total === 'matching' ? matching : auditlogs.length,
      auditlogs,
      moreAvailable: skip + auditlogs.length < matching,
    });
  };
}
