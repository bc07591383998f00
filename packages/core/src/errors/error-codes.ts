/**
 * The closed set of error codes. What each means to a user — a hint, the CLI's exit code, the
 * HTTP status a server answers with — is in one table, `ERROR_TABLE` (`error-table.ts`); hosts
 * read it and keep no table of their own.
 */
export const ERROR_CODES = [
  /** A source config or option is invalid: the message names the field. */
  'CONFIG_INVALID',
  /** A query argument (time range, filter, limit) is invalid. */
  'INPUT_INVALID',
  /** The vendor rejected the credentials (401, bad token). */
  'AUTH_FAILED',
  /** Authenticated, but not allowed (403, missing scope). */
  'FORBIDDEN',
  /** The vendor kept answering 429 until the retry budget ran out. */
  'RATE_LIMITED',
  /** The vendor answered with another non-success status. */
  'HTTP_ERROR',
  /** Connection refused, reset, DNS failure. */
  'NETWORK_ERROR',
  /** Connect, headers or body timeout. */
  'TIMEOUT',
  /** The response was not what the API documents (not JSON, wrong shape, truncated). */
  'RESPONSE_INVALID',
  /** The response body exceeded the configured size bound. */
  'RESPONSE_TOO_LARGE',
  /** The server repeated a page or a cursor: paging would never end. */
  'PAGINATION_LOOP',
  /** A safety bound (max pages, unsplittable window) was reached. */
  'LIMIT_EXCEEDED',
  /**
   * A read could not show that it delivered every record of its window (the server's paging,
   * sort, cursor or count did not add up). What was delivered stays delivered.
   */
  'INCOMPLETE',
  /** A stored checkpoint could not be read. */
  'CHECKPOINT_INVALID',
  /** The caller aborted the operation. */
  'ABORTED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
