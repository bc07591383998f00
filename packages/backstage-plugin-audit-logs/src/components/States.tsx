import { ResponseError } from '@backstage/errors';
import type { ReactNode } from 'react';

/** What went wrong and what the user can do about it. */
export function describeError(error: unknown): { title: string; advice: string; detail?: string } {
  const status = error instanceof ResponseError ? error.statusCode : undefined;
  const message =
    error instanceof ResponseError
      ? error.body.error.message
      : error instanceof Error
        ? error.message
        : String(error);
  switch (status ?? 0) {
    case 401:
      return {
        title: 'You are not signed in',
        advice: 'Your Backstage session is missing or expired. Sign in again and reload the page.',
        detail: message,
      };
    case 403:
      return {
        title: 'You do not have permission to view audit logs',
        advice:
          'Viewing audit logs needs the audit-logs.event.read permission. Ask your Backstage administrator to grant it to you.',
        detail: message,
      };
    case 404:
      return {
        title: 'The audit-logs backend was not found',
        advice:
          'Install @auditrelay/backstage-plugin-audit-logs-backend in your Backstage backend, or check that the event still exists.',
        detail: message,
      };
    case 400:
      return {
        title: 'The filters are not valid',
        advice: 'Correct the filter named below and apply again.',
        detail: message,
      };
    default:
      return {
        title: status
          ? `The audit-logs backend failed (${status})`
          : 'Could not reach the audit-logs backend',
        advice: 'Try again in a moment. If it keeps failing, check the Backstage backend logs.',
        detail: message,
      };
  }
}

export function isForbidden(error: unknown): boolean {
  return error instanceof ResponseError && error.statusCode === 403;
}

export function ErrorPanel(props: { error: unknown; onRetry?: () => void; compact?: boolean }) {
  const { title, advice, detail } = describeError(props.error);
  return (
    <div className="arl-panel arl-error" role="alert">
      <strong>{title}</strong>
      <p>{advice}</p>
      {detail && !props.compact && <p className="arl-muted">Details: {detail}</p>}
      {props.onRetry && (
        <button type="button" className="arl-button" onClick={props.onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState(props: { title: string; children?: ReactNode }) {
  return (
    <div className="arl-panel arl-empty" role="status">
      <strong>{props.title}</strong>
      {props.children}
    </div>
  );
}

export function Loading(props: { label: string }) {
  return (
    <div className="arl-loading" role="progressbar" aria-label={props.label}>
      <span className="arl-spinner" aria-hidden="true" />
      {props.label}
    </div>
  );
}
