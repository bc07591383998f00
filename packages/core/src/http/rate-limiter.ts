import type { Sleep } from './abort.js';

/** `limit` requests in any rolling `windowMs`. */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

export interface RateLimiterOptions {
  windows: RateWindow[];
  now?: () => number;
  sleep: Sleep;
  /**
   * A fixed extra wait beyond each window. Default: measured per request (see `RateLimiter`),
   * 2% of the window, at least 50 ms, for a request whose answer has not come yet.
   */
  safetyMarginMs?: number;
}

/** Hands a granted slot back once the request has its answer (or failed): see `acquire`. */
export type RateGrantDone = () => void;

/** The documented Kore.ai Admin API budget: 60 per minute and 1800 per hour, per account. */
export const KORE_ADMIN_API_BUDGET: RateWindow[] = [
  { limit: 60, windowMs: 60_000 },
  { limit: 1800, windowMs: 3_600_000 },
];

interface Grant {
  /** When the slot was granted: the request leaves at or after this. */
  at: number;
  /** When its answer arrived (or it failed); undefined while in flight. */
  settled?: number;
}

/**
 * A client-side limiter for rolling windows, checked together as the vendor does. Shared by every
 * request of a source (and across parallel slices), so the budget holds for the whole run.
 *
 * The server counts a request when it arrives, which we cannot see: somewhere between our send
 * and the answer. So a request leaves the window, for us, one window after its *answer*: the next
 * request, sent later, arrives at least a full window after the old one did, whatever the network
 * did in between. That margin is measured per request (its round trip), not guessed: a few
 * milliseconds on a near server, more on a far one. A request still in flight counts with the
 * conservative default (2% of the window, at least 50 ms) until its answer comes.
 */
export class RateLimiter {
  readonly #windows: RateWindow[];
  readonly #now: () => number;
  readonly #sleep: Sleep;
  /** Granted requests, oldest first, kept for the longest window. */
  readonly #granted: Grant[] = [];
  readonly #fixedMargin: number | undefined;
  /** The longest window: a grant out of it is out of every window. */
  readonly #longest: RateWindow | undefined;
  #queue: Promise<void> = Promise.resolve();

  constructor(options: RateLimiterOptions) {
    this.#windows = options.windows.filter((w) => w.limit > 0 && w.windowMs > 0);
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep;
    this.#fixedMargin = options.safetyMarginMs;
    this.#longest = this.#windows.reduce<RateWindow | undefined>(
      (a, w) => (a && a.windowMs >= w.windowMs ? a : w),
      undefined,
    );
  }

  /**
   * Resolves when one more request fits every window; callers are served in order. Call the
   * returned function when the request's answer (or failure) has come: until then the slot
   * counts with the conservative margin.
   */
  async acquire(signal?: AbortSignal): Promise<RateGrantDone> {
    const turn = this.#queue.then(() => this.#waitForSlot(signal));
    this.#queue = turn.then(
      () => undefined,
      () => undefined,
    );
    const grant = await turn;
    return () => {
      grant.settled ??= this.#now();
    };
  }

  /** How long until a slot frees, 0 if one is free now. */
  delayUntilFree(now = this.#now()): number {
    let delay = 0;
    for (const { limit, windowMs } of this.#windows) {
      // When each grant leaves this window for us; margins differ per request, so the order of
      // leaving need not be the order of granting.
      const leaving: number[] = [];
      for (const grant of this.#granted) {
        const leavesAt = grant.at + windowMs + this.#margin(grant, windowMs) + 1;
        if (leavesAt > now) leaving.push(leavesAt);
      }
      if (leaving.length < limit) continue;
      // A slot frees when no more than limit - 1 grants are still inside.
      leaving.sort((a, b) => b - a);
      delay = Math.max(delay, leaving[limit - 1]! - now);
    }
    return delay;
  }

  #margin(grant: Grant, windowMs: number): number {
    if (this.#fixedMargin !== undefined) return this.#fixedMargin;
    if (grant.settled !== undefined) return grant.settled - grant.at;
    return Math.max(50, Math.round(windowMs * 0.02));
  }

  async #waitForSlot(signal?: AbortSignal): Promise<Grant> {
    for (;;) {
      const now = this.#now();
      this.#prune(now);
      const delay = this.delayUntilFree(now);
      if (delay <= 0) {
        const grant: Grant = { at: now };
        this.#granted.push(grant);
        return grant;
      }
      await this.#sleep(delay, signal);
    }
  }

  /** Drops grants that no window can count any more. */
  #prune(now: number): void {
    const longest = this.#longest;
    if (!longest) return;
    while (this.#granted.length > 0) {
      const first = this.#granted[0]!;
      if (first.at + longest.windowMs + this.#margin(first, longest.windowMs) + 1 > now) break;
      this.#granted.shift();
    }
  }
}
