import { ResponseError } from '@backstage/errors';
import { Alert, Button, Text } from '@backstage/ui';
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

export function isNotFound(error: unknown): boolean {
  return error instanceof ResponseError && error.statusCode === 404;
}

export function ErrorPanel(props: {
  error: unknown;
  onRetry?: () => void;
  compact?: boolean;
  /** Replaces the generic title, e.g. for a part of the page that failed alone. */
  title?: string;
  /** Replaces the generic advice. */
  advice?: string;
}) {
  const described = describeError(props.error);
  const { title, detail } = described;
  const advice = props.advice ?? described.advice;
  return (
    <Alert
      role="alert"
      status="danger"
      icon
      title={props.title ?? title}
      description={
        <>
          <Text as="p" variant="body-medium">
            {props.title && !props.advice ? `${title}. ${advice}` : advice}
          </Text>
          {detail && !props.compact && (
            <Text as="p" variant="body-small" color="secondary">
              Details: {detail}
            </Text>
          )}
        </>
      }
      customActions={
        props.onRetry && (
          <Button size="small" variant="secondary" onPress={props.onRetry}>
            Try again
          </Button>
        )
      }
    />
  );
}

export function EmptyState(props: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <Alert
      role="status"
      status="info"
      icon
      title={props.title}
      description={props.children}
      customActions={props.action}
    />
  );
}

/** A pending notice named after what loads (`Loading events`), announced politely. */
export function Loading(props: { label: string }) {
  return <Alert role="status" aria-label={props.label} isPending title={props.label} />;
}
