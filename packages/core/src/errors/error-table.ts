import type { ErrorCode } from './error-codes.js';

/** What one error code means to a user, in every host. */
export interface ErrorCodeInfo {
  /** What to check or do, in words that fit every host (CLI, n8n, Backstage). */
  hint: string;
  /**
   * The CLI's exit code. Besides these the CLI uses 0 (success), 1 (unexpected error), 2 (usage)
   * and 8 (partial: some sources failed).
   */
  exitCode: number;
  /**
   * The HTTP status a server answers with when a request it serves fails with this code. Vendor
   * failures are 502/503/504 (the upstream failed, not the caller's request): a vendor's 401
   * must not read as the caller's own 401.
   */
  httpStatus: number;
}

/**
 * Every error code → hint, CLI exit code and HTTP status: the one table hosts derive theirs from
 * (as tRPC maps its codes to JSON-RPC and HTTP codes). `ERROR_TABLE[error.code]`.
 */
export const ERROR_TABLE: { readonly [C in ErrorCode]: ErrorCodeInfo } = {
  CONFIG_INVALID: {
    hint: 'Fix the configuration field the message names; a secret given as env:NAME needs that variable set.',
    exitCode: 3,
    httpStatus: 500,
  },
  INPUT_INVALID: {
    hint: 'Fix the time range, filter or limit the message names (the start must be before the end).',
    exitCode: 2,
    httpStatus: 400,
  },
  AUTH_FAILED: {
    hint: 'The vendor rejected the credential: check its fields (client id and secret of the same app, or the API key) and test the source again.',
    exitCode: 4,
    httpStatus: 502,
  },
  FORBIDDEN: {
    hint: 'The credential works but lacks the audit-log permission or scope (Kore.ai: the app’s Admin Console audit-log scope; UiPath: PM.Audit.Read or OR.Audit.Read as an application scope).',
    exitCode: 4,
    httpStatus: 502,
  },
  RATE_LIMITED: {
    hint: 'The vendor kept throttling requests until the retry budget ran out: try again later, read less often or with fewer parallel slices; a sync resumes from its checkpoint.',
    exitCode: 5,
    httpStatus: 503,
  },
  HTTP_ERROR: {
    hint: 'The vendor answered with an error (the message quotes its status): check the base URL, organization and tenant names, and the vendor’s status page.',
    exitCode: 7,
    httpStatus: 502,
  },
  NETWORK_ERROR: {
    hint: 'The API could not be reached: check the host in the base URL, and proxies and firewalls between here and the vendor.',
    exitCode: 6,
    httpStatus: 502,
  },
  TIMEOUT: {
    hint: 'The API did not answer in time: check the network path, or raise the source’s timeout for slow links.',
    exitCode: 6,
    httpStatus: 504,
  },
  RESPONSE_INVALID: {
    hint: 'The API answered with something other than the audit-log format: a login or proxy page usually means a wrong host or path.',
    exitCode: 7,
    httpStatus: 502,
  },
  RESPONSE_TOO_LARGE: {
    hint: 'A response exceeded the size bound: use a smaller page size or shorter windows.',
    exitCode: 7,
    httpStatus: 502,
  },
  PAGINATION_LOOP: {
    hint: 'The API repeated a page, so paging was stopped rather than loop forever: a shorter range usually gets past it; report it with the source type.',
    exitCode: 7,
    httpStatus: 502,
  },
  LIMIT_EXCEEDED: {
    hint: 'A safety limit was reached (maximum pages, a window that cannot be split further): narrow the time range or raise the limit.',
    exitCode: 7,
    httpStatus: 502,
  },
  INCOMPLETE: {
    hint: "The read could not show that it got every event of the range: the API's paging, sort, cursor or count did not add up. What was delivered is kept; the completeness report says what was seen, and `auditlogs probe` (auditrelay CLI) measures the tenant.",
    exitCode: 9,
    httpStatus: 502,
  },
  CHECKPOINT_INVALID: {
    hint: 'A stored checkpoint could not be read: reset it (the CLI’s tail state file, the n8n trigger’s start) to start again from the configured start.',
    exitCode: 3,
    httpStatus: 500,
  },
  ABORTED: {
    hint: 'The operation was stopped before it finished (interrupted, cancelled or out of time); what was committed stays, and the next run resumes from there.',
    exitCode: 130,
    httpStatus: 503,
  },
};

/**
 * The table's row for any thrown value's code, or undefined when it is not one of ours (a
 * host's own error, or a code from a newer core).
 */
export function errorCodeInfo(code: unknown): ErrorCodeInfo | undefined {
  return typeof code === 'string' && Object.hasOwn(ERROR_TABLE, code)
    ? ERROR_TABLE[code as ErrorCode]
    : undefined;
}
