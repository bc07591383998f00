import {
  DEFAULT_EVENTS_PAGE_SIZE,
  MAX_EVENTS_PAGE_SIZE,
  type AuditLogEventQuery,
} from '@auditrelay/backstage-plugin-audit-logs-common';
import { InputError } from '@backstage/errors';
import type { Request } from 'express';
import { decodeCursor, type EventCursor } from '../store/cursor.js';

const FILTERS = ['source', 'from', 'to', 'actor', 'action', 'category', 'q'] as const;
const SOURCE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

function invalid(name: string, expected: string): InputError {
  return new InputError(`Invalid query parameter "${name}": ${expected}`);
}

/** Checks the parameter names and that each is a single string (no arrays or objects). */
function readParams(req: Request, allowed: readonly string[]): Map<string, string[]> {
  const params = new Map<string, string[]>();
  for (const [name, value] of Object.entries(req.query)) {
    if (!allowed.includes(name))
      throw new InputError(`Unknown query parameter "${name}" (expected ${allowed.join(', ')})`);
    const values = Array.isArray(value) ? value : [value];
    if (!values.every((v): v is string => typeof v === 'string'))
      throw invalid(name, 'expected a plain value');
    params.set(name, values);
  }
  return params;
}

function single(params: Map<string, string[]>, name: string): string | undefined {
  const values = params.get(name);
  if (!values) return undefined;
  if (values.length !== 1) throw invalid(name, 'expected one value');
  return values[0];
}

function text(params: Map<string, string[]>, name: string, max = 500): string | undefined {
  const value = single(params, name);
  if (value === undefined) return undefined;
  if (value.length === 0 || value.length > max)
    throw invalid(name, `expected 1 to ${max} characters`);
  // PostgreSQL refuses NUL in text: without this check the query fails with a 500.
  if (value.includes('\u0000')) throw invalid(name, 'expected text without NUL characters');
  return value;
}

function instant(params: Map<string, string[]>, name: string): string | undefined {
  const value = single(params, name);
  if (value === undefined) return undefined;
  // A date, or a date-time with an offset (Z or ±hh:mm).
  const ok =
    /^\d{4}-\d{2}-\d{2}$/.test(value) ||
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  const time = Date.parse(value);
  if (!ok || Number.isNaN(time))
    throw invalid(
      name,
      'expected an ISO-8601 date or date-time with offset, e.g. 2026-11-01T00:00:00Z',
    );
  return new Date(time).toISOString();
}

function readQuery(params: Map<string, string[]>): AuditLogEventQuery {
  const query: AuditLogEventQuery = {};
  const sources = params
    .get('source')
    ?.flatMap((v) => v.split(','))
    .map((v) => v.trim());
  if (sources) {
    if (sources.length > 50 || !sources.every((s) => SOURCE_ID.test(s)))
      throw invalid('source', 'expected up to 50 source ids');
    query.source = sources;
  }
  const from = instant(params, 'from');
  const to = instant(params, 'to');
  if (from && to && from >= to) throw invalid('to', 'expected a time after "from"');
  if (from) query.from = from;
  if (to) query.to = to;
  for (const name of ['actor', 'action', 'category', 'q'] as const) {
    const value = text(params, name);
    if (value !== undefined) query[name] = value;
  }
  return query;
}

export function parseListQuery(req: Request): {
  query: AuditLogEventQuery;
  limit: number;
  cursor?: EventCursor;
} {
  const params = readParams(req, [...FILTERS, 'limit', 'cursor']);
  const query = readQuery(params);
  const limitText = single(params, 'limit');
  let limit = DEFAULT_EVENTS_PAGE_SIZE;
  if (limitText !== undefined) {
    if (
      !/^\d{1,4}$/.test(limitText) ||
      Number(limitText) < 1 ||
      Number(limitText) > MAX_EVENTS_PAGE_SIZE
    )
      throw invalid('limit', `expected an integer from 1 to ${MAX_EVENTS_PAGE_SIZE}`);
    limit = Number(limitText);
  }
  const cursorText = single(params, 'cursor');
  return cursorText === undefined
    ? { query, limit }
    : { query, limit, cursor: decodeCursor(cursorText) };
}

export function parseExportQuery(
  req: Request,
  formats: readonly string[],
): { query: AuditLogEventQuery; format: string } {
  const params = readParams(req, [...FILTERS, 'format']);
  const query = readQuery(params);
  const format = single(params, 'format') ?? 'ndjson';
  if (!formats.includes(format)) throw invalid('format', `expected one of ${formats.join(', ')}`);
  return { query, format };
}

export function parseEventId(value: string): number {
  if (!/^[1-9]\d{0,15}$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new InputError('Invalid path parameter "id": expected a positive integer event id');
  return Number(value);
}
