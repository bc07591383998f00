import { AuditRelayError } from '../errors/auditrelay-error.js';

export function abortError(): AuditRelayError {
  return new AuditRelayError({ code: 'ABORTED', message: 'The operation was aborted.' });
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortError();
}

/** Waits `ms` (or rejects with ABORTED). Hosts without timers pass their own (n8n's `sleep`). */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;
