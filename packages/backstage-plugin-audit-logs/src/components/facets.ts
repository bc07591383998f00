import type {
  AuditLogEventQuery,
  AuditLogFacetField,
  AuditLogFacetsRequest,
  AuditLogFacetsResponse,
} from '@auditrelay/backstage-plugin-audit-logs-common';

export const FACET_FIELDS: AuditLogFacetField[] = [
  'action',
  'category',
  'actor',
  'source',
  'outcome',
];
/** Values per field the dropdowns offer; the fields also take typed values. */
export const FACET_LIMIT = 50;

export type Facets = AuditLogFacetsResponse['facets'];

function isSet(query: AuditLogEventQuery, field: AuditLogFacetField): boolean {
  return field === 'source' ? Boolean(query.source?.length) : Boolean(query[field]);
}

/**
 * The `/facets` requests for the dropdowns: the fields not filtered on in one request with
 * every filter, and each filtered field alone without its own filter, so its dropdown still
 * lists the other values to switch to (the usual "disjunctive" faceting).
 */
export function facetRequests(query: AuditLogEventQuery): AuditLogFacetsRequest[] {
  const open = FACET_FIELDS.filter((f) => !isSet(query, f));
  const requests: AuditLogFacetsRequest[] = [];
  if (open.length) requests.push({ ...query, field: open, limit: FACET_LIMIT });
  for (const field of FACET_FIELDS.filter((f) => isSet(query, f))) {
    const { [field]: _own, ...others } = query;
    requests.push({ ...others, field: [field], limit: FACET_LIMIT });
  }
  return requests;
}

/** Loads every facet request and merges the answers. */
export async function loadFacets(
  getFacets: (
    request: AuditLogFacetsRequest,
    options: { signal: AbortSignal },
  ) => Promise<AuditLogFacetsResponse>,
  query: AuditLogEventQuery,
  signal: AbortSignal,
): Promise<Facets> {
  const answers = await Promise.all(
    facetRequests(query).map((request) => getFacets(request, { signal })),
  );
  return Object.assign({}, ...answers.map((a) => a.facets)) as Facets;
}
