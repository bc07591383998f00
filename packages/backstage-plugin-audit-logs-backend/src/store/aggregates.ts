import type {
  AuditLogFacetField,
  AuditLogFacetValue,
  AuditLogStatsGroupBy,
  AuditLogStatsInterval,
} from '@auditrelay/backstage-plugin-audit-logs-common';
import type { Knex } from 'knex';
import {
  applyCommonFilters,
  applyEventFilters,
  countsCanAnswer,
  usesFts,
  type SearchMode,
  type StoreQuery,
} from './filters.js';
import {
  ACTION_COUNTS_TABLE,
  ACTOR_COUNTS_TABLE,
  ACTOR_EXPR,
  COUNTS_TABLE,
  DAILY_COUNTS_TABLE,
  EVENTS_TABLE,
  SOURCE_COUNTS_TABLE,
  SOURCE_DAILY_COUNTS_TABLE,
  ACTION_TOTALS_TABLE,
  ACTOR_TOTALS_TABLE,
  TOTAL_COUNTS_TABLE,
  isPostgres,
} from './tables.js';

const HOUR = 3_600_000;

/** Counts of one bucket start and series key. */
export interface StatsCell {
  start: string;
  key: string;
  count: number;
}

const GROUP_COLUMN: Record<AuditLogStatsGroupBy, string> = {
  category: 'category',
  source: 'source_id',
  outcome: 'outcome',
};

/** The rollups a facet field is counted from (daily, and hourly where there is one). */
const EVENT_LEVELS = {
  total: TOTAL_COUNTS_TABLE,
  daily: DAILY_COUNTS_TABLE,
  hourly: COUNTS_TABLE,
} as const;
const FACET_ROLLUP: Record<AuditLogFacetField, Levels & { column: string }> = {
  category: { ...EVENT_LEVELS, column: 'category' },
  source: { ...EVENT_LEVELS, column: 'source_id' },
  outcome: { ...EVENT_LEVELS, column: 'outcome' },
  action: { total: ACTION_TOTALS_TABLE, daily: ACTION_COUNTS_TABLE, column: 'action' },
  actor: { total: ACTOR_TOTALS_TABLE, daily: ACTOR_COUNTS_TABLE, column: 'actor' },
};

const FACET_COLUMN: Record<AuditLogFacetField, string> = {
  action: 'action',
  category: 'category',
  source: 'source_id',
  outcome: 'outcome',
  actor: ACTOR_EXPR,
};

/**
 * The rollup tables a query may read: all-time totals, whole days, whole hours (each may be
 * absent).
 */
interface Levels {
  total?: string;
  daily?: string;
  hourly?: string;
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

interface Range {
  from?: string;
  to?: string;
}

/** Splits [from, to) into whole units (unbounded sides stay open) and the partial ends. */
export function splitRange(range: Range, unit: number): { whole?: Range; rest: Range[] } {
  const { from, to } = range;
  const start = from ? iso(Math.ceil(Date.parse(from) / unit) * unit) : undefined;
  const end = to ? iso(Math.floor(Date.parse(to) / unit) * unit) : undefined;
  if (start && end && start >= end) return { rest: [range] };
  const rest: Range[] = [];
  if (from && start !== from) rest.push({ from, to: start });
  if (to && end !== to) rest.push({ from: end, to });
  return { whole: { ...(start ? { from: start } : {}), ...(end ? { to: end } : {}) }, rest };
}

function bucketStart(key: string, interval: AuditLogStatsInterval): string {
  return interval === 'hour' ? `${key}:00:00.000Z` : `${key}T00:00:00.000Z`;
}

interface Part extends Range {
  /** A rollup table, or the events. */
  table: string;
  /** The part's buckets are days (else hours, or events). */
  daily?: boolean;
  /** -1: subtracted (what lies outside the range, taken from the all-time totals). */
  sign?: -1;
}

/**
 * Where each piece of the range is counted: whole days from the daily rollup (when given), whole
 * hours from the hourly one (when given), the rest from the events. A query the rollups cannot
 * answer (actor, action, q, user or group filters) is counted from the events alone.
 */
function parts(query: StoreQuery, levels: Levels): Part[] {
  const range = { from: query.from, to: query.to };
  if (!countsCanAnswer(query)) return [{ table: EVENTS_TABLE, ...range }];
  const out: Part[] = [];
  const days = levels.daily ? splitRange(range, DAY) : { rest: [range] };
  if (days.whole && levels.daily) out.push({ table: levels.daily, daily: true, ...days.whole });
  for (const piece of days.rest) {
    const hours = levels.hourly ? splitRange(piece, HOUR) : { rest: [piece] };
    if (hours.whole && levels.hourly) out.push({ table: levels.hourly, ...hours.whole });
    for (const raw of hours.rest) out.push({ table: EVENTS_TABLE, ...raw });
  }
  return out;
}

/**
 * The stored events' first and last time, or undefined when none: one query each (SQLite reads
 * a lone min() or max() from the end of the time index, both in one query scan the table).
 */
async function storedSpan(knex: Knex): Promise<{ first: number; last: number } | undefined> {
  const end = async (fn: 'min' | 'max') => {
    const qb = knex(EVENTS_TABLE);
    const row = await (
      fn === 'min' ? qb.min({ at: 'occurred_at' }) : qb.max({ at: 'occurred_at' })
    ).first<{ at: string | null } | undefined>();
    return row?.at ? Date.parse(row.at) : undefined;
  };
  const [first, last] = await Promise.all([end('min'), end('max')]);
  return first !== undefined && last !== undefined ? { first, last } : undefined;
}

/**
 * The parts of a facet: with all-time totals, an unbounded range is the totals, and a range that
 * covers most of the stored time is the totals minus what lies outside it (both ends counted as
 * `parts` would, with sign -1), exact either way; else `parts`.
 */
async function facetParts(knex: Knex, query: StoreQuery, levels: Levels): Promise<Part[]> {
  const { total } = levels;
  if (!total || !countsCanAnswer(query)) return parts(query, levels);
  const { from, to } = query;
  if (!from && !to) return [{ table: total }];
  if (from && to && from >= to) return parts(query, levels);
  const span = await storedSpan(knex);
  if (!span) return parts(query, levels);
  const start = from ? Date.parse(from) : -Infinity;
  const end = to ? Date.parse(to) : Infinity;
  const inside = Math.min(end, span.last + 1) - Math.max(start, span.first);
  const outside = Math.max(0, start - span.first) + Math.max(0, span.last + 1 - end);
  if (outside >= inside) return parts(query, levels);
  const out: Part[] = [{ table: total }];
  const { from: _from, to: _to, ...rest } = query;
  const below = from ? parts({ ...rest, to: from }, levels) : [];
  const above = to ? parts({ ...rest, from: to }, levels) : [];
  for (const part of [...below, ...above]) out.push({ ...part, sign: -1 });
  return out;
}

/** Rows under which `q` is tested on each row rather than looked up in an index (see `searchFor`). */
const LIKE_BELOW = 20_000;

/**
 * How to search `q` when counting: when the other filters leave few rows (a day, say), testing
 * the text on each of them is cheaper than every index match of a frequent text (an index-only
 * probe decides). On PostgreSQL the planner does not know that: at 2M events it intersected one
 * day (5,500 rows) with 137,000 trigram matches, 80 ms instead of a few.
 */
async function searchFor(knex: Knex, search: SearchMode, query: StoreQuery): Promise<SearchMode> {
  // Only an index lookup of `q` can lose to a scan (SQLite without FTS5 scans anyway).
  if (!query.q || !(usesFts(query.q, search) || isPostgres(knex))) return search;
  const probe = knex(EVENTS_TABLE).select('id');
  applyEventFilters(probe, { ...query, q: undefined }, knex, search);
  const rows = await knex
    .count({ n: '*' })
    .from(probe.limit(LIKE_BELOW).as('probe'))
    .first<{ n: number | string }>();
  return Number(rows.n) < LIKE_BELOW ? 'scan' : search;
}

async function scoped(knex: Knex, search: SearchMode, query: StoreQuery, part: Part) {
  const bounded = { ...query, from: part.from, to: part.to };
  if (part.table === EVENTS_TABLE) {
    const qb = knex(EVENTS_TABLE);
    applyEventFilters(qb, bounded, knex, await searchFor(knex, search, bounded));
    return { qb, time: 'occurred_at', count: 'count(*)' };
  }
  const qb = knex(part.table);
  applyCommonFilters(qb, bounded, knex, { sourceId: 'source_id' });
  if (part.from) void qb.where('bucket_start', '>=', part.from);
  if (part.to) void qb.where('bucket_start', '<', part.to);
  return { qb, time: 'bucket_start', count: 'sum(count)' };
}

/** Events per bucket and series for the filters: whole hours from the counts where it can. */
export async function stats(
  knex: Knex,
  search: SearchMode,
  query: StoreQuery,
  { interval, groupBy }: { interval: AuditLogStatsInterval; groupBy: AuditLogStatsGroupBy },
): Promise<StatsCell[]> {
  const length = interval === 'hour' ? 13 : 10;
  const column = GROUP_COLUMN[groupBy];
  const cells = new Map<string, StatsCell>();
  // By source without category or outcome filters: the per-source rollups (one row per bucket
  // and source instead of one per category and outcome as well).
  const bySource = groupBy === 'source' && !query.category && !query.outcome;
  const levels: Levels = bySource
    ? { hourly: SOURCE_COUNTS_TABLE, daily: SOURCE_DAILY_COUNTS_TABLE }
    : { hourly: COUNTS_TABLE, daily: DAILY_COUNTS_TABLE };
  // Hourly buckets never come from a daily rollup.
  if (interval === 'hour') delete levels.daily;
  // Disjoint parts only add up: read side by side (each on its own pooled connection).
  const answers = await Promise.all(
    parts(query, levels).map(async (part) => {
      const { qb, time, count } = await scoped(knex, search, query, part);
      // A counts table of the interval's own size groups on its bucket as stored (half the time
      // of cutting it, measured on PostgreSQL).
      const same = part.table !== EVENTS_TABLE && (interval === 'day') === Boolean(part.daily);
      const bucket = same ? time : `substr(${time}, 1, ${length})`;
      const rows: { bucket: string; series: string; n: number | string }[] = await qb
        .select(knex.raw(`${bucket} as bucket`), knex.raw(`${column} as series`))
        .select(knex.raw(`${count} as n`))
        .groupByRaw(`${bucket}, ${column}`);
      return rows;
    }),
  );
  for (const rows of answers) {
    for (const row of rows) {
      const cut = row.bucket.length === length ? row.bucket : row.bucket.slice(0, length);
      const id = `${cut}\u0000${row.series}`;
      const cell = cells.get(id);
      if (cell) cell.count += Number(row.n);
      else
        cells.set(id, {
          start: bucketStart(cut, interval),
          key: row.series,
          count: Number(row.n),
        });
    }
  }
  return [...cells.values()].filter((cell) => cell.count > 0);
}

/** Distinct values of one field within the filters, by count desc then value asc. */
export async function facet(
  knex: Knex,
  search: SearchMode,
  query: StoreQuery,
  { field, limit }: { field: AuditLogFacetField; limit: number },
): Promise<AuditLogFacetValue[]> {
  const rollup = FACET_ROLLUP[field];
  if (!countsCanAnswer(query)) {
    const qb = knex(EVENTS_TABLE);
    applyEventFilters(qb, query, knex, await searchFor(knex, search, query));
    const column = FACET_COLUMN[field];
    const rows = (await qb
      .select(knex.raw(`${column} as value`), knex.raw('count(*) as n'))
      .whereRaw(`${column} is not null`)
      .groupByRaw(column)
      .orderByRaw(`count(*) desc, ${column} asc`)
      .limit(limit)) as unknown as { value: string; n: number | string }[];
    return rows.map((row) => ({ value: row.value, count: Number(row.n) }));
  }
  const totals = new Map<string, number>();
  const count = async (db: Knex, part: Part) => {
    const { qb, count: n } = await scoped(db, search, query, part);
    const column = part.table === EVENTS_TABLE ? FACET_COLUMN[field] : rollup.column;
    const rows: { value: string; n: number | string }[] = await qb
      .select(db.raw(`${column} as value`), db.raw(`${n} as n`))
      .whereRaw(`${column} is not null`)
      .groupByRaw(column);
    const sign = part.sign ?? 1;
    for (const row of rows)
      totals.set(row.value, (totals.get(row.value) ?? 0) + sign * Number(row.n));
  };
  const planned = await facetParts(knex, query, rollup);
  if (planned.some((part) => part.sign === -1)) {
    // Totals minus the outside: every part from one snapshot, or a batch stored between two reads
    // would be subtracted without having been counted.
    await knex.transaction(
      async (trx) => {
        for (const part of planned) await count(trx, part);
      },
      isPostgres(knex) ? { isolationLevel: 'repeatable read', readOnly: true } : {},
    );
  } else {
    // Disjoint parts only add up: read them side by side (each on its own pooled connection).
    await Promise.all(planned.map((part) => count(knex, part)));
  }
  return [...totals.entries()]
    .filter(([, count]) => count > 0)
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .slice(0, limit);
}

/** The oldest stored event's time within the filters' sources (for the default interval). */
export async function oldestEventAt(knex: Knex, sources?: string[]): Promise<string | undefined> {
  const qb = knex(EVENTS_TABLE).min({ at: 'occurred_at' });
  if (sources && sources.length > 0) void qb.whereIn('source_id', sources);
  const row = await qb.first<{ at: string | null } | undefined>();
  return row?.at ?? undefined;
}
