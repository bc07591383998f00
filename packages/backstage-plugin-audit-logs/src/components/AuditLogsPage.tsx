import type {
  AuditLogEventSummary,
  AuditLogStatsGroupBy,
} from '@auditrelay/backstage-plugin-audit-logs-common';
import { useApi } from '@backstage/frontend-plugin-api';
import { Box, Button, Container, Flex, TablePagination, Text } from '@backstage/ui';
import { useMemo, useRef, useState } from 'react';
import { auditLogsApiRef } from '../api.js';
import { EventDetail } from './EventDetail.js';
import { EventsChart, type ChartInterval } from './EventsChart.js';
import { EventsTable } from './EventsTable.js';
import { loadFacets } from './facets.js';
import { FiltersBar } from './FiltersBar.js';
import { EMPTY_FILTERS, hasNarrowingFilters, toQuery, type FilterValues } from './query.js';
import { SourceStatusStrip } from './SourceStatusStrip.js';
import { EmptyState, ErrorPanel, isForbidden, Loading } from './States.js';
import { useAsync } from './useAsync.js';

const PAGE_SIZES = [25, 50, 100, 200];

export interface AuditLogsPageProps {
  /** Rows per page (default 50). */
  pageSize?: number;
  /** Filters applied when the page opens. */
  initialFilters?: Partial<FilterValues>;
}

/**
 * The Audit Logs page, built from Backstage UI so it follows the app's theme: source status,
 * filters with suggestions from `/facets`, a chart from `/stats`, the table and the detail.
 */
export function AuditLogsPage(props: AuditLogsPageProps) {
  const api = useApi(auditLogsApiRef);
  const [reload, setReload] = useState(0);
  const [statsReload, setStatsReload] = useState(0);
  const [facetsReload, setFacetsReload] = useState(0);
  const [applied, setApplied] = useState(() => {
    const filters = { ...EMPTY_FILTERS, ...props.initialFilters };
    return { filters, query: toQuery(filters) };
  });
  const [pageSize, setPageSize] = useState(props.pageSize ?? 50);
  /** cursors[i] is the cursor of page i (undefined for the first). */
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [selected, setSelected] = useState<AuditLogEventSummary | undefined>();
  const [groupBy, setGroupBy] = useState<AuditLogStatsGroupBy>('category');
  const [interval, setChartInterval] = useState<ChartInterval>('auto');
  const results = useRef<HTMLDivElement>(null);

  const sources = useAsync((signal) => api.listSources({ signal }), [api, reload]);
  const cursor = cursors[cursors.length - 1];
  const page = useAsync(
    (signal) => api.listEvents({ ...applied.query, limit: pageSize, cursor }, { signal }),
    [api, applied, pageSize, cursor, reload],
  );
  const stats = useAsync(
    (signal) =>
      api.getStats(
        { ...applied.query, groupBy, ...(interval === 'auto' ? {} : { interval }) },
        { signal },
      ),
    [api, applied, groupBy, interval, reload, statsReload],
  );
  const facets = useAsync(
    (signal) => loadFacets(api.getFacets.bind(api), applied.query, signal),
    [api, applied, reload, facetsReload],
  );
  const detail = useAsync(
    (signal) => (selected ? api.getEvent(selected.id, { signal }) : Promise.resolve(undefined)),
    [api, selected?.id],
  );

  const sourceNames = useMemo(
    () =>
      Object.fromEntries(
        sources.status === 'done' ? sources.value.items.map((s) => [s.id, s.name]) : [],
      ) as Record<string, string>,
    [sources],
  );

  const apply = (filters: FilterValues) => {
    setApplied({ filters, query: toQuery(filters) });
    setCursors([undefined]);
    setSelected(undefined);
  };
  const retry = () => setReload((n) => n + 1);
  /** Closes the detail and gives the focus back to its row (or keeps it in the table). */
  const closeDetail = () => {
    const id = selected?.id;
    setSelected(undefined);
    if (id === undefined) return;
    const row = [...(results.current?.querySelectorAll<HTMLElement>('[role="row"]') ?? [])].find(
      (r) => r.dataset.key === id,
    );
    row?.focus();
  };
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
      <Container py="4">
        <ErrorPanel error={forbidden.error} onRetry={retry} />
      </Container>
    );
  }

  const total =
    stats.status === 'done' ? stats.value.buckets.reduce((n, b) => n + b.total, 0) : undefined;
  const firstRow = (cursors.length - 1) * pageSize + 1;
  const shown = page.status === 'done' ? page.value.items.length : 0;

  return (
    <Container py="4" data-audit-logs-page="">
      <Flex direction="column" gap="4">
        <Text as="p" variant="body-medium" color="secondary" style={{ margin: 0 }}>
          Audit events of your SaaS tools (Kore.ai, UiPath), collected by the audit-logs backend.
          You see the sources you may read.
        </Text>

        {sources.status === 'loading' && <Loading label="Loading sources" />}
        {sources.status === 'error' && <ErrorPanel error={sources.error} onRetry={retry} />}
        {sources.status === 'done' && sources.value.items.length === 0 && (
          <EmptyState title="No audit-log sources are configured">
            Add entries under <code>auditLogs.sources</code> in your app-config.yaml (see the
            audit-logs backend plugin&apos;s README) and restart the backend.
          </EmptyState>
        )}
        {sources.status === 'done' && sources.value.items.length > 0 && (
          <SourceStatusStrip sources={sources.value.items} />
        )}

        <FiltersBar
          sources={sources.status === 'done' ? sources.value.items : []}
          facets={facets}
          value={applied.filters}
          onApply={apply}
          onRetryFacets={() => setFacetsReload((n) => n + 1)}
        />

        <EventsChart
          stats={stats}
          groupBy={groupBy}
          interval={interval}
          onGroupByChange={setGroupBy}
          onIntervalChange={setChartInterval}
          range={{ from: applied.query.from, to: applied.query.to }}
          label={(key) =>
            key === 'other' ? 'other' : groupBy === 'source' ? (sourceNames[key] ?? key) : key
          }
          onRetry={() => setStatsReload((n) => n + 1)}
        />

        {/* Table and detail side by side; the detail wraps below on narrow screens. */}
        <Flex gap="4" align="start" style={{ flexWrap: 'wrap' }} data-audit-logs-results="">
          <Box
            ref={results}
            aria-label="Events"
            role="region"
            style={{ flex: '1 1 36rem', minWidth: 0 }}
          >
            {page.status === 'error' && <ErrorPanel error={page.error} onRetry={retry} />}
            {page.status === 'done' && page.value.items.length === 0 ? (
              <EmptyState
                title={
                  cursors.length > 1
                    ? 'No more events'
                    : hasNarrowingFilters(applied.filters)
                      ? 'No events match these filters'
                      : 'No events in this time range'
                }
                action={
                  <Button size="small" variant="secondary" onPress={() => apply(EMPTY_FILTERS)}>
                    Reset filters
                  </Button>
                }
              >
                {hasNarrowingFilters(applied.filters) || applied.filters.range !== 'all'
                  ? 'Widen the time range or reset the filters.'
                  : 'No events are stored yet. Each source syncs every few minutes; check the source status above for errors.'}
              </EmptyState>
            ) : (
              page.status !== 'error' && (
                <EventsTable
                  events={page.status === 'done' ? page.value.items : undefined}
                  sourceNames={sourceNames}
                  selectedId={selected?.id}
                  onSelect={setSelected}
                  compact={selected !== undefined}
                />
              )
            )}
            {page.status === 'loading' && <Loading label="Loading events" />}
            <Flex justify="between" align="center" gap="3" mt="2" style={{ flexWrap: 'wrap' }}>
              <Text as="p" variant="body-small" color="secondary" style={{ margin: 0 }}>
                {`Page ${cursors.length}`}
                {shown > 0 &&
                  ` · events ${firstRow.toLocaleString('en-US')}–${(firstRow + shown - 1).toLocaleString('en-US')}`}
                {total !== undefined && ` of ${total.toLocaleString('en-US')}`}
              </Text>
              <Flex align="center" gap="2">
                <Text as="span" variant="body-small" color="secondary">
                  Download all matching:
                </Text>
                {['ndjson', 'csv'].map((format) => (
                  <Button
                    key={format}
                    size="small"
                    variant="secondary"
                    isDisabled={exporting.format !== undefined}
                    isPending={exporting.format === format}
                    onPress={() => void download(format)}
                  >
                    {format.toUpperCase()}
                  </Button>
                ))}
              </Flex>
              <TablePagination
                pageSize={pageSize}
                pageSizeOptions={[...new Set([...PAGE_SIZES, pageSize])].sort((a, b) => a - b)}
                showPaginationLabel={false}
                hasPreviousPage={cursors.length > 1}
                hasNextPage={page.status === 'done' && Boolean(page.value.nextCursor)}
                onPreviousPage={() => setCursors((c) => c.slice(0, -1))}
                onNextPage={() =>
                  page.status === 'done' && setCursors((c) => [...c, page.value.nextCursor])
                }
                onPageSizeChange={(size) => {
                  setPageSize(size);
                  setCursors([undefined]);
                }}
              />
            </Flex>
            {exporting.error !== undefined && (
              <ErrorPanel
                error={exporting.error}
                onRetry={() => void download(exporting.failed ?? 'ndjson')}
                compact
              />
            )}
          </Box>
          {selected && (
            <Box
              style={{
                flex: '0 1 28rem',
                minWidth: 0,
                position: 'sticky',
                top: 'var(--bui-space-4)',
                maxHeight: 'calc(100vh - 2 * var(--bui-space-4))',
                overflowY: 'auto',
              }}
            >
              {detail.status === 'loading' && <Loading label="Loading event" />}
              {detail.status === 'error' && (
                <ErrorPanel error={detail.error} onRetry={() => setSelected({ ...selected })} />
              )}
              {detail.status === 'done' && detail.value && (
                <EventDetail
                  event={detail.value}
                  sourceName={sourceNames[detail.value.source.id]}
                  onClose={closeDetail}
                />
              )}
            </Box>
          )}
        </Flex>
      </Flex>
    </Container>
  );
}
