/**
 * How a read showed that it delivered every record of its window. Each built-in source ends every
 * read with one of these, or fails with `INCOMPLETE`: a short result never passes as complete.
 */
export type ProofMethod =
  /** A keyset (id cursor) walked until the vendor said there was nothing more. */
  | 'cursor-exhausted'
  /** An id-ordered keyset stopped at the first record past the window's end. */
  | 'cursor-passed-end'
  /** The vendor's own count for the window was matched by what was delivered. */
  | 'count-reconciled'
  /** Offset pages, each overlapping the one before by a record, to a confirmed end. */
  | 'offset-verified'
  /** Offset pages to a confirmed end, without overlap or count to check continuity against. */
  | 'offset-exhausted'
  /** An unpaged API: the window was split until every answer was below the largest one seen. */
  | 'split-below-cap';

/** A server behaviour a read detected and adapted to (or failed on). Stable codes. */
export type BehaviourCode =
  | 'page-size-capped'
  | 'page-size-rejected'
  | 'sort-descending'
  | 'sort-ignored'
  | 'cursor-ignored'
  | 'ids-out-of-order'
  | 'offset-is-record-index'
  | 'offset-ignored'
  | 'count-absent'
  | 'count-stale'
  | 'records-shifted'
  | 'page-repeated'
  /** The server answered "no more", and a second, different query found more. */
  | 'end-disputed'
  /** A cache answered with a stored answer (refused, and the API asked again). */
  | 'answer-cached'
  | 'response-capped'
  | 'time-filter-ignored'
  | 'filter-ignored'
  | 'cursor-reversed';

export interface DetectedBehaviour {
  code: BehaviourCode;
  /** What was seen, in a sentence safe to print (no vendor text, no secret). */
  detail: string;
}

export interface ReadWindow {
  /** Inclusive start (UTC ISO); absent = from the beginning of the vendor's retention. */
  start?: string;
  /** Inclusive end (UTC ISO). */
  end: string;
}

/** The evidence of one complete read of one window. */
export interface ReadProof {
  window: ReadWindow;
  /** Records of the window the source returned in this read (before any dedupe by the host). */
  delivered: number;
  /** The vendor's own count for the window (at the start of the read), where it has one. */
  vendorCount?: number;
  method: ProofMethod;
  /** How the method applied here, e.g. which signal ended the walk. */
  detail: string;
  behaviours: DetectedBehaviour[];
  /**
   * What the user should know although the read is complete, in sentences safe to print: e.g.
   * that the window reaches past what the vendor's API keeps.
   */
  caveats?: string[];
}
