import type { SourceConfig } from '../config/source-config.js';
import { HttpClient } from '../http/http-client.js';
import { RateLimiter, type RateWindow } from '../http/rate-limiter.js';
import { Redactor, urlCredentials } from '../http/redactor.js';
import { RetryPolicy, type RetryPolicyOptions } from '../http/retry-policy.js';
import type { HttpTransport } from '../http/transport.js';
import type { Sleep } from '../http/abort.js';

/** What a host may inject when it builds sources. */
export interface SourceDependencies {
  /** The HTTP transport. Default: undici (from the package root; required from `./portable`). */
  transport?: HttpTransport;
  /** How to wait between retries and for rate-limit slots. Default (Node entry): timers. */
  sleep?: Sleep;
  /** Retry tuning and hooks (now/random for tests, onRetry for progress). */
  retry?: Partial<RetryPolicyOptions>;
  /** Overrides the source's client-side rate limit; `false` disables it. */
  rateLimit?: RateWindow[] | false;
  /** A limiter shared with other sources of the same vendor account. */
  rateLimiter?: RateLimiter;
  now?: () => number;
  /** Set by the factory when it created the transport itself, so `close()` may close it. */
  ownsTransport?: boolean;
}

/** Everything a source implementation needs, built once per source. */
export interface SourceContext {
  config: SourceConfig;
  http: HttpClient;
  redactor: Redactor;
  now: () => number;
  label: string;
}

export function createSourceContext(
  config: SourceConfig,
  dependencies: SourceDependencies & { transport: HttpTransport; sleep: Sleep },
  defaults: { rateLimit?: RateWindow[]; errorMessage?: (body: unknown) => string | undefined },
): SourceContext {
  // A proxy's userinfo is a secret too (it only ever appears in errors by accident).
  const redactor = new Redactor([
    ...Object.values(config.credentials),
    ...urlCredentials(config.options.proxy),
  ]);
  const now = dependencies.now ?? Date.now;
  const label = `${config.type} "${config.id}"`;
  const windows =
    dependencies.rateLimit === false ? undefined : (dependencies.rateLimit ?? defaults.rateLimit);
  const rateLimiter =
    dependencies.rateLimiter ??
    (windows && windows.length > 0
      ? new RateLimiter({ windows, now, sleep: dependencies.retry?.sleep ?? dependencies.sleep })
      : undefined);
  const retry = new RetryPolicy({
    maxAttempts: config.options.maxAttempts,
    now,
    ...dependencies.retry,
    sleep: dependencies.retry?.sleep ?? dependencies.sleep,
  });
  const http = new HttpClient({
    transport: dependencies.transport,
    retry,
    redactor,
    label,
    rateLimiter,
    errorMessage: defaults.errorMessage,
    now,
    deadlineMs: config.options.deadlineSeconds * 1000,
    maxDownloadBytes: Math.floor(config.options.maxDownloadMegabytes * 1024 * 1024),
  });
  return { config, http, redactor, now, label };
}
