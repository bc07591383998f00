import type { z } from 'zod/v4';
import { AuditRelayError } from '../errors/auditrelay-error.js';
import { HttpError } from '../errors/http-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { RateLimiter } from './rate-limiter.js';
import { parseRetryAfter, type RetryPolicy } from './retry-policy.js';
import { safeUrl, type Redactor } from './redactor.js';
import type { HttpTransport, TransportResponse } from './transport.js';
import { responseGuard } from './response-guard.js';

const EXCERPT_BYTES = 300;
/**
 * How much of a body is redacted before the excerpt is cut from it: far more than the excerpt,
 * so a secret or token that starts inside the excerpt is whole in what is redacted.
 */
const REDACT_WINDOW = 64 * 1024;

export interface HttpClientOptions {
  transport: HttpTransport;
  retry: RetryPolicy;
  redactor: Redactor;
  /** Names the source in every error message, e.g. `kore-xo "prod"`. */
  label: string;
  rateLimiter?: RateLimiter;
  /** Reads the vendor's error message out of an error body. */
  errorMessage?: (body: unknown) => string | undefined;
  now?: () => number;
  /**
   * Overall time for one attempt: connect, headers and the whole body (a server trickling bytes
   * must not hold a request forever). Default none (the transport's own timeouts only).
   */
  deadlineMs?: number;
  /** Largest body a streamed download (`raw`) may deliver. Default unbounded. */
  maxDownloadBytes?: number;
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Auth headers, computed for every attempt (tokens may be refreshed between attempts). */
  auth?: () => Promise<Record<string, string>>;
  /** Called once on 401; when it resolves true the request is repeated with fresh auth. */
  onUnauthorized?: () => Promise<boolean>;
  /** Whether this request counts against the client-side rate limit. Default true. */
  rateLimited?: boolean;
  /** Sees the headers of a successful answer (e.g. `date`, to measure the server's clock). */
  onHeaders?: (headers: Record<string, string | undefined>) => void;
}

/** A short, single-line, redacted view of a body: redacted first, then cut. */
function excerpt(text: string, redactor: Redactor): string {
  const flat = redactor.redact(text.slice(0, REDACT_WINDOW)).replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_BYTES ? `${flat.slice(0, EXCERPT_BYTES)}…` : flat;
}

/** One attempt's deadline: a signal that fires at the deadline or when the caller aborts. */
interface Deadline {
  signal: AbortSignal | undefined;
  /** True once the deadline (not the caller) has fired. */
  expired(): boolean;
}

function startDeadline(ms: number | undefined, signal: AbortSignal | undefined): Deadline {
  if (ms === undefined) return { signal, expired: () => false };
  // AbortSignal.timeout, not a timer of our own: hosts such as n8n forbid setTimeout in their
  // plugins, and its timer never keeps a process alive.
  const timeout = AbortSignal.timeout(ms);
  return {
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    expired: () => timeout.aborted && !signal?.aborted,
  };
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Sends requests for one source: rate limit, auth, one retry policy, and errors that name the
 * source and never carry a secret.
 */
export class HttpClient {
  readonly #options: HttpClientOptions;

  constructor(options: HttpClientOptions) {
    this.#options = options;
  }

  /** Answers a cache served from storage that were refused (reads report them). */
  readonly cachedAnswers = { count: 0, lastAge: 0 };

  get label(): string {
    return this.#options.label;
  }

  get redactor(): Redactor {
    return this.#options.redactor;
  }

  /** A GET (or POST) whose 2xx JSON body is validated against `schema`. */
  async json<S extends z.ZodType>(
    url: string,
    schema: S,
    options: RequestOptions = {},
  ): Promise<z.output<S>> {
    return this.#options.retry.run(async () => {
      const deadline = startDeadline(this.#options.deadlineMs, options.signal);
      const response = await this.#send(url, options, deadline);
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        // A body cut off mid-way (reset, timeout, over the size bound): same wording as the
        // request's own failures, naming the source.
        throw this.#labelled(error, url, deadline);
      }
      return this.#parse(url, response, text, schema);
    }, options.signal);
  }

  /**
   * A request whose successful response is handed over unread (for streamed downloads). The
   * deadline runs until the body has been read; the body is cut at `maxDownloadBytes`.
   */
  async raw(url: string, options: RequestOptions = {}): Promise<TransportResponse> {
    return this.#options.retry.run(async () => {
      const deadline = startDeadline(this.#options.deadlineMs, options.signal);
      return this.#bounded(url, await this.#send(url, options, deadline), deadline);
    }, options.signal);
  }

  /** The response with its body counted against `maxDownloadBytes` and its errors labelled. */
  #bounded(url: string, response: TransportResponse, deadline: Deadline): TransportResponse {
    const max = this.#options.maxDownloadBytes ?? Number.POSITIVE_INFINITY;
    const where = safeUrl(url, this.#options.redactor);
    // Labelled with the source's name by `labelled` below.
    const tooLarge = (detail: string) =>
      new AuditRelayError({
        code: 'RESPONSE_TOO_LARGE',
        message: `the download from ${where} ${detail}, over the ${max}-byte limit (options.maxDownloadMegabytes).`,
      });
    const declared = Number(response.headers['content-length']);
    const labelled = (error: unknown) => this.#labelled(error, url, deadline);
    return {
      ...response,
      async *body() {
        try {
          if (Number.isFinite(declared) && declared > max) {
            await response.dump();
            throw tooLarge(`declares ${declared} bytes`);
          }
          let size = 0;
          for await (const chunk of response.body()) {
            size += chunk.byteLength;
            if (size > max) throw tooLarge('went past the limit');
            yield chunk;
          }
        } catch (error) {
          throw labelled(error);
        }
      },
      async text() {
        try {
          return await response.text();
        } catch (error) {
          throw labelled(error);
        }
      },
      dump: () => response.dump(),
    };
  }

  #parse<S extends z.ZodType>(
    url: string,
    response: TransportResponse,
    text: string,
    schema: S,
  ): z.output<S> {
    const { label, redactor } = this.#options;
    const where = safeUrl(url, redactor);
    const contentType = response.headers['content-type'] ?? '';
    if (contentType && !/json/i.test(contentType)) {
      throw new AuditRelayError({
        code: 'RESPONSE_INVALID',
        message: `${label}: expected JSON from ${where} but got ${redactor.redact(contentType.split(';')[0] ?? '')} (status ${response.status}): ${excerpt(text, redactor)}`,
      });
    }
    let data: unknown;
    try {
      data = JSON.parse(text) as unknown;
    } catch (cause) {
      // A body cut short by the network is worth another try; the next attempt re-requests it.
      throw new AuditRelayError({
        code: 'RESPONSE_INVALID',
        message: `${label}: the response from ${where} is not valid JSON (${text.length} bytes, possibly truncated).`,
        isRetryable: true,
        cause,
      });
    }
    // The guard answers for well-formed responses; zod parses only a response it rejects (or a
    // schema it cannot check), to say which field is wrong.
    if (responseGuard(schema)?.(data)) return data as z.output<S>;
    const result = schema.safeParse(data);
    if (!result.success) {
      const validation = ValidationError.fromZod(result.error, {
        prefix: 'response',
        code: 'INPUT_INVALID',
      });
      throw new AuditRelayError({
        code: 'RESPONSE_INVALID',
        message: `${label}: unexpected response shape from ${where}: ${validation.message}`,
        cause: validation,
      });
    }
    // Response schemas only check; they never transform. Hand back the parsed JSON itself so
    // every record's `raw` is the vendor's object untouched (zod would rebuild it, reordering keys).
    return data as z.output<S>;
  }

  async #send(
    url: string,
    options: RequestOptions,
    deadline: Deadline,
    refreshed = false,
  ): Promise<TransportResponse> {
    const { rateLimiter } = this.#options;
    const settled =
      options.rateLimited !== false ? await rateLimiter?.acquire(options.signal) : undefined;
    let response: TransportResponse;
    try {
      response = await this.#request(url, options, deadline);
    } finally {
      // The server has counted this request by the time its answer starts (or it never will):
      // the round trip is the limiter's margin for it.
      settled?.();
    }
    if (response.status >= 200 && response.status < 300) {
      const age = cachedAge(response.headers);
      if (age !== undefined) {
        this.cachedAnswers.count++;
        this.cachedAnswers.lastAge = age;
        await response.dump();
        throw this.#cachedAnswer(url, age);
      }
      options.onHeaders?.(response.headers);
      return response;
    }

    if (response.status === 401 && !refreshed && options.onUnauthorized) {
      await response.dump();
      if (await options.onUnauthorized()) return this.#send(url, options, deadline, true);
    }
    throw await this.#httpError(url, response);
  }

  async #request(
    url: string,
    options: RequestOptions,
    deadline: Deadline,
  ): Promise<TransportResponse> {
    const { transport } = this.#options;
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': 'auditrelay',
      // Any cache on the way is to ask the API, not answer from what it stored (see cachedAge).
      'cache-control': 'no-cache',
      ...options.headers,
      ...(options.auth ? await options.auth() : {}),
    };
    try {
      return await transport.request({
        method: options.method ?? 'GET',
        url,
        headers,
        body: options.body,
        signal: deadline.signal,
      });
    } catch (error) {
      throw this.#labelled(error, url, deadline);
    }
  }

  /**
   * An answer a cache served instead of the API. It may be another request's answer (a cache that
   * ignores the query) or an old one, and an empty one looks like an empty window: nothing in it
   * can show the read complete. Asked again; if caches keep answering, the read fails loudly.
   */
  #cachedAnswer(url: string, age: number): AuditRelayError {
    const { redactor, label } = this.#options;
    const where = safeUrl(url, redactor);
    let host = 'the API';
    try {
      host = new URL(url).host;
    } catch {
      // keep the generic wording
    }
    return new AuditRelayError({
      code: 'INCOMPLETE',
      message: `${label}: the answer from ${where} came from a cache (Age: ${age} s), not from the API, although auditrelay asks for none (Cache-Control: no-cache). A stored answer can miss records, so the read cannot be shown complete; let requests to ${host} bypass that cache (proxy or CDN settings).`,
      isRetryable: true,
    });
  }

  /** A transport failure as an error that names the source (and never shows a secret). */
  #labelled(error: unknown, url: string, deadline?: Deadline): AuditRelayError {
    const { redactor, label } = this.#options;
    if (deadline?.expired()) {
      return new AuditRelayError({
        code: 'TIMEOUT',
        message: `${label}: no complete answer from ${safeUrl(url, redactor)} within ${(this.#options.deadlineMs ?? 0) / 1000} s (options.deadlineSeconds).`,
        isRetryable: true,
        cause: error,
      });
    }
    if (AuditRelayError.isInstance(error)) {
      return new AuditRelayError({
        code: error.code,
        message: `${label}: ${redactor.redact(error.message)}`,
        isRetryable: error.isRetryable,
        cause: error,
      });
    }
    return new AuditRelayError({
      code: 'NETWORK_ERROR',
      message: `${label}: request to ${safeUrl(url, redactor)} failed.`,
      isRetryable: true,
      cause: error,
    });
  }

  async #httpError(url: string, response: TransportResponse): Promise<HttpError> {
    const { redactor, label, errorMessage } = this.#options;
    const now = (this.#options.now ?? Date.now)();
    let text = '';
    try {
      text = await response.text();
    } catch {
      // The status is what matters; a broken error body must not hide it.
    }
    const vendorMessage = errorMessage?.(tryJson(text));
    const where = safeUrl(url, redactor);
    const reason = vendorMessage ? redactor.redact(vendorMessage) : `HTTP ${response.status}`;
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.location;
      let target = 'another location';
      try {
        if (location) target = new URL(location, url).origin;
      } catch {
        // keep the generic wording
      }
      return new HttpError({
        message: `${label}: ${where} redirected to ${target} (status ${response.status}). Redirects are not followed, so credentials never reach another host; point baseUrl at the final address.`,
        status: response.status,
        url: where,
        bodyExcerpt: excerpt(text, redactor),
      });
    }
    const hint =
      response.status === 401
        ? ' Check the credentials.'
        : response.status === 403
          ? ' Check the app or token scopes.'
          : '';
    return new HttpError({
      message: `${label}: ${reason} (status ${response.status} from ${where}).${hint}`,
      status: response.status,
      url: where,
      bodyExcerpt: excerpt(text, redactor),
      retryAfterMs: parseRetryAfter(response.headers['retry-after'], now),
    });
  }
}

/**
 * The `Age` of an answer a cache served from storage, or undefined for an answer from the API. A
 * cache must send `Age` with a stored answer (RFC 9111, 4); some also send `Age: 0` on answers
 * they pass through, so only an answer stored a second or more counts.
 */
function cachedAge(headers: Record<string, string | undefined>): number | undefined {
  const value = headers.age;
  if (value === undefined) return undefined;
  const age = Number(value.split(',')[0]!.trim());
  return Number.isFinite(age) && age >= 1 ? age : undefined;
}
