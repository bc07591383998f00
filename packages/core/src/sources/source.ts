import type { AuditEvent } from '../models/audit-event.js';
import type { SourceCursor } from '../models/checkpoint.js';
import type { ReadProof } from '../completeness/proof.js';
import type { ProbeResult } from '../completeness/probe.js';
import type { FilterChoice } from './define-source.js';

/** Vendor filters as flat strings (entity, action, userId, emailId, …); each source names its own. */
export type SourceFilters = Record<string, string | undefined>;

export interface ReadRequest {
  /** Inclusive lower time bound; undefined = from the beginning of the vendor's retention. */
  start?: Date;
  /** Upper time bound (inclusive); fixed for the whole read. */
  end: Date;
  filters?: SourceFilters;
  /** A keyset cursor from a previous sync of this source. */
  cursor?: SourceCursor;
  /**
   * `range` (default): exactly the events in [start, end]. `sync`: an incremental read; a source
   * with a persistent keyset may then follow it past the window's start.
   */
  mode?: 'range' | 'sync';
  signal?: AbortSignal;
}

export interface SourcePage {
  /** Normalized events of this page, ascending by occurredAt where the vendor allows. */
  events: AuditEvent[];
  /**
   * Where this read resumes after this page (a keyset position), so a crash mid-read costs at
   * most a page. Passed back as `ReadRequest.cursor` with the same window.
   */
  cursor?: SourceCursor;
  /** The vendor's total for the query, when it reports one (for progress and ETA). */
  total?: number;
  /**
   * On the last page of a read: how the read showed that it delivered every record of its window.
   * A built-in source ends every read with one or throws `INCOMPLETE`.
   */
  proof?: ReadProof;
}

export interface SourceCapabilities {
  /** The API filters by time, so reads can be sliced into windows and run in parallel. */
  timeSlicing: boolean;
  /**
   * The cursor stays valid across windows (an id keyset over all records), so the next window
   * continues from it instead of re-reading the overlap.
   */
  persistentCursor: boolean;
  /** Filter names this source understands. */
  filters: readonly string[];
  /** The source also has a bulk CSV download. */
  download: boolean;
}

export interface CheckResult {
  ok: boolean;
  /** What was verified or what failed, safe to print. */
  message: string;
}

/** One configured vendor endpoint. Built by `createSource(config)`. */
export interface AuditSource {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly capabilities: SourceCapabilities;
  /** Streams pages for a frozen window; never holds more than a page in memory. */
  read(request: ReadRequest): AsyncIterable<SourcePage>;
  /** Authenticates and makes one small request. */
  check(signal?: AbortSignal): Promise<CheckResult>;
  /**
   * Measures how the vendor's API behaves for this tenant (page cap, sort, cursor, counts,
   * bounds, clock) with a few read-only requests. Built-in sources have it.
   */
  probe?(signal?: AbortSignal): Promise<ProbeResult>;
  /**
   * The values the vendor offers for a filter whose definition has `choices: 'vendor'`, read from
   * its API (one or two metadata requests).
   */
  filterChoices?(filter: string, signal?: AbortSignal): Promise<FilterChoice[]>;
  /** Frees connections. */
  close(): Promise<void>;
}
