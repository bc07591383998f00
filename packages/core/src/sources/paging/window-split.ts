import type { ReadEvidence } from '../../completeness/read-evidence.js';
import { REPLAYED_ANSWER_ATTEMPTS } from './replayed-answer.js';

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
  /**
   * Tells records apart and places them in time. With it, every record a split window's answer
   * held must come back when its halves are read: a half answered with another request's answer
   * (a cache or proxy repeating an empty one, say) is asked again instead of taken for empty.
   */
  identity?: { key: (record: R) => string; time: (record: R) => number };
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
  const { fetch, cap, evidence, identity } = options;
  const minWindowMs = options.minWindowMs ?? 1;
  const span = (from: number, to: number) =>
    `${new Date(from).toISOString()} .. ${new Date(to).toISOString()}`;

  /**
   * Checks that a complete answer for [from, to] holds the records an earlier answer held there
   * (`known`): 'held' when it does; else, to ask again, what it lacks if retention can explain
   * that. Retention removes the oldest records first (by time, then by arrival), and what it removed never comes back: when
   * two answers in a row lack only records no newer than any they hold, the second lacking all the
   * first lacked, those records were removed meanwhile and the answer is believed. Anything else
   * missing (e.g. an answer another request had: a cache or proxy repeating an empty one) is
   * asked again, then fails the read.
   */
  function check(
    [from, to]: [number, number],
    records: readonly R[],
    known: readonly R[],
    { attempt, before }: { attempt: number; before: Set<string> | undefined },
  ): 'held' | Set<string> | undefined {
    if (!identity || known.length === 0) return 'held';
    const kept = new Set(records.map(identity.key));
    const missing = known.filter((record) => !kept.has(identity.key(record)));
    if (missing.length === 0) return 'held';
    const lacks = new Set(missing.map(identity.key));
    // A loop, not Math.min(...): an answer may hold more records than a call takes arguments.
    let oldestKept = Number.POSITIVE_INFINITY;
    for (const record of records) oldestKept = Math.min(oldestKept, identity.time(record));
    const removed = missing.every((r) => identity.time(r) <= oldestKept);
    if (removed && before && [...before].every((key) => lacks.has(key))) {
      evidence.saw(
        'records-shifted',
        `${missing.length} records an earlier answer held in ${span(from, to)} were gone from two answers in a row, none newer than those kept (retention)`,
      );
      return 'held';
    }
    if (attempt >= REPLAYED_ANSWER_ATTEMPTS) {
      throw evidence.fail(
        `${missing.length} records an earlier answer held in ${span(from, to)} were missing from ${REPLAYED_ANSWER_ATTEMPTS} complete answers for it in a row`,
      );
    }
    // Only a lack that retention explains can be confirmed by the next answer.
    if (removed) return lacks;
    evidence.saw(
      'page-repeated',
      `a complete answer for ${span(from, to)} lacked ${missing.length} records an earlier answer held there, some newer than those it held; it was asked again`,
    );
    return undefined;
  }

  /** `known` and the records of `answer`, once each. */
  function union(known: readonly R[], records: readonly R[]): R[] {
    if (!identity || known.length === 0) return [...records];
    const seen = new Set(records.map(identity.key));
    return [...records, ...known.filter((record) => !seen.has(identity.key(record)))];
  }

  async function* read(
    from: number,
    to: number,
    known: readonly R[] = [],
  ): AsyncGenerator<SplitWindow<R>, number> {
    const shown = (answer: WindowAnswer<R>) =>
      answer.received <= 1 || answer.complete === true || answer.received < cap.largest;
    let answer: WindowAnswer<R>;
    let before: Set<string> | undefined;
    for (let attempt = 1; ; attempt++) {
      answer = await fetch(from, to);
      cap.largest = Math.max(cap.largest, answer.received);
      if (!shown(answer) && !cap.calibrated && options.calibrate) {
        cap.calibrated = true;
        cap.largest = Math.max(cap.largest, await options.calibrate());
      }
      // An answer that may be cut short need not hold them: its halves will.
      if (!shown(answer)) break;
      const held = check([from, to], answer.records, known, { attempt, before });
      if (held === 'held') {
        yield { from, to, records: answer.records };
        return answer.records.length;
      }
      before = held;
    }
    const expected = union(known, answer.records);
    if (to - from + 1 < 2 * minWindowMs && options.exhaust) {
      let records: R[];
      before = undefined;
      for (let attempt = 1; ; attempt++) {
        records = await options.exhaust(from, to);
        const held = check([from, to], records, expected, { attempt, before });
        if (held === 'held') break;
        before = held;
      }
      yield { from, to, records };
      return records.length;
    }
    if (to - from + 1 < 2 * minWindowMs) {
      throw evidence.fail(
        `${answer.received} records for ${span(from, to)}, as many as the largest answer seen, so the answer may be cut short, and the window cannot be split further${options.whenUnsplittable ? ` (${options.whenUnsplittable})` : ''}`,
      );
    }
    const middle = Math.floor((from + to) / 2);
    const early = identity ? expected.filter((r) => identity.time(r) <= middle) : [];
    const late = identity ? expected.filter((r) => identity.time(r) > middle) : [];
    const found = (yield* read(from, middle, early)) + (yield* read(middle + 1, to, late));
    if (found > answer.records.length) {
      evidence.saw(
        'response-capped',
        `an answer of ${answer.received} records held only part of its window (${found} after splitting); windows were split until every answer was smaller than the largest seen`,
      );
    }
    return found;
  }

  yield* read(options.start, options.end);
}
