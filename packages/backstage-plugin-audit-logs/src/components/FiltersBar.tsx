import type { AuditLogSourceStatus } from '@auditrelay/backstage-plugin-audit-logs-common';
import { useEffect, useState, type FormEvent } from 'react';
import { EMPTY_FILTERS, RANGE_PRESETS, type FilterValues, type RangePreset } from './query.js';

/** The filter form: edits locally, applies on submit (Apply or Enter). */
export function FiltersBar(props: {
  sources: AuditLogSourceStatus[];
  categories: string[];
  value: FilterValues;
  onApply: (value: FilterValues) => void;
}) {
  const [draft, setDraft] = useState<FilterValues>(props.value);
  useEffect(() => setDraft(props.value), [props.value]);
  const set = (key: keyof FilterValues) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onApply(draft);
  };
  return (
    <form className="arl-filters" aria-label="Filters" onSubmit={submit}>
      <label>
        Source
        <select value={draft.source} onChange={set('source')}>
          <option value="">All sources</option>
          {props.sources.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Time range
        <select
          value={draft.range}
          onChange={(e) => setDraft((d) => ({ ...d, range: e.target.value as RangePreset }))}
        >
          {RANGE_PRESETS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      {draft.range === 'custom' && (
        <>
          <label>
            From (UTC)
            <input type="datetime-local" value={draft.from} onChange={set('from')} />
          </label>
          <label>
            To (UTC)
            <input type="datetime-local" value={draft.to} onChange={set('to')} />
          </label>
        </>
      )}
      <label>
        Actor
        <input value={draft.actor} onChange={set('actor')} placeholder="id, email or name" />
      </label>
      <label>
        Action
        <input value={draft.action} onChange={set('action')} placeholder="exact action" />
      </label>
      <label>
        Category
        <input value={draft.category} onChange={set('category')} list="arl-categories" />
        <datalist id="arl-categories">
          {props.categories.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
      </label>
      <label className="arl-grow">
        Search
        <input type="search" value={draft.q} onChange={set('q')} placeholder="free text" />
      </label>
      <div className="arl-filter-buttons">
        <button type="submit" className="arl-button arl-primary">
          Apply
        </button>
        <button
          type="button"
          className="arl-button"
          onClick={() => {
            setDraft(EMPTY_FILTERS);
            props.onApply(EMPTY_FILTERS);
          }}
        >
          Reset
        </button>
      </div>
    </form>
  );
}
