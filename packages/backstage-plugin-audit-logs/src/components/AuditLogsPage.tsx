import {
  MAX_EVENTS_PAGE_SIZE,
  type AuditLogEventQuery,
  type AuditLogEventSummary,
} from '@auditrelay/backstage-plugin-audit-logs-common';
import { useApi } from '@backstage/frontend-plugin-api';
import { useMemo, useState, type ReactNode } from 'react';
import { auditLogsApiRef } from '../api.js';
import { EventDetail } from './EventDetail.js';
import { EventsChart } from './EventsChart.js';
import { EventsTable } from './EventsTable.js';
import { FiltersBar } from './FiltersBar.js';
import { EMPTY_FILTERS, hasNarrowingFilters, toQuery, type FilterValues } from './query.js';
import { SourceStatusStrip } from './SourceStatusStrip.js';
import { EmptyState, ErrorPanel, isForbidden, Loading } from './States.js';
import { styles } from './styles.js';
import { useAsync } from './useAsync.js';

/** The chart reads at most this many events (pages of 500) of the selected range. */
export const CHART_MAX_EVENTS = 10_000;
const PAGE_SIZES = [25, 50, 100, 200];

export interface AuditLogsPageProps {
  /** Rows per page (default 50). */
  pageSize?: number;
  /** Filters applied when the page opens. */
  initialFilters?: Partial<FilterValues>;
}

/** The Audit Logs page: source status, filters, a chart of events per day, the table and detail. */
export function AuditLogsPage(props: AuditLogsPageProps) {
  const api = useApi(auditLogsApiRef);
  const [reload, setReload] = useState(0);
  const [applied, setApplied] = useState(() => {
    const filters = { ...EMPTY_FILTERS, ...props.initialFilters };
    return { filters, query: toQuery(filters) };
  });
  const [pageSize, setPageSize] = useState(props.pageSize ?? 50);
  /** cursors[i] is the cursor of page i (undefined for the first). */
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [selected, setSelected] = useState<AuditLogEventSummary | undefined>();

  const sources = useAsync((signal) => api.listSources({ signal }), [api, reload]);
  const cursor = cursors[cursors.length - 1];
  const page = useAsync(
    (signal) => api.listEvents({ ...applied.query, limit: pageSize, cursor }, { signal }),
    [api, applied, pageSize, cursor, reload],
  );
  const chart = useAsync(
    (signal) => loadChartEvents(api.listEvents.bind(api), applied.query, signal),
    [api, applied, reload],
  );
  const detail = useAsync(
    (signal) => (selected ? api.getEvent(selected.id, { signal }) : Promise.resolve(undefined)),
    [api, selected?.id],
  );

  const sourceNames = useMemo(
    () =>
      Object.fromEntries(
        sources.status === 'done' ? sources.value.items.map((s) => [s.id, s.name]) : [],
      ),
    [sources],
  );
  const categories = useMemo(
    () =>
      chart.status === 'done' ? [...new Set(chart.value.events.map((e) => e.category))].sort() : [],
    [chart],
  );

  const apply = (filters: FilterValues) => {
    setApplied({ filters, query: toQuery(filters) });
    setCursors([undefined]);
    setSelected(undefined);
  };
  const retry = () => setReload((n) => n + 1);
  const [exporting, setExporting] = useState<{ format?: string; error?: unknown; failed?: string }>(
    {},
  );
  const download = async (format: string) => {
    setExporting({ format });
    try {
      const { blob, fileName } = await api.exportEvents(applied.query, format);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setExporting({});
    } catch (error) {
      setExporting({ error, failed: format });
    }
  };

  const forbidden = [sources, page].find((s) => s.status === 'error' && isForbidden(s.error));
  if (forbidden?.status === 'error') {
    return (
      <Shell>
        <ErrorPanel error={forbidden.error} onRetry={retry} />
      </Shell>
    );
  }

  return (
    <Shell>
      {sources.status === 'loading' && <Loading label="Loading sources" />}
      {sources.status === 'error' && <ErrorPanel error={sources.error} onRetry={retry} />}
      {sources.status === 'done' && sources.value.items.length === 0 && (
        <EmptyState title="No audit-log sources are configured">
          <p>
            Add entries under <code>auditLogs.sources</code> in your app-config.yaml (see the
            audit-logs backend plugin&apos;s README) and restart the backend.
          </p>
        </EmptyState>
      )}
      {sources.status === 'done' && sources.value.items.length > 0 && (
        <SourceStatusStrip sources={sources.value.items} />
      )}

      <FiltersBar
        sources={sources.status === 'done' ? sources.value.items : []}
        categories={categories}
        value={applied.filters}
        onApply={apply}
      />

      {chart.status === 'loading' && <Loading label="Loading chart" />}
      {chart.status === 'error' && <ErrorPanel error={chart.error} onRetry={retry} compact />}
      {chart.status === 'done' && chart.value.events.length > 0 && (
        <EventsChart
          events={chart.value.events}
          from={applied.query.from}
          to={applied.query.to}
          truncated={chart.value.truncated}
        />
      )}

      <div className={selected ? 'arl-body arl-with-detail' : 'arl-body'}>
        <section className="arl-results" aria-label="Events">
          {page.status === 'loading' && <Loading label="Loading events" />}
          {page.status === 'error' && <ErrorPanel error={page.error} onRetry={retry} />}
          {page.status === 'done' && page.value.items.length === 0 && (
            <EmptyState
              title={
                cursors.length > 1
                  ? 'No more events'
                  : hasNarrowingFilters(applied.filters)
                    ? 'No events match these filters'
                    : 'No events in this time range'
              }
            >
              <p>
                {hasNarrowingFilters(applied.filters) || applied.filters.range !== 'all'
                  ? 'Widen the time range or reset the filters.'
                  : 'No events are stored yet. Each source syncs every few minutes; check the source status above for errors.'}
              </p>
              <button type="button" className="arl-button" onClick={() => apply(EMPTY_FILTERS)}>
                Reset filters
              </button>
            </EmptyState>
          )}
          {page.status === 'done' && page.value.items.length > 0 && (
            <EventsTable
              events={page.value.items}
              sourceNames={sourceNames}
              selectedId={selected?.id}
              onSelect={setSelected}
            />
          )}
          <nav className="arl-pager" aria-label="Pages">
            <span>Page {cursors.length}</span>
            <button
              type="button"
              className="arl-button"
              disabled={cursors.length < 2}
              onClick={() => setCursors((c) => c.slice(0, -1))}
            >
              Previous page
            </button>
            <button
              type="button"
              className="arl-button"
              disabled={page.status !== 'done' || !page.value.nextCursor}
              onClick={() =>
                page.status === 'done' && setCursors((c) => [...c, page.value.nextCursor])
              }
            >
              Next page
            </button>
            <span className="arl-export">
              Download all matching:
              {['ndjson', 'csv'].map((format) => (
                <button
                  key={format}
                  type="button"
                  className="arl-button"
                  disabled={exporting.format !== undefined}
                  onClick={() => void download(format)}
                >
                  {exporting.format === format ? 'Exporting…' : format.toUpperCase()}
                </button>
              ))}
            </span>
            <label>
              Rows per page
              <select
                value={pageSize}
                onChange={(e) => {
                  setPageSize(Number(e.target.value));
                  setCursors([undefined]);
                }}
              >
                {[...new Set([...PAGE_SIZES, pageSize])]
                  .sort((a, b) => a - b)
                  .map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
              </select>
            </label>
          </nav>
          {exporting.error !== undefined && (
            <ErrorPanel
              error={exporting.error}
              onRetry={() => void download(exporting.failed ?? 'ndjson')}
              compact
            />
          )}
        </section>
        {selected && (
          <div className="arl-detail-slot">
            {detail.status === 'loading' && <Loading label="Loading event" />}
            {detail.status === 'error' && (
              <ErrorPanel error={detail.error} onRetry={() => setSelected({ ...selected })} />
            )}
            {detail.status === 'done' && detail.value && (
              <EventDetail
                event={detail.value}
                sourceName={sourceNames[detail.value.source.id]}
                onClose={() => setSelected(undefined)}
              />
            )}
          </div>
        )}
      </div>
    </Shell>
  );
}

function Shell(props: { children: ReactNode }) {
  return (
    <div className="arl-page">
      <style>{styles}</style>
      <header className="arl-header">
        <h1>Audit logs</h1>
        <p className="arl-muted">
          Kore.ai and UiPath audit events collected by the audit-logs backend.
        </p>
      </header>
      {props.children}
    </div>
  );
}

/** Pages through the query (500 at a time) until `CHART_MAX_EVENTS` or the end. */
async function loadChartEvents(
  listEvents: (
    r: AuditLogEventQuery & { limit: number; cursor?: string },
    o: { signal: AbortSignal },
  ) => Promise<{ items: AuditLogEventSummary[]; nextCursor?: string }>,
  query: AuditLogEventQuery,
  signal: AbortSignal,
): Promise<{
  events: Pick<AuditLogEventSummary, 'occurredAt' | 'category'>[];
  truncated: boolean;
}> {
  const events: Pick<AuditLogEventSummary, 'occurredAt' | 'category'>[] = [];
  let cursor: string | undefined;
  for (;;) {
    const res = await listEvents(
      { ...query, limit: MAX_EVENTS_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
      { signal },
    );
    for (const e of res.items) events.push({ occurredAt: e.occurredAt, category: e.category });
    cursor = res.nextCursor;
    if (!cursor) return { events, truncated: false };
    if (events.length >= CHART_MAX_EVENTS) return { events, truncated: true };
  }
}
