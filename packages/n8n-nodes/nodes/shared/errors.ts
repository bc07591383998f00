import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { AuditRelayError, type FieldIssue } from '@auditrelay/core/portable';
import { FIELD_LABELS } from './source';

/** Core error codes that mean "fix a parameter or credential field", not "the API failed". */
const OPERATION_CODES = new Set(['CONFIG_INVALID', 'INPUT_INVALID', 'CHECKPOINT_INVALID']);

const DESCRIPTIONS: Record<string, string> = {
  AUTH_FAILED: 'The vendor rejected the credential. Check its fields, or test it in Credentials.',
  FORBIDDEN: 'The credential works but lacks the audit-log permission or scope.',
  RATE_LIMITED: 'The vendor kept throttling requests. Try again later or poll less often.',
  NETWORK_ERROR: 'The API could not be reached. Check the host in the credential.',
  TIMEOUT: 'The API did not answer in time.',
  RESPONSE_INVALID: 'The API answered with something other than the audit-log format.',
  PAGINATION_LOOP: 'The API repeated a page; paging was stopped rather than loop forever.',
  LIMIT_EXCEEDED: 'A safety limit was reached. Narrow the time range.',
  INCOMPLETE:
    "The read could not show that it got every event of the range: the API's paging, sort, cursor or count did not add up. The Completeness output says what was seen; run `auditlogs probe` from the auditrelay CLI to measure the tenant.",
  ABORTED: 'The poll ran out of time before a batch was complete; the next poll tries again.',
};

function label(path: string): string {
  if (FIELD_LABELS[path]) return FIELD_LABELS[path];
  if (path.startsWith('filters.')) return `filter "${path.slice('filters.'.length)}"`;
  return `"${path}"`;
}

function issuesOf(error: AuditRelayError): FieldIssue[] {
  const direct = (error as { issues?: FieldIssue[] }).issues;
  if (Array.isArray(direct)) return direct;
  const cause = (error as { cause?: { issues?: FieldIssue[] } }).cause;
  return Array.isArray(cause?.issues) ? cause.issues : [];
}

export interface NodeErrorOptions {
  itemIndex?: number;
  redact: (text: string) => string;
}

/**
 * One table from core errors to n8n errors: bad parameters or credential fields become a
 * NodeOperationError naming the field; API failures a NodeApiError with the vendor's message.
 * Only redacted text is passed on — never the original error object, which may hold requests.
 */
export function toNodeError(
  node: INode,
  error: unknown,
  options: NodeErrorOptions,
): NodeApiError | NodeOperationError {
  const { itemIndex, redact } = options;
  if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
  if (!AuditRelayError.isInstance(error)) {
    const message = redact(error instanceof Error ? error.message : String(error));
    return new NodeOperationError(node, message, { itemIndex });
  }
  if (OPERATION_CODES.has(error.code)) {
    const issues = issuesOf(error);
    const message =
      issues.length > 0
        ? issues.map((issue) => `${label(issue.path)}: ${issue.message}`).join('; ')
        : error.message;
    return new NodeOperationError(node, redact(message), {
      itemIndex,
      description: redact(error.message),
    });
  }
  const status = (error as { status?: unknown }).status;
  const httpCode = typeof status === 'number' ? String(status) : undefined;
  const message = redact(error.message);
  const response: JsonObject = { message, code: error.code };
  if (httpCode) response.httpCode = httpCode;
  return new NodeApiError(node, response, {
    itemIndex,
    message,
    description: DESCRIPTIONS[error.code],
    ...(httpCode ? { httpCode } : {}),
  });
}
