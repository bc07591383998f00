import type { AuditEvent } from '@auditrelay/core';
import { createExtensionPoint } from '@backstage/backend-plugin-api';

/** One stored event as export formats see it: the core's event plus the store's fields. */
export interface StoredAuditEvent {
  /** The store's id (`GET /events/:id`). */
  id: string;
  /** When the backend stored it (UTC ISO). */
  ingestedAt: string;
  event: AuditEvent;
}

/**
 * A format of `GET /events/export?format=<id>`. The export streams: `header`, then `formatEvent`
 * for each event (oldest first), then `footer`; each returns text to write as is.
 */
export interface AuditLogExportFormat {
  /** The `format` query value, lower-case letters, digits and dashes (`ndjson`, `csv`, `ocsf`). */
  id: string;
  /** Sent as `Content-Type`, e.g. `application/x-ndjson; charset=utf-8`. */
  contentType: string;
  /** File name extension for `Content-Disposition`, without the dot. */
  fileExtension: string;
  header?(): string;
  /** One event, including its line end. */
  formatEvent(event: StoredAuditEvent): string;
  footer?(): string;
}

export interface AuditLogsExportFormatsExtensionPoint {
  addExportFormat(...formats: AuditLogExportFormat[]): void;
}

/** Where backend modules add export formats (OCSF, ECS, …) to the `audit-logs` plugin. */
export const auditLogsExportFormatsExtensionPoint =
  createExtensionPoint<AuditLogsExportFormatsExtensionPoint>({ id: 'audit-logs.export-formats' });
