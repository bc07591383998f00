export { AuditRelayError, type AuditRelayErrorOptions } from './auditrelay-error.js';
export { ERROR_CODES, type ErrorCode } from './error-codes.js';
export { ERROR_TABLE, errorCodeInfo, type ErrorCodeInfo } from './error-table.js';
export { HttpError, isRetryableStatus, type HttpErrorOptions } from './http-error.js';
export { ValidationError, type FieldIssue } from './validation-error.js';
