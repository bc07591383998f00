// Orchestrator OData: GET …/orchestrator_/odata/AuditLogs and GetAuditLogDetails(auditLogId=…).

import type { Handler, HandlerContext } from '../context.js';
import type { SimRequest, SimResponse } from '../http-types.js';
import { msLowerBound, msUpperBound, parseIso } from '../iso-time.js';
import type { StoreOrder, StoreRange } from '../record-store.js';
import { StaleCounts } from '../stale-counts.js';
import type { OrchestratorBehavior } from '../types.js';
import { uipathError } from '../vendor-errors.js';
import type { AuditLogDto, OrchestratorData } from './orchestrator.js';
import { checkBearer, checkOrgTenant } from './uipath-auth.js';

const SCOPES = ['OR.Audit', 'OR.Audit.Read'];
const FLAVOR = { orchestrator: true };
const BAD_QUERY = 1002;
const ODATA_JSON =
  'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8';
const INVALID_URI = 'The query specified in the URI is not valid.';

const DTO_FIELDS: ReadonlyArray<keyof AuditLogDto> = [
  'ServiceName',
  'MethodName',
  'Parameters',
  'ExecutionTime',
  'Action',
  'Component',
  'DisplayName',
  'EntityId',
  'OperationText',
  'UserName',
  'UserType',
  'Entities',
  'ExternalClientId',
  'UserId',
  'UserIsDeleted',
  'Id',
];
const SUPPORTED_OPTIONS = new Set([
  '$filter',
  '$orderby',
  '$top',
  '$skip',
  '$count',
  '$select',
  '$expand',
]);

class ODataError extends Error {}

/** What the server orders by without `$orderby` (or ignoring it); ties by Id the same way. */
const DEFAULT_ORDERS: Record<NonNullable<OrchestratorBehavior['defaultOrder']>, StoreOrder> = {
  'id-asc': { by: 'ord', dir: 'asc' },
  'id-desc': { by: 'ord', dir: 'desc' },
  'time-desc': { by: 'key', dir: 'desc', tieDir: 'desc' },
};

function badQuery(message: string): SimResponse {
  return uipathError(400, message, BAD_QUERY);
}

function odata(value: Record<string, unknown>): SimResponse {
  return {
    status: 200,
    headers: { 'content-type': ODATA_JSON, 'odata-version': '4.0' },
    body: JSON.stringify(value),
  };
}

function property(name: string): 'Id' | 'ExecutionTime' {
  if (name.toLowerCase() === 'id') return 'Id';
  if (name.toLowerCase() === 'executiontime') return 'ExecutionTime';
  throw new ODataError(
    `${INVALID_URI} Filtering or sorting on property '${name}' is not supported (only Id and ExecutionTime).`,
  );
}

/** True when the text is one parenthesized group: "(a) and (b)" is not. */
function wrapped(text: string): boolean {
  if (!text.startsWith('(') || !text.endsWith(')')) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    if (depth === 0 && i < text.length - 1) return false;
  }
  return true;
}

function unwrap(text: string): string {
  let s = text.trim();
  while (wrapped(s)) s = s.slice(1, -1).trim();
  return s;
}

/** `Id gt 5 and ExecutionTime ge 2024-05-01T00:00:00Z` → store range (Id = ordinal + 1). */
export function parseFilter(text: string): StoreRange {
  const range: StoreRange = {};
  const lift = (key: 'ordLo' | 'keyLo', v: number): void => {
    range[key] = Math.max(range[key] ?? -Infinity, v);
  };
  const lower = (key: 'ordHi' | 'keyHi', v: number): void => {
    range[key] = Math.min(range[key] ?? Infinity, v);
  };
  for (const raw of unwrap(text).split(/\s+and\s+/i)) {
    const m = /^([A-Za-z]+)\s+(eq|gt|ge|lt|le)\s+(.+)$/i.exec(unwrap(raw));
    if (!m)
      throw new ODataError(
        `${INVALID_URI} Syntax error or unsupported expression: '${raw.trim()}'.`,
      );
    const prop = property(m[1]!);
    const op = m[2]!.toLowerCase();
    const literal = m[3]!.trim();
    if (prop === 'Id') {
      const digits = /^(-?\d{1,18})L?$/i.exec(literal);
      if (!digits)
        throw new ODataError(`${INVALID_URI} '${literal}' is not a valid Edm.Int64 literal.`);
      const n = Number(digits[1]);
      // Id = ord + 1, ordinals are [ordLo, ordHi).
      if (op === 'eq' || op === 'ge') lift('ordLo', n - 1);
      if (op === 'gt') lift('ordLo', n);
      if (op === 'eq' || op === 'le') lower('ordHi', n);
      if (op === 'lt') lower('ordHi', n - 1);
    } else {
      const bare = literal.replace(/^'(.*)'$/, '$1');
      const instant =
        /T/i.test(bare) && /(Z|[+-]\d{2}:?\d{2})$/i.test(bare) ? parseIso(bare) : undefined;
      if (!instant)
        throw new ODataError(
          `${INVALID_URI} '${literal}' is not a valid Edm.DateTimeOffset literal.`,
        );
      if (op === 'eq' || op === 'ge') lift('keyLo', msLowerBound(instant, false));
      if (op === 'gt') lift('keyLo', msLowerBound(instant, true));
      if (op === 'eq' || op === 'le') lower('keyHi', msUpperBound(instant, true));
      if (op === 'lt') lower('keyHi', msUpperBound(instant, false));
    }
  }
  range.ordLo = range.ordLo === undefined ? undefined : Math.max(0, range.ordLo);
  range.ordHi = range.ordHi === undefined ? undefined : Math.max(0, range.ordHi);
  return range;
}

/** `ExecutionTime desc,Id asc` → store order. Stable ordering: ties fall back to Id asc. */
export function parseOrderBy(text: string): StoreOrder {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length > 5)
    throw new ODataError(
      `${INVALID_URI} The limit of '5' for OrderBy expressions has been exceeded.`,
    );
  const keys = parts.map((part) => {
    const m = /^([A-Za-z]+)(?:\s+(asc|desc))?$/i.exec(part);
    if (!m) throw new ODataError(`${INVALID_URI} Syntax error in $orderby: '${part}'.`);
    return { prop: property(m[1]!), dir: (m[2]?.toLowerCase() ?? 'asc') as 'asc' | 'desc' };
  });
  const [first] = keys;
  if (!first) throw new ODataError(`${INVALID_URI} Empty $orderby.`);
  if (first.prop === 'Id') return { by: 'ord', dir: first.dir };
  const tie = keys.slice(1).find((k) => k.prop === 'Id');
  return { by: 'key', dir: first.dir, tieDir: tie?.dir ?? 'asc' };
}

function intOption(req: SimRequest, name: string): number | undefined {
  const text = req.query.get(name);
  if (text === null) return undefined;
  if (!/^\d{1,10}$/.test(text.trim())) {
    throw new ODataError(`${INVALID_URI} Invalid value '${text}' for ${name} query option found.`);
  }
  return Number(text.trim());
}

function baseUrl(req: SimRequest, ctx: HandlerContext): string {
  if (req.params['standalone']) return `${ctx.url}/uipath`;
  return `${ctx.url}/uipath/${req.params['org'] ?? ''}/${req.params['tenant'] ?? ''}/orchestrator_`;
}

/**
 * A standalone Orchestrator has one organization and names the tenant in a header; a request
 * without it is refused as an unknown tenant, as a multi-tenant server would.
 */
function withStandaloneTenant(req: SimRequest, ctx: HandlerContext): SimRequest {
  if (!req.params['standalone']) return req;
  const header = req.headers['x-uipath-tenantname'];
  const tenant = (Array.isArray(header) ? header[0] : header) ?? '';
  return { ...req, params: { ...req.params, org: ctx.credentials.uipath.organization, tenant } };
}

function guard(req: SimRequest, ctx: HandlerContext): SimResponse | undefined {
  const resolved = withStandaloneTenant(req, ctx);
  return (
    checkOrgTenant(resolved, ctx, FLAVOR) ??
    checkBearer(resolved, ctx, { scopes: SCOPES, orchestrator: true })
  );
}

export function orchestratorList(data: OrchestratorData): Handler {
  const counts = new StaleCounts();
  return (req, ctx) => {
    const denied = guard(req, ctx);
    if (denied) return denied;
    try {
      for (const key of req.query.keys()) {
        if (key.startsWith('$') && !SUPPORTED_OPTIONS.has(key)) {
          throw new ODataError(`${INVALID_URI} The query parameter '${key}' is not supported.`);
        }
      }
      const b = ctx.behavior.orchestrator;
      const filter = b.filter === 'ignored' ? null : req.query.get('$filter');
      const range = filter === null || filter.trim() === '' ? {} : parseFilter(filter);
      if (b.filter === 'ignore-id') {
        delete range.ordLo;
        delete range.ordHi;
      }
      const orderBy = b.orderby === 'ignored' ? null : req.query.get('$orderby');
      const order: StoreOrder =
        orderBy === null || orderBy.trim() === ''
          ? DEFAULT_ORDERS[b.defaultOrder]
          : parseOrderBy(orderBy);
      let top = intOption(req, '$top') ?? Math.min(b.defaultTop, b.maxTop);
      if (top > b.maxTop) {
        if (b.oversizeTop === 'reject') {
          throw new ODataError(
            `${INVALID_URI} The limit of '${b.maxTop}' for Top query has been exceeded. The value from the incoming request is '${top}'.`,
          );
        }
        top = b.maxTop;
      }
      const skip = intOption(req, '$skip') ?? 0;
      const countText = req.query.get('$count');
      if (countText !== null && !/^(true|false)$/i.test(countText)) {
        throw new ODataError(`${INVALID_URI} '${countText}' is not a valid count option.`);
      }
      const select = req.query.get('$select');
      const fields =
        select === null || select.trim() === '' || select.trim() === '*'
          ? undefined
          : select.split(',').map((f) => {
              const name = DTO_FIELDS.find((d) => d === f.trim());
              if (!name)
                throw new ODataError(
                  `${INVALID_URI} Could not find a property named '${f.trim()}' on type 'AuditLogDto'.`,
                );
              return name;
            });
      const expand = req.query.get('$expand');
      if (expand !== null && expand.trim() !== '' && expand.trim() !== 'Entities') {
        throw new ODataError(
          `${INVALID_URI} Could not find a property named '${expand}' to expand.`,
        );
      }
      const ords = data.store.page(range, order, { skip, take: top });
      const value = ords.map((ord) => {
        const dto = data.record(ord);
        if (expand?.trim() === 'Entities') dto.Entities = data.details(ord);
        if (!fields) return dto;
        return Object.fromEntries(fields.map((f) => [f, dto[f]]));
      });
      const context = `${baseUrl(req, ctx)}/odata/$metadata#AuditLogs${fields ? `(${fields.join(',')})` : ''}`;
      const body: Record<string, unknown> = { '@odata.context': context };
      if (countText?.toLowerCase() === 'true' && b.count !== 'absent') {
        const count = (): number => data.store.count(range);
        const key = JSON.stringify([range.ordLo, range.ordHi, range.keyLo, range.keyHi]);
        body['@odata.count'] = b.count === 'stale' ? counts.get(key, count) : count();
      }
      body['value'] = value;
      return odata(body);
    } catch (error) {
      if (error instanceof ODataError) return badQuery(error.message);
      throw error;
    }
  };
}

export function orchestratorDetails(data: OrchestratorData): Handler {
  return (req, ctx) => {
    const denied = guard(req, ctx);
    if (denied) return denied;
    const text = req.params['auditLogId'] ?? '';
    if (!/^\d{1,15}L?$/i.test(text)) {
      return badQuery(
        `${INVALID_URI} '${text}' is not a valid value for parameter 'auditLogId' (Edm.Int64).`,
      );
    }
    const id = parseInt(text, 10);
    const value = data.store.isLive(id - 1) ? data.details(id - 1) : [];
    return odata({
      '@odata.context': `${baseUrl(req, ctx)}/odata/$metadata#Collection(UiPath.Application.Dto.Audit.AuditLogEntityDto)`,
      value,
    });
  };
}
