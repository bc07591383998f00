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
   * Extra wait beyond each window, because the server counts arrivals, not our send times, and
   * latency varies. Default: 2% of the window, at least 50 ms.
   */
  safetyMarginMs?: number;
}

/** The documented Kore.ai Admin API budget: 60 per minute and 1800 per hour, per account. */
export const KORE_ADMIN_API_BUDGET: RateWindow[] = [
  { limit: 60, windowMs: 60_000 },
  { limit: 1800, windowMs: 3_600_000 },
];

/**
 * A client-side limiter for rolling windows, checked together as the vendor does. Shared by every
 * request of a source (and across parallel slices), so the budget holds for the whole run.
 */
export class RateLimiter {
  readonly #windows: RateWindow[];
  readonly #now: () => number;
  readonly #sleep: Sleep;
  /** Start times of granted requests, oldest first, kept for the longest window. */
  readonly #granted: number[] = [];
  readonly #margin: (windowMs: number) => number;
  #queue: Promise<void> = Promise.resolve();

  constructor(options: RateLimiterOptions) {
    this.#windows = options.windows.filter((w) => w.limit > 0 && w.windowMs > 0);
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep;
    const margin = options.safetyMarginMs;
    this.#margin = (windowMs) => margin ?? Math.max(50, Math.round(windowMs * 0.02));
  }

  /** Resolves when one more request fits every window; callers are served in order. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.#queue.then(() => this.#waitForSlot(signal));
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  /** How long until a slot frees, 0 if one is free now. */
  delayUntilFree(now = this.#now()): number {
    let delay = 0;
    for (const { limit, windowMs } of this.#windows) {
      const span = windowMs + this.#margin(windowMs);
      const inWindow = this.#granted.filter((t) => t > now - span);
      if (inWindow.length >= limit) {
        const oldestThatMustExpire = inWindow[inWindow.length - limit]!;
        delay = Math.max(delay, oldestThatMustExpire + span - now + 1);
      }
    }
    return delay;
  }

  async #waitForSlot(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.#now();
      this.#prune(now);
      const delay = this.delayUntilFree(now);
      if (delay <= 0) {
        this.#granted.push(now);
        return;
      }
      await this.#sleep(delay, signal);
    }
  }

  #prune(now: number): void {
    const longest = Math.max(0, ...this.#windows.map((w) => w.windowMs + this.#margin(w.windowMs)));
    while (this.#granted.length > 0 && this.#granted[0]! <= now - longest) this.#granted.shift();
  }
}
