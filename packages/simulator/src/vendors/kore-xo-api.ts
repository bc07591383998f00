// GET /api/public/auditlogs on the Kore.ai XO platform (Admin Console audit logs).

import { decodeJwt, errors, jwtVerify } from 'jose';
import type { HandlerContext, Handler } from '../context.js';
import { header, json, parseNonNegativeInt } from '../http-types.js';
import type { SimRequest, SimResponse } from '../http-types.js';
import { parseKoreDate } from '../iso-time.js';
import { countSelection, pageSelection } from '../selection.js';
import type { Selection, SelectionOrder } from '../selection.js';
import { StaleCounts } from '../stale-counts.js';
import type { KoreXoBehavior } from '../types.js';
import { koreError } from '../vendor-errors.js';
import type { KoreXoData, KoreXoRecord } from './kore-xo.js';

type KoreXoSort = NonNullable<KoreXoBehavior['sort']>;

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

function order(data: KoreXoData, sort: KoreXoSort): SelectionOrder {
  const dir = sort.endsWith('desc') ? 'desc' : 'asc';
  if (sort.startsWith('time')) return { by: 'key', dir };
  return data.ids.mode === 'arrival'
    ? { by: 'ord', dir }
    : { perm: data.ids.sorted(data.store), dir };
}

export function koreXoHandler(data: KoreXoData): Handler {
  const seenJti = new Set<string>();
  const counts = new StaleCounts();
  return async (req, ctx) => {
    const denied = await authenticate(req, ctx, seenJti);
    if (denied) return denied;
    const b = ctx.behavior.koreXo;
    const reply = (auditlogs: KoreXoRecord[], total: () => number, more: boolean): SimResponse => {
      const body: Record<string, unknown> = {};
      if (b.total !== 'absent') body['total'] = b.total === 'page' ? auditlogs.length : total();
      body['auditlogs'] = auditlogs;
      if (b.moreAvailable === 'accurate') body['moreAvailable'] = more;
      return json(200, body);
    };

    let size = Math.min(b.defaultSize, b.maxSize);
    const sizeText = param(req, 'size');
    if (sizeText !== undefined) {
      const n = parseNonNegativeInt(sizeText);
      if (n === undefined || n < 1) return koreError(400, `Invalid value for size: ${sizeText}`);
      if (n > b.maxSize && b.oversize === 'reject') {
        return koreError(400, `size should not be more than ${b.maxSize}`);
      }
      size = Math.min(n, b.maxSize);
    }
    let offset = 0;
    const offsetText = param(req, 'offset');
    if (offsetText !== undefined) {
      const n = parseNonNegativeInt(offsetText);
      if (n === undefined) return koreError(400, `Invalid value for offset: ${offsetText}`);
      offset = n;
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
      if (b.invertedRange === 'empty') return reply([], () => 0, false);
      if (b.invertedRange === 'reject')
        return koreError(400, 'fromDate should be less than toDate');
      [from, to] = [to, from];
    }

    const selection: Selection = { range: {}, order: order(data, b.sort) };
    const { range } = selection;
    if (from) range.keyLo = b.fromDateInclusive ? from.ms : from.ms + 1;
    if (to) range.keyHi = b.toDateInclusive ? endOf(to) : endOf(to) - 1;
    const fetchAfter = b.fetchAfter === 'honoured' ? param(req, 'fetchAfter') : undefined;
    if (fetchAfter !== undefined) {
      if (!/^[0-9a-f]{24}$/i.test(fetchAfter))
        return koreError(400, `Invalid fetchAfter: ${fetchAfter}`);
      const after = data.ids.after(fetchAfter, data.store);
      if ('ordLo' in after) range.ordLo = after.ordLo;
      else selection.test = after.test;
    }

    const matching = countSelection(data.store, selection);
    const skip = b.offset === 'page' ? offset * size : b.offset === 'record' ? offset : 0;
    const ords = pageSelection(data.store, selection, { skip, take: size });
    const key = JSON.stringify([range.keyLo, range.keyHi, fetchAfter?.toLowerCase()]);
    return reply(
      ords.map((ord) => data.record(ord)),
      () => (b.total === 'stale' ? counts.get(key, () => matching) : matching),
      skip + ords.length < matching,
    );
  };
}
