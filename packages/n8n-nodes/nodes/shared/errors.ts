import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { AuditRelayError, ERROR_TABLE, type FieldIssue } from '@auditrelay/core/portable';
import { FIELD_LABELS } from './source';

/** Core error codes that mean "fix a parameter or credential field", not "the API failed". */
const OPERATION_CODES = new Set(['CONFIG_INVALID', 'INPUT_INVALID', 'CHECKPOINT_INVALID']);

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
 * Core errors to n8n errors: bad parameters or credential fields become a NodeOperationError
 * naming the field; API failures a NodeApiError with the vendor's message and the core's hint
 * (`ERROR_TABLE`) as its description.
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
    // The core's hint for the code (the same the CLI prints and Backstage documents).
    description: ERROR_TABLE[error.code]?.hint,
    ...(httpCode ? { httpCode } : {}),
  });
}
