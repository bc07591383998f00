import { AuditRelayError } from '../../errors/auditrelay-error.js';

/**
 * Stops paging that would never end: a repeated cursor or an identical page is an error, and so
 * is passing `maxPages`. Never a silent stop.
 */
export class PageGuard {
  readonly #label: string;
  readonly #maxPages: number;
  readonly #cursors = new Set<string>();
  #pages = 0;
  #lastSignature: string | undefined;

  constructor(label: string, maxPages: number) {
    this.#label = label;
    this.#maxPages = maxPages;
  }

  /** Call before each request with the cursor it will send. */
  beforeRequest(cursor: string): void {
    this.count();
    if (this.#cursors.has(cursor)) {
      throw new AuditRelayError({
        code: 'PAGINATION_LOOP',
        message: `${this.#label}: the server led back to a cursor already requested (${cursor}); stopping instead of looping.`,
      });
    }
    this.#cursors.add(cursor);
    if (this.#cursors.size > 10_000) this.#cursors.clear();
  }

  /**
   * Call before a request that may legitimately repeat an earlier one (a probe, a page re-read
   * after a re-location); only the page bound applies.
   */
  count(): void {
    this.#pages++;
    if (this.#pages > this.#maxPages) {
      throw new AuditRelayError({
        code: 'LIMIT_EXCEEDED',
        message: `${this.#label}: more than ${this.#maxPages} pages in one read (options.maxPages); narrow the time range or raise the bound.`,
      });
    }
  }

  /** Call with a page's identity (e.g. first and last id); the same non-empty page twice is an error. */
  afterPage(signature: string, size: number): void {
    if (size > 0 && signature === this.#lastSignature) {
      throw new AuditRelayError({
        code: 'PAGINATION_LOOP',
        message: `${this.#label}: the server returned the same page twice; stopping instead of looping.`,
      });
    }
    this.#lastSignature = signature;
  }
}
