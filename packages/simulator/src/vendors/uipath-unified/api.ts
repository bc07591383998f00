// UiPath unified audit: GET /{org}/orgaudit_/api/query/{events,sources,downloadevents} and the
// same under /{org}/{tenant}/tenantaudit_/. Keyset pages on (createdOn, id), newest first.

import { createHash } from 'node:crypto';
import type { Handler, HandlerContext } from '../../context.js';
import { json } from '../../http-types.js';
import type { SimRequest } from '../../http-types.js';
import type { StoreRange } from '../../record-store.js';
import { isResponse } from '../aspnet-query.js';
import { csvDownload } from '../csv-download.js';
import { checkPlatformManagement } from '../uipath-auth.js';
import { sourceTree } from './catalog.js';
import type { UnifiedScope } from './catalog.js';
import type { UiPathUnifiedData, UiPathUnifiedEvent } from './data.js';
import { ARRAY_FILTERS, appendArray, parseEventsQuery } from './query.js';
import type { CursorAnchor, EventsQuery } from './query.js';

export const UNIFIED_CSV_COLUMNS = [
  'Id',
  'Created On',
  'Organization Id',
  'Organization Name',
  'Tenant Id',
  'Tenant Name',
  'Actor Id',
  'Actor Name',
  'Actor Email',
  'Event Type',
  'Event Source',
  'Event Target',
  'Event Summary',
  'Status',
  'IP Address',
  'IP Country',
  'Event Details',
];

const scopeOf = (req: SimRequest): UnifiedScope =>
  req.params['scope'] === 'tenant' ? 'tenant' : 'organization';

/** The time window of a query: its bounds, never older than retention. */
function windowOf(data: UiPathUnifiedData, query: EventsQuery, ctx: HandlerContext): StoreRange {
  const b = ctx.behavior.uipathUnified;
  let keyLo = data.retentionKey();
  if (query.from !== undefined)
    keyLo = Math.max(keyLo, data.scale.lower(query.from, !b.fromInclusive));
  const range: StoreRange = { keyLo };
  if (query.to !== undefined) range.keyHi = data.scale.upper(query.to, b.toInclusive);
  return range;
}

interface Anchor {
  key: number;
  id: string | undefined;
}

/** A query's window and filter. */
interface Scan {
  window: StoreRange;
  keep: ((ord: number) => boolean) | undefined;
}

/** Matching ordinals strictly beyond the anchor, in `dir` (desc: older, asc: newer). */
function* beyond(
  data: UiPathUnifiedData,
  { window, keep }: Scan,
  dir: 'asc' | 'desc',
  anchor: Anchor | undefined,
): Generator<number> {
  const range = { ...window };
  if (anchor !== undefined && dir === 'desc')
    range.keyHi = Math.min(range.keyHi ?? Infinity, anchor.key);
  if (anchor !== undefined && dir === 'asc')
    range.keyLo = Math.max(range.keyLo ?? -Infinity, anchor.key);
  for (const ord of data.matching(range, dir, keep)) {
    if (anchor !== undefined && data.store.key(ord) === anchor.key) {
      const id = data.idOf(ord);
      if (anchor.id === undefined) continue;
      if (dir === 'desc' ? id >= anchor.id : id <= anchor.id) continue;
    }
    yield ord;
  }
}

const first = (it: Generator<number>): number | undefined => {
  for (const ord of it) return ord;
  return undefined;
};

function anchorOf(data: UiPathUnifiedData, cursor: CursorAnchor): Anchor {
  return { key: data.scale.key(cursor.instant), id: cursor.id };
}

/** The relative cursor URL the real service returns: same query, new anchor, an opaque qw. */
function cursorUrl(
  req: SimRequest,
  query: EventsQuery,
  ctx: HandlerContext,
  anchor: { kind: 'before' | 'after'; event: UiPathUnifiedEvent },
): string {
  const { org, tenant } = req.params;
  const scope = scopeOf(req);
  const path =
    scope === 'tenant'
      ? `/${encodeURIComponent(org ?? '')}/${encodeURIComponent(tenant ?? '')}/tenantaudit_`
      : `/${encodeURIComponent(org ?? '')}/orgaudit_`;
  const qs = new URLSearchParams();
  const encoding = ctx.behavior.uipathUnified.arrayEncoding;
  if (query.raw.from !== undefined) qs.append('from', query.raw.from);
  if (query.raw.to !== undefined) qs.append('to', query.raw.to);
  for (const [name] of ARRAY_FILTERS) appendArray(qs, name, query.raw.arrays[name] ?? [], encoding);
  if (query.raw.status !== undefined) qs.append('status', query.raw.status);
  if (query.raw.searchTerm !== undefined) qs.append('searchTerm', query.raw.searchTerm);
  qs.append('maxCount', String(query.count));
  const qw = createHash('sha256').update(qs.toString()).digest('base64url').slice(0, 22);
  qs.append(anchor.kind, anchor.event.createdOn);
  qs.append(`${anchor.kind}Id`, anchor.event.id);
  qs.append('qw', qw);
  return `${path}/api/query/events?${qs.toString()}`;
}

export function unifiedEvents(data: UiPathUnifiedData): Handler {
  return (req, ctx) => {
    const denied = checkPlatformManagement(req, ctx);
    if (denied) return denied;
    const b = ctx.behavior.uipathUnified;
    const query = parseEventsQuery(req, b, { paging: true });
    if (isResponse(query)) return query;
    const scan: Scan = {
      window: windowOf(data, query, ctx),
      keep: data.matcher({ ...query.filter, scope: scopeOf(req) }),
    };
    const ords: number[] = [];
    if (query.after !== undefined) {
      for (const ord of beyond(data, scan, 'asc', anchorOf(data, query.after))) {
        ords.push(ord);
        if (ords.length >= query.count) break;
      }
      ords.reverse();
    } else {
      const anchor = query.before === undefined ? undefined : anchorOf(data, query.before);
      for (const ord of beyond(data, scan, 'desc', anchor)) {
        ords.push(ord);
        if (ords.length >= query.count) break;
      }
    }
    const auditEvents = ords.map((ord) => data.record(ord));
    const newest = auditEvents[0];
    const oldest = auditEvents[auditEvents.length - 1];
    const anchorAt = (ord: number, event: UiPathUnifiedEvent): Anchor => ({
      key: data.store.key(ord),
      id: event.id,
    });
    let older: string | null = null;
    let newer: string | null = null;
    if (oldest !== undefined) {
      const at = anchorAt(ords[ords.length - 1]!, oldest);
      if (first(beyond(data, scan, 'desc', at)) !== undefined)
        older = cursorUrl(req, query, ctx, { kind: 'before', event: oldest });
    }
    if (newest !== undefined) {
      const at = anchorAt(ords[0]!, newest);
      if (b.newestCursor === 'cursor' || first(beyond(data, scan, 'asc', at)) !== undefined)
        newer = cursorUrl(req, query, ctx, { kind: 'after', event: newest });
    }
    const [previous, next] =
      b.cursorDirection === 'previous-older' ? [older, newer] : [newer, older];
    return json(200, { auditEvents, next, previous });
  };
}

export function unifiedSources(): Handler {
  return (req, ctx) => checkPlatformManagement(req, ctx) ?? json(200, sourceTree(scopeOf(req)));
}

function csvRow(e: UiPathUnifiedEvent): string[] {
  return [
    e.id,
    e.createdOn,
    e.organizationId,
    e.organizationName,
    e.tenantId ?? '',
    e.tenantName ?? '',
    e.actorId ?? '',
    e.actorName,
    e.actorEmail ?? '',
    e.eventType,
    e.eventSource,
    e.eventTarget,
    e.eventSummary,
    String(e.status),
    e.clientInfo?.ipAddress ?? '',
    e.clientInfo?.ipCountry ?? '',
    e.eventDetails,
  ];
}

/** `downloadevents`: every matching event in the window (newest first) as CSV, streamed. */
export function unifiedDownload(data: UiPathUnifiedData): Handler {
  return (req, ctx) => {
    const denied = checkPlatformManagement(req, ctx);
    if (denied) return denied;
    const query = parseEventsQuery(req, ctx.behavior.uipathUnified, { paging: false });
    if (isResponse(query)) return query;
    const scan: Scan = {
      window: windowOf(data, query, ctx),
      keep: data.matcher({ ...query.filter, scope: scopeOf(req) }),
    };
    function* rows(): Generator<string[]> {
      for (const ord of beyond(data, scan, 'desc', undefined)) yield csvRow(data.record(ord));
    }
    return csvDownload(UNIFIED_CSV_COLUMNS, rows(), { name: 'audit-events.csv' });
  };
}
