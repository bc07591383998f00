import { AuditRelayError, TIME_INPUT_FORMS, parseTimeInput } from '@auditrelay/core';
import {
  AUDIT_LOG_FACET_FIELDS,
  DEFAULT_EVENTS_PAGE_SIZE,
  DEFAULT_FACET_LIMIT,
  MAX_EVENTS_PAGE_SIZE,
  MAX_FACET_LIMIT,
  type AuditLogEventQuery,
  type AuditLogFacetField,
  type AuditLogStatsGroupBy,
  type AuditLogStatsInterval,
} from '@auditrelay/backstage-plugin-audit-logs-common';
import { InputError } from '@backstage/errors';
import type { Request } from 'express';
import { decodeCursor, type EventCursor } from '../store/cursor.js';

const FILTERS = [
  'source',
  'from',
  'to',
  'actor',
  'action',
  'category',
  'outcome',
  'user',
  'group',
  'q',
] as const;
const OUTCOMES = ['success', 'failure', 'unknown'];
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

/** A time as every auditrelay host reads one (`parseTimeInput`): without an offset it is UTC. */
function instant(params: Map<string, string[]>, name: string): string | undefined {
  const value = single(params, name);
  if (value === undefined) return undefined;
  try {
    return parseTimeInput(value, { timeZone: 'UTC' }).toISOString();
  } catch (error) {
    if (!AuditRelayError.isInstance(error)) throw error;
    throw invalid(name, `expected ${TIME_INPUT_FORMS}`);
  }
}

function integer(
  params: Map<string, string[]>,
  name: string,
  max: number,
  fallback: number,
): number {
  const value = single(params, name);
  if (value === undefined) return fallback;
  if (!/^\d{1,4}$/.test(value) || Number(value) < 1 || Number(value) > max)
    throw invalid(name, `expected an integer from 1 to ${max}`);
  return Number(value);
}

function choice<T extends string>(
  params: Map<string, string[]>,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = single(params, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw invalid(name, `expected one of ${allowed.join(', ')}`);
  return value as T;
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
  for (const name of ['actor', 'action', 'category', 'user', 'group', 'q'] as const) {
    const value = text(params, name);
    if (value !== undefined) query[name] = value;
  }
  const outcome = single(params, 'outcome');
  if (outcome !== undefined) {
    if (!OUTCOMES.includes(outcome))
      throw invalid('outcome', `expected one of ${OUTCOMES.join(', ')}`);
    query.outcome = outcome;
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
  const limit = integer(params, 'limit', MAX_EVENTS_PAGE_SIZE, DEFAULT_EVENTS_PAGE_SIZE);
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

export function parseStatsQuery(req: Request): {
  query: AuditLogEventQuery;
  interval?: AuditLogStatsInterval;
  groupBy: AuditLogStatsGroupBy;
} {
  const params = readParams(req, [...FILTERS, 'interval', 'groupBy']);
  const query = readQuery(params);
  const interval = choice(params, 'interval', ['hour', 'day'] as const);
  const groupBy = choice(params, 'groupBy', ['category', 'source', 'outcome'] as const);
  return { query, ...(interval ? { interval } : {}), groupBy: groupBy ?? 'category' };
}

export function parseFacetsQuery(req: Request): {
  query: AuditLogEventQuery;
  fields: AuditLogFacetField[];
  limit: number;
} {
  const params = readParams(req, [...FILTERS, 'field', 'limit']);
  const query = readQuery(params);
  const asked = params
    .get('field')
    ?.flatMap((v) => v.split(','))
    .map((v) => v.trim());
  if (asked && !asked.every((f) => (AUDIT_LOG_FACET_FIELDS as readonly string[]).includes(f)))
    throw invalid('field', `expected some of ${AUDIT_LOG_FACET_FIELDS.join(', ')}`);
  const fields = asked ? [...new Set(asked as AuditLogFacetField[])] : [...AUDIT_LOG_FACET_FIELDS];
  return { query, fields, limit: integer(params, 'limit', MAX_FACET_LIMIT, DEFAULT_FACET_LIMIT) };
}

export function parseEventId(value: string): number {
  if (!/^[1-9]\d{0,15}$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new InputError('Invalid path parameter "id": expected a positive integer event id');
  return Number(value);
}
