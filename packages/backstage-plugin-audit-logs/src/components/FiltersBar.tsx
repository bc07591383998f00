import type {
  AuditLogFacetField,
  AuditLogSourceStatus,
} from '@auditrelay/backstage-plugin-audit-logs-common';
import {
  Button,
  Card,
  CardBody,
  Combobox,
  Flex,
  Grid,
  SearchField,
  Select,
  TextField,
} from '@backstage/ui';
import { lazy, Suspense, useEffect, useState, type FormEvent } from 'react';
import type { Facets } from './facets.js';
import {
  EMPTY_FILTERS,
  RANGE_PRESETS,
  readEntityFilter,
  type FilterValues,
  type RangePreset,
} from './query.js';
import { ErrorPanel, isNotFound, Loading } from './States.js';
import type { AsyncState } from './useAsync.js';

/** RAC collections need non-empty keys: this one stands for "no filter". */
const ANY = '__any__';
const KNOWN_OUTCOMES = ['success', 'failure', 'unknown'];

function countLabel(count: number | undefined): string | undefined {
  return count === undefined ? undefined : `${count.toLocaleString('en-US')} events`;
}

function facetCounts(facets: Facets | undefined, field: AuditLogFacetField) {
  return new Map((facets?.[field] ?? []).map((f) => [f.value, f.count]));
}

const CustomRange = lazy(() => import('./CustomRange.js'));

/** A text filter with the field's values (and counts) from `/facets` as suggestions. */
function FacetCombobox(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  values: Map<string, number>;
  placeholder?: string;
}) {
  const options = [...props.values].map(([value, count]) => ({
    id: value,
    label: value,
    description: countLabel(count),
  }));
  return (
    <Combobox
      label={props.label}
      allowsCustomValue
      placeholder={props.placeholder}
      options={options}
      search={{ inputValue: props.value, onInputChange: props.onChange }}
    />
  );
}

/** The filter form: edits locally, applies on submit (Apply or Enter). */
export function FiltersBar(props: {
  sources: AuditLogSourceStatus[];
  facets: AsyncState<Facets>;
  value: FilterValues;
  onApply: (value: FilterValues) => void;
  onRetryFacets: () => void;
}) {
  const [draft, setDraft] = useState<FilterValues>(props.value);
  useEffect(() => setDraft(props.value), [props.value]);
  const set = (key: keyof FilterValues) => (value: string) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const facets = props.facets.status === 'done' ? props.facets.value : undefined;
  const entity = readEntityFilter(draft.entity);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (entity && 'error' in entity) return;
    props.onApply(draft);
  };

  const sourceCounts = facetCounts(facets, 'source');
  const outcomeCounts = facetCounts(facets, 'outcome');
  const outcomes = [...new Set([...KNOWN_OUTCOMES, ...outcomeCounts.keys()])];

  return (
    <Card>
      <CardBody>
        <form aria-label="Filters" onSubmit={submit}>
          <Grid.Root columns={{ initial: '1', sm: '2', md: '3', xl: '6' }} gap="3">
            <Select
              label="Source"
              selectedKey={draft.source || ANY}
              onSelectionChange={(key) => set('source')(key === ANY ? '' : String(key))}
              options={[
                { id: ANY, label: 'All sources' },
                ...props.sources.map((s) => ({
                  id: s.id,
                  label: s.name,
                  description: countLabel(sourceCounts.get(s.id)),
                })),
              ]}
            />
            <Select
              label="Time range"
              selectedKey={draft.range}
              onSelectionChange={(key) =>
                setDraft((d) => ({ ...d, range: String(key) as RangePreset }))
              }
              options={RANGE_PRESETS.map((p) => ({ id: p.value, label: p.label }))}
            />
            {draft.range === 'custom' && (
              <Suspense fallback={<Loading label="Loading date pickers" />}>
                <CustomRange from={draft.from} to={draft.to} onChange={(key, v) => set(key)(v)} />
              </Suspense>
            )}
            <FacetCombobox
              label="Action"
              value={draft.action}
              onChange={set('action')}
              values={facetCounts(facets, 'action')}
            />
            <FacetCombobox
              label="Category"
              value={draft.category}
              onChange={set('category')}
              values={facetCounts(facets, 'category')}
            />
            <FacetCombobox
              label="Actor"
              value={draft.actor}
              onChange={set('actor')}
              values={facetCounts(facets, 'actor')}
              placeholder="id, email or name"
            />
            <Select
              label="Outcome"
              selectedKey={draft.outcome || ANY}
              onSelectionChange={(key) => set('outcome')(key === ANY ? '' : String(key))}
              options={[
                { id: ANY, label: 'Any outcome' },
                ...outcomes.map((o) => ({
                  id: o,
                  label: o,
                  description: countLabel(outcomeCounts.get(o)),
                })),
              ]}
            />
            <TextField
              label="User or group"
              placeholder="user:default/jane.doe"
              description="A catalog User, or a Group for its members' events"
              value={draft.entity}
              onChange={set('entity')}
              validationBehavior="aria"
              validate={(v) => {
                const read = readEntityFilter(v);
                return read && 'error' in read ? read.error : null;
              }}
            />
            <SearchField
              label="Search"
              value={draft.q}
              onChange={set('q')}
              placeholder="free text"
            />
          </Grid.Root>
          <Flex gap="2" mt="3" align="center">
            <Button type="submit" variant="primary">
              Apply
            </Button>
            <Button
              variant="secondary"
              onPress={() => {
                setDraft(EMPTY_FILTERS);
                props.onApply(EMPTY_FILTERS);
              }}
            >
              Reset
            </Button>
          </Flex>
        </form>
        {props.facets.status === 'error' && (
          <ErrorPanel
            error={props.facets.error}
            onRetry={props.onRetryFacets}
            compact
            {...(isNotFound(props.facets.error)
              ? {
                  title: 'Filter suggestions need a newer audit-logs backend',
                  advice:
                    'This backend does not serve GET /facets: upgrade @auditrelay/backstage-plugin-audit-logs-backend to the release of this plugin. Typed filters still work.',
                }
              : { title: 'Filter suggestions could not be loaded' })}
          />
        )}
      </CardBody>
    </Card>
  );
}
