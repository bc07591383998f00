// GET /api/public/auditlogs on Kore.ai AI for Work (personal API key).

import type { Handler } from '../context.js';
import { header, json, parseNonNegativeInt } from '../http-types.js';
import type { SimRequest } from '../http-types.js';
import { msLowerBound, msUpperBound, parseIso } from '../iso-time.js';
import type { StoreRange } from '../record-store.js';
import { pageSelection } from '../selection.js';
import type { Selection } from '../selection.js';
import { koreError } from '../vendor-errors.js';
import type { AiForWorkData } from './ai-for-work.js';

/** The personal key is the account identity for rate limiting. */
export function aiForWorkAccount(req: SimRequest): string {
  return `key:${header(req.headers, 'auth')?.trim() ?? ''}`;
}

function param(req: SimRequest, name: string): string | undefined {
  const value = req.query.get(name);
  return value === null || value === '' ? undefined : value;
}

export function aiForWorkHandler(data: AiForWorkData): Handler {
  return (req, ctx) => {
    const key = header(req.headers, 'auth')?.trim();
    const { apiKey, revokedKeys = [] } = ctx.credentials.aiForWork;
    if (!key || key !== apiKey || revokedKeys.includes(key)) {
      return koreError(401, 'Invalid API key', 4001);
    }
    const b = ctx.behavior.aiForWork;

    const range: StoreRange = {};
    const startText = param(req, 'startTime');
    if (startText !== undefined) {
      const start = parseIso(startText);
      if (!start) return koreError(400, `Invalid startTime: ${startText}`);
      range.keyLo = msLowerBound(start, !b.startInclusive);
    }
    const endText = param(req, 'endTime');
    if (endText !== undefined) {
      const end = parseIso(endText);
      if (!end) return koreError(400, `Invalid endTime: ${endText}`);
      range.keyHi = msUpperBound(end, b.endInclusive);
    }

    const cap = b.hardCap === false ? Infinity : b.hardCap;
    let take = cap;
    let skip = 0;
    if (b.undocumentedPaging) {
      const limitText = param(req, 'limit');
      const skipText = param(req, 'skip');
      const limit = limitText === undefined ? undefined : parseNonNegativeInt(limitText);
      const skipped = skipText === undefined ? undefined : parseNonNegativeInt(skipText);
      if (limitText !== undefined && limit === undefined)
        return koreError(400, `Invalid limit: ${limitText}`);
      if (skipText !== undefined && skipped === undefined)
        return koreError(400, `Invalid skip: ${skipText}`);
      if (limit !== undefined) take = Math.min(limit, cap);
      skip = skipped ?? 0;
    }

    const test = data.matcher({
      entity: param(req, 'entity'),
      entityId: param(req, 'entityId'),
      userId: param(req, 'userId'),
      emailId: param(req, 'emailId'),
      action: param(req, 'action'),
    });
    // The cap keeps the first N in `order`, or the newest/oldest N (then shown in `order`).
    const keep = b.capKeeps === 'first' ? b.order : b.capKeeps === 'newest' ? 'desc' : 'asc';
    const selection: Selection = { range, test, order: { by: 'key', dir: keep } };
    const ords = pageSelection(data.store, selection, { skip, take });
    if (keep !== b.order) ords.reverse();
    return json(200, { logs: ords.map((ord) => data.record(ord)) });
  };
}
