import type { ReadEvidence } from '../../completeness/read-evidence.js';

/** Contradicted ends in a row, without progress, before a read fails loudly. */
export const DISPUTED_END_ATTEMPTS = 3;

/**
 * The end of a keyset that a second query contradicted ("nothing more", then more). The request
 * it ended on is asked again, which is not a cursor revisited; contradictions count only while
 * the walk makes no progress, so records arriving meanwhile never fail a read.
 */
export class DisputedEnd {
  #inARow = 0;
  #askAgain = false;

  /** Whether the next request asks again the one a disputed end came from (cleared as read). */
  takeAskAgain(): boolean {
    const again = this.#askAgain;
    this.#askAgain = false;
    return again;
  }

  /** The walk delivered records: earlier contradictions no longer count. */
  progressed(): void {
    this.#inARow = 0;
  }

  /** Records a contradiction; throws `fail(times)` at DISPUTED_END_ATTEMPTS in a row. */
  dispute(evidence: ReadEvidence, detail: string, fail: (times: number) => Error): void {
    if (++this.#inARow >= DISPUTED_END_ATTEMPTS) throw fail(this.#inARow);
    evidence.saw('end-disputed', detail);
    this.#askAgain = true;
  }
}
