import type { AuditLogEventQuery } from '@auditrelay/backstage-plugin-audit-logs-common';
import type { AuditLogSourceQuery } from '@auditrelay/backstage-plugin-audit-logs-node';
import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import { isAndCriteria, isNotCriteria, isOrCriteria } from '@backstage/plugin-permission-node';
import type { Knex } from 'knex';
import { withoutNul } from './fit.js';
import { FTS_TABLE, SOURCES_TABLE, isPostgres } from './tables.js';

/** Which sources a caller may read: every one (undefined) or the policy's conditions. */
export type SourceAccess = PermissionCriteria<AuditLogSourceQuery> | undefined;

/**
 * The filters as the store applies them: `user` and `group` already resolved to actor emails
 * (through the catalog), and the caller's source access from the permission decision.
 */
export interface StoreQuery extends Omit<AuditLogEventQuery, 'user' | 'group'> {
  /** Events whose actor email is one of these (case-insensitive); empty matches nothing. */
  actorEmails?: string[];
  access?: SourceAccess;
  /** Match `actor` in this one column instead of any of the three (an ordered index scan). */
  actorColumn?: (typeof ACTOR_COLUMNS)[number];
}

/**
 * How `q` is searched: an FTS5 trigram table (SQLite), LIKE (pg_trgm's GIN index serves it), or
 * `scan`: the same substring test in a form no index serves, for rows the other filters already
 * narrowed to a few (the planner would otherwise intersect them with every trigram match).
 */
export type SearchMode = 'fts5' | 'like' | 'scan';

type Builder = Knex.QueryBuilder;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * Adds the access conditions: a tree of allOf / anyOf / not over source ids and types, as SQL.
 * `columns.sourceType` is left out for tables without a type column (they look it up in the sources).
 */
export function applyAccess(
  qb: Builder,
  criteria: PermissionCriteria<AuditLogSourceQuery>,
  knex: Knex,
  columns: { sourceId: string; sourceType?: string },
): void {
  if (isAndCriteria(criteria)) {
    void qb.where((b) => {
      for (const inner of criteria.allOf) void b.where((c) => applyAccess(c, inner, knex, columns));
    });
  } else if (isOrCriteria(criteria)) {
    void qb.where((b) => {
      for (const inner of criteria.anyOf)
        void b.orWhere((c) => applyAccess(c, inner, knex, columns));
    });
  } else if (isNotCriteria(criteria)) {
    void qb.whereNot((b) => applyAccess(b, criteria.not, knex, columns));
  } else if (criteria.values.length === 0) {
    void qb.whereRaw('1 = 0');
  } else if (criteria.property === 'sourceId') {
    void qb.whereIn(columns.sourceId, criteria.values);
  } else if (columns.sourceType) {
    void qb.whereIn(columns.sourceType, criteria.values);
  } else {
    void qb.whereIn(
      columns.sourceId,
      knex(SOURCES_TABLE).select('source_id').whereIn('source_type', criteria.values),
    );
  }
}

/** Filters on columns both the events and the counts tables have. */
export function applyCommonFilters(
  qb: Builder,
  query: StoreQuery,
  knex: Knex,
  columns: { sourceId: string; sourceType?: string },
): void {
  if (query.source && query.source.length > 0) void qb.whereIn(columns.sourceId, query.source);
  if (query.category) void qb.where('category', query.category);
  if (query.outcome) void qb.where('outcome', query.outcome);
  if (query.access) applyAccess(qb, query.access, knex, columns);
}

/** The actor columns, each with an index on (lower(column), occurred_at, id). */
export const ACTOR_COLUMNS = ['actor_email', 'actor_name', 'actor_id'] as const;

/** Every filter of the query on the events table (time bounds included). */
export function applyEventFilters(
  qb: Builder,
  query: StoreQuery,
  knex: Knex,
  search: SearchMode,
): void {
  const { actorColumn } = query;
  applyCommonFilters(qb, query, knex, { sourceId: 'source_id', sourceType: 'source_type' });
  if (query.from) void qb.where('occurred_at', '>=', query.from);
  if (query.to) void qb.where('occurred_at', '<', query.to);
  if (query.action) void qb.where('action', query.action);
  if (query.actor && actorColumn) {
    void qb.whereRaw(`lower(${actorColumn}) = lower(?)`, [query.actor]);
  } else if (query.actor) {
    const actor = query.actor;
    // Block bodies: a knex builder is thenable, and where() callbacks must not return it.
    qb.where((b) => {
      void b
        .whereRaw('lower(actor_email) = lower(?)', [actor])
        .orWhereRaw('lower(actor_name) = lower(?)', [actor])
        .orWhereRaw('lower(actor_id) = lower(?)', [actor]);
    });
  }
  if (query.actorEmails) {
    const emails = [...new Set(query.actorEmails.map((email) => email.toLowerCase()))];
    if (emails.length === 0) void qb.whereRaw('1 = 0');
    else
      void qb.whereRaw(
        `lower(actor_email) in (${emails.map(() => 'lower(?)').join(', ')})`,
        emails,
      );
  }
  if (query.q) applySearch(qb, query.q, search, knex);
}

/** Whether `q` would be looked up in the FTS5 table (3 characters or more). */
export function usesFts(q: string | undefined, search: SearchMode): boolean {
  return search === 'fts5' && q !== undefined && Array.from(withoutNul(q)).length >= 3;
}

function applySearch(qb: Builder, q: string, search: SearchMode, knex: Knex): void {
  const text = withoutNul(q).toLowerCase();
  // FTS5's trigram tokenizer needs 3 characters; shorter text is matched with LIKE.
  if (usesFts(text, search)) {
    const phrase = `"${text.replace(/"/g, '""')}"`;
    void qb.whereRaw(`id in (select rowid from ${FTS_TABLE} where ${FTS_TABLE} match ?)`, [phrase]);
  } else if (search === 'scan') {
    void qb.whereRaw(`${isPostgres(knex) ? 'strpos' : 'instr'}(search_text, ?) > 0`, [text]);
  } else {
    void qb.whereRaw("search_text like ? escape '\\'", [`%${escapeLike(text)}%`]);
  }
}

/** True when the counts tables can answer: only source, category, outcome, time and access. */
export function countsCanAnswer(query: StoreQuery): boolean {
  return !query.actor && !query.action && !query.q && !query.actorEmails;
}
