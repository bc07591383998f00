import type { ReadEvidence } from '../../completeness/read-evidence.js';

/**
 * How many answers in a row that do not fit the request (records outside the bounds sent) a read
 * takes before it believes the server ignores the bounds. One such answer may be a cache or proxy
 * repeating another request's answer; asking again tells the two apart.
 */
export const REPLAYED_ANSWER_ATTEMPTS = 3;

/**
 * Asks until an answer holds no record outside the bounds sent, up to REPLAYED_ANSWER_ATTEMPTS
 * times; then `fail` names the stray record (the server ignores the bounds).
 */
export async function askWhileOutsideBounds<B, R>(options: {
  /** One request; `attempt` counts from 1 (a page guard may treat repeats differently). */
  ask: (attempt: number) => Promise<B>;
  /** A record of the answer outside the bounds sent, if any. */
  stray: (answer: B) => R | undefined;
  evidence: ReadEvidence;
  /** What the records are called in the evidence (`records`, `logs`). */
  records: string;
  fail: (stray: R) => Error;
}): Promise<B> {
  for (let attempt = 1; ; attempt++) {
    const answer = await options.ask(attempt);
    const stray = options.stray(answer);
    if (stray === undefined) return answer;
    if (attempt >= REPLAYED_ANSWER_ATTEMPTS) throw options.fail(stray);
    options.evidence.saw(
      'page-repeated',
      `an answer held ${options.records} outside the window asked; it was asked again`,
    );
  }
}
