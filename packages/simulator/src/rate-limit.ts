// Rolling-window rate limits, counted per account/credential.

import { httpDate } from './iso-time.js';
import type { RateLimitConfig, RetryAfterMode } from './types.js';

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly config: RateLimitConfig;
  private readonly longest: number;

  constructor(config: RateLimitConfig) {
    this.config = config;
    this.longest = Math.max(0, ...config.windows.map((w) => w.windowMs));
  }

  get retryAfter(): RetryAfterMode {
    return this.config.retryAfter ?? 'seconds';
  }

  /**
   * Counts the request if every window has room and returns 0; otherwise returns the ms until a
   * slot frees in every full window (the request is not counted).
   */
  take(account: string, now: number): number {
    let list = this.hits.get(account);
    if (list === undefined) {
      list = [];
      this.hits.set(account, list);
    }
    let expired = 0;
    while (expired < list.length && list[expired]! <= now - this.longest) expired++;
    if (expired > 0) list.splice(0, expired);
    let wait = 0;
    for (const { limit, windowMs } of this.config.windows) {
      if (limit <= 0) {
        wait = Math.max(wait, windowMs);
        continue;
      }
      const since = now - windowMs;
      let inWindow = 0;
      for (let i = list.length - 1; i >= 0 && list[i]! > since; i--) inWindow++;
      if (inWindow >= limit) wait = Math.max(wait, list[list.length - limit]! + windowMs - now);
    }
    if (wait > 0) return wait;
    list.push(now);
    return 0;
  }
}

/** Retry-After header value for a wait, or undefined for mode 'none'. */
export function retryAfterHeader(
  mode: RetryAfterMode,
  waitMs: number,
  now: number,
): string | undefined {
  if (mode === 'none') return undefined;
  if (mode === 'http-date') return httpDate(Math.ceil((now + waitMs) / 1000) * 1000);
  return String(Math.max(1, Math.ceil(waitMs / 1000)));
}
