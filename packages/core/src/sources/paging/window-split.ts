import type { ReadEvidence } from '../../completeness/read-evidence.js';

/** The largest answer a source has had from its server: answers below it were not cut short. */
export interface ObservedCap {
  largest: number;
  /** Whether a broad calibration request was made already (once per source). */
  calibrated?: boolean;
}

export interface WindowAnswer<R> {
  /** The records of the window itself (a caller that widens its request filters them here). */
  records: R[];
  /** How many records the server sent (before any filtering): what a cap would limit. */
  received: number;
  /** The server said outright that nothing more matches (e.g. `moreAvailable: false`). */
  complete?: boolean;
}

export interface SplitOptions<R> {
  /** Inclusive bounds, in ms. */
  start: number;
  end: number;
  /** One request for the records of [from, to] (inclusive ms). */
  fetch: (from: number, to: number) => Promise<WindowAnswer<R>>;
  cap: ObservedCap;
  evidence: ReadEvidence;
  /** Windows shorter than twice this are not split further. Default 1 ms. */
  minWindowMs?: number;
  /**
   * One broad request (e.g. the last 90 days) whose answer size raises what is known of the cap,
   * made once per source the first time an answer cannot be shown complete.
   */
  calibrate?: () => Promise<number>;
  /**
   * Reads a window too short to split by another paging method the API has (e.g. a keyset), or
   * throws. Without it, such a window fails the read.
   */
  exhaust?: (from: number, to: number) => Promise<R[]>;
  /** What the user can do when a window too short to split looks cut short (ends the error). */
  whenUnsplittable?: string;
}

export interface SplitWindow<R> {
  from: number;
  to: number;
  records: R[];
}

/**
 * Reads a time range from an API that answers at most some unknown number of records and says
 * nothing when it cuts an answer short. No count is assumed to be the cap: an answer is complete
 * when it is empty, when the server says so, or when it holds fewer records than the largest answer
 * this source has ever had (the cap is at least that large; a broad calibration request raises
 * that knowledge once). One record is never taken for a cut: an API answering one record at most
 * could not be read at all. Any other window is split in two, down to a single millisecond; past
 * that, the read fails loudly. Windows come out oldest first.
 */
export async function* splitWindows<R>(options: SplitOptions<R>): AsyncGenerator<SplitWindow<R>> {
  const { fetch, cap, evidence } = options;
  const minWindowMs = options.minWindowMs ?? 1;

  async function* read(from: number, to: number): AsyncGenerator<SplitWindow<R>, number> {
    const answer = await fetch(from, to);
    const received = answer.received;
    cap.largest = Math.max(cap.largest, received);
    const shown = () => received <= 1 || answer.complete === true || received < cap.largest;
    if (!shown() && !cap.calibrated && options.calibrate) {
      cap.calibrated = true;
      cap.largest = Math.max(cap.largest, await options.calibrate());
    }
    if (shown()) {
      yield { from, to, records: answer.records };
      return answer.records.length;
    }
    if (to - from + 1 < 2 * minWindowMs && options.exhaust) {
      const records = await options.exhaust(from, to);
      yield { from, to, records };
      return records.length;
    }
    if (to - from + 1 < 2 * minWindowMs) {
      throw evidence.fail(
        `${received} records for ${new Date(from).toISOString()} .. ${new Date(to).toISOString()}, as many as the largest answer seen, so the answer may be cut short, and the window cannot be split further${options.whenUnsplittable ? ` (${options.whenUnsplittable})` : ''}`,
      );
    }
    const middle = Math.floor((from + to) / 2);
    const found = (yield* read(from, middle)) + (yield* read(middle + 1, to));
    if (found > answer.records.length) {
      evidence.saw(
        'response-capped',
        `an answer of ${received} records held only part of its window (${found} after splitting); windows were split until every answer was smaller than the largest seen`,
      );
    }
    return found;
  }

  yield* read(options.start, options.end);
}
