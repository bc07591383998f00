import type { AuditLogEventSummary } from '@auditrelay/backstage-plugin-audit-logs-common';

/** `2026-11-22 14:03:07 UTC`: the page shows every instant in UTC, like the stored data. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `42 s`, `5 min`, `3 h 10 min`, `2 d 4 h`. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

export function actorLabel(actor: AuditLogEventSummary['actor']): string {
  return actor.name || actor.email || actor.id || '—';
}

export function targetLabel(target: AuditLogEventSummary['target']): string {
  if (!target) return '—';
  const name = target.name || target.id;
  if (!name) return target.type ?? '—';
  return target.type ? `${target.type}: ${name}` : name;
}

/** A change value as text: strings as they are, everything else as JSON, absent as `—`. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
