import { AuditRelayError } from '../errors/auditrelay-error.js';
import { HttpError } from '../errors/http-error.js';
import type { Sleep } from './abort.js';

export interface RetryPolicyOptions {
  /** Attempts in all, the first one included. Default 6. */
  maxAttempts?: number;
  /** First backoff delay. Default 500 ms; doubles each attempt. */
  baseDelayMs?: number;
  /** Largest backoff delay (Retry-After may ask for more, up to maxRetryAfterMs). Default 30 s. */
  maxDelayMs?: number;
  /** Longest Retry-After we are willing to honour; longer answers end the retries. Default 5 min. */
  maxRetryAfterMs?: number;
  /** Total time budget across all attempts, waits included. Default 10 min. */
  maxElapsedMs?: number;
  /** Delay when a 429 carries no Retry-After (Kore documents none). Default: the backoff. */
  rateLimitFallbackDelayMs?: number;
  /** How to wait: the Node entry passes a timer-based sleep, n8n its own, tests a fake clock. */
  sleep: Sleep;
  now?: () => number;
  /** Random source for jitter in [0, 1). */
  random?: () => number;
  /** Called before each wait: for progress output and tests. */
  onRetry?: (info: RetryInfo) => void;
}

export interface RetryInfo {
  attempt: number;
  delayMs: number;
  error: AuditRelayError;
  /** The wait the server asked for, if it did. */
  retryAfterMs?: number;
}

/**
 * Parses Retry-After: delta-seconds or an HTTP-date. Returns milliseconds from `now`, or undefined
 * when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Runs `attempt` under one retry policy shared by every transport and source. */
export class RetryPolicy {
  readonly #options: Required<Omit<RetryPolicyOptions, 'rateLimitFallbackDelayMs' | 'onRetry'>> &
    Pick<RetryPolicyOptions, 'rateLimitFallbackDelayMs' | 'onRetry'>;

  constructor(options: RetryPolicyOptions) {
    this.#options = {
      maxAttempts: options.maxAttempts ?? 6,
      baseDelayMs: options.baseDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 30_000,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 5 * 60_000,
      maxElapsedMs: options.maxElapsedMs ?? 10 * 60_000,
      rateLimitFallbackDelayMs: options.rateLimitFallbackDelayMs,
      sleep: options.sleep,
      now: options.now ?? Date.now,
      random: options.random ?? Math.random,
      onRetry: options.onRetry,
    };
  }

  /** Full-jitter exponential backoff, never below half the nominal delay. */
  backoff(attempt: number): number {
    const { baseDelayMs, maxDelayMs, random } = this.#options;
    const nominal = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    return Math.round(nominal / 2 + (random() * nominal) / 2);
  }

  async run<T>(attempt: (attemptNumber: number) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const options = this.#options;
    const started = options.now();
    for (let attemptNumber = 1; ; attemptNumber++) {
      try {
        return await attempt(attemptNumber);
      } catch (caught) {
        const error = AuditRelayError.isInstance(caught)
          ? caught
          : new AuditRelayError({
              code: 'NETWORK_ERROR',
              message: 'Unexpected failure.',
              cause: caught,
            });
        if (!error.isRetryable || signal?.aborted || attemptNumber >= options.maxAttempts)
          throw error;
        const retryAfterMs = error instanceof HttpError ? error.retryAfterMs : undefined;
        if (retryAfterMs !== undefined && retryAfterMs > options.maxRetryAfterMs) throw error;
        let delayMs = this.backoff(attemptNumber);
        if (retryAfterMs !== undefined) delayMs = Math.max(retryAfterMs, 0);
        else if (error.code === 'RATE_LIMITED' && options.rateLimitFallbackDelayMs !== undefined) {
          delayMs = Math.max(delayMs, options.rateLimitFallbackDelayMs);
        }
        if (options.now() - started + delayMs > options.maxElapsedMs) throw error;
        options.onRetry?.({ attempt: attemptNumber, delayMs, error, retryAfterMs });
        await options.sleep(delayMs, signal);
      }
    }
  }
}
