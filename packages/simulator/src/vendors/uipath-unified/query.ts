// Reading the unified audit API's query: time bounds, the repeated filters in the encoding the
// server expects (arrayEncoding), status, searchTerm, maxCount and the cursor keys.

import { queryParam } from '../../http-types.js';
import type { SimRequest, SimResponse } from '../../http-types.js';
import { parseIso } from '../../iso-time.js';
import type { Instant } from '../../iso-time.js';
import type { UiPathUnifiedBehavior } from '../../types.js';
import { aspNetValidation } from '../../vendor-errors.js';
import { intParam, isResponse } from '../aspnet-query.js';
import type { UnifiedFilter } from './data.js';

export type ArrayEncoding = Required<UiPathUnifiedBehavior>['arrayEncoding'];

/** The repeated filters: query name → UnifiedFilter field. */
export const ARRAY_FILTERS = [
  ['source', 'sources'],
  ['target', 'targets'],
  ['type', 'types'],
  ['userIds', 'userIds'],
] as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A position in the (time, id) order: before/beforeId or after/afterId. */
export interface CursorAnchor {
  /** The time as sent. */
  text: string;
  instant: Instant;
  /** Lower-case GUID; undefined excludes every event at that time. */
  id: string | undefined;
}

export interface EventsQuery {
  filter: UnifiedFilter;
  /** The parameters as sent, for the cursors. */
  raw: {
    from?: string;
    to?: string;
    status?: string;
    searchTerm?: string;
    arrays: Partial<Record<(typeof ARRAY_FILTERS)[number][0], string[]>>;
  };
  from?: Instant;
  to?: Instant;
  /** Events per page after the clamp. */
  count: number;
  before?: CursorAnchor;
  after?: CursorAnchor;
}

/** The values of one repeated filter, read the way the server expects; others are not read. */
export function arrayParam(
  query: URLSearchParams,
  name: string,
  encoding: ArrayEncoding,
): string[] {
  const wanted = name.toLowerCase();
  const out: Array<[number, string]> = [];
  let position = 0;
  for (const [rawKey, value] of query) {
    const key = rawKey.toLowerCase();
    if (encoding === 'repeated' && key === wanted) out.push([position++, value]);
    if (encoding === 'brackets' && key === `${wanted}[]`) out.push([position++, value]);
    if (encoding === 'indexed' && key.startsWith(`${wanted}[`)) {
      const index = /^\[(\d{1,6})\]$/.exec(key.slice(wanted.length));
      if (index) out.push([Number(index[1]), value]);
    }
    if (encoding === 'comma' && key === wanted && out.length === 0) {
      for (const part of value.split(',')) out.push([position++, part.trim()]);
    }
  }
  return out
    .sort((a, b) => a[0] - b[0])
    .map(([, value]) => value)
    .filter((value) => value !== '');
}

/** The repeated filter written the way the server reads it (for cursor URLs). */
export function appendArray(
  query: URLSearchParams,
  name: string,
  values: readonly string[],
  encoding: ArrayEncoding,
): void {
  if (values.length === 0) return;
  if (encoding === 'comma') query.append(name, values.join(','));
  else
    values.forEach((v, i) =>
      query.append(
        encoding === 'repeated' ? name : `${name}[${encoding === 'indexed' ? i : ''}]`,
        v,
      ),
    );
}

function timeParam(
  req: SimRequest,
  name: string,
): { text?: string; instant?: Instant } | SimResponse {
  const text = queryParam(req.query, name);
  if (text === undefined || text === '') return {};
  const instant = parseIso(text);
  return instant === undefined ? aspNetValidation(name, text) : { text, instant };
}

function anchorParam(
  req: SimRequest,
  time: string,
  id: string,
): CursorAnchor | undefined | SimResponse {
  const at = timeParam(req, time);
  if (isResponse(at)) return at;
  if (at.instant === undefined || at.text === undefined) return undefined;
  const idText = queryParam(req.query, id);
  if (idText !== undefined && idText !== '' && !GUID.test(idText))
    return aspNetValidation(id, idText);
  return { text: at.text, instant: at.instant, id: idText ? idText.toLowerCase() : undefined };
}

/** The events (paging: true) or downloadevents query; a 400 response when a value is invalid. */
export function parseEventsQuery(
  req: SimRequest,
  behavior: Required<UiPathUnifiedBehavior>,
  options: { paging: boolean },
): EventsQuery | SimResponse {
  const from = timeParam(req, 'from');
  if (isResponse(from)) return from;
  const to = timeParam(req, 'to');
  if (isResponse(to)) return to;
  const filter: UnifiedFilter = {};
  const raw: EventsQuery['raw'] = { arrays: {} };
  if (from.text !== undefined) raw.from = from.text;
  if (to.text !== undefined) raw.to = to.text;
  for (const [name, field] of ARRAY_FILTERS) {
    const values = arrayParam(req.query, name, behavior.arrayEncoding);
    if (values.length === 0) continue;
    const bad = values.find((v) => !GUID.test(v));
    if (bad !== undefined) return aspNetValidation(name, bad);
    raw.arrays[name] = values;
    filter[field] = new Set(values.map((v) => v.toLowerCase()));
  }
  const status = queryParam(req.query, 'status');
  if (status !== undefined && status !== '') {
    if (status.trim() !== '0' && status.trim() !== '1') return aspNetValidation('status', status);
    filter.status = status.trim() === '1' ? 1 : 0;
    raw.status = status;
  }
  const query: EventsQuery = { filter, raw, count: 0 };
  if (from.instant !== undefined) query.from = from.instant;
  if (to.instant !== undefined) query.to = to.instant;
  if (!options.paging) return query;
  const searchTerm = queryParam(req.query, 'searchTerm');
  if (searchTerm !== undefined && searchTerm !== '') {
    filter.searchTerm = searchTerm;
    raw.searchTerm = searchTerm;
  }
  const maxCount = intParam(req, 'maxCount');
  if (isResponse(maxCount)) return maxCount;
  query.count = Math.min(
    Math.max(maxCount ?? behavior.defaultCount, behavior.minCount),
    behavior.maxCount,
  );
  const before = anchorParam(req, 'before', 'beforeId');
  if (isResponse(before)) return before;
  const after = anchorParam(req, 'after', 'afterId');
  if (isResponse(after)) return after;
  if (before !== undefined) query.before = before;
  else if (after !== undefined) query.after = after;
  return query;
}
