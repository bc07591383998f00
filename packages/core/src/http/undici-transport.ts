import { Agent, errors as undiciErrors, type Dispatcher } from 'undici';
import { AuditRelayError } from '../errors/auditrelay-error.js';
import type { HttpTransport, TransportRequest, TransportResponse } from './transport.js';

export interface UndiciTransportOptions {
  /** Bring your own undici dispatcher (a proxy agent, a MockAgent in tests). */
  dispatcher?: Dispatcher;
  /** TCP/TLS connect timeout. Default 10 s. */
  connectTimeoutMs?: number;
  /** Time to receive response headers. Default 30 s. */
  headersTimeoutMs?: number;
  /** Max idle time between body chunks. Default 30 s. */
  bodyTimeoutMs?: number;
  /** Largest body `text()` will read. Default 64 MiB. */
  maxResponseBytes?: number;
  /** Keep-alive connections per origin. Default 8. */
  connections?: number;
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Maps undici and socket failures to auditrelay errors without leaking the request. */
export function toTransportError(
  error: unknown,
  url: string,
  signal?: AbortSignal,
): AuditRelayError {
  if (AuditRelayError.isInstance(error)) return error;
  if (signal?.aborted) {
    return new AuditRelayError({
      code: 'ABORTED',
      message: 'The request was aborted.',
      cause: error,
    });
  }
  const code = errorCode(error);
  if (
    error instanceof undiciErrors.ConnectTimeoutError ||
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT'
  ) {
    return new AuditRelayError({
      code: 'TIMEOUT',
      message: `Timed out talking to ${url} (${code ?? 'timeout'}).`,
      isRetryable: true,
      cause: error,
    });
  }
  const causeCode = errorCode((error as { cause?: unknown } | null)?.cause);
  const netCode =
    code && NETWORK_CODES.has(code)
      ? code
      : causeCode && NETWORK_CODES.has(causeCode)
        ? causeCode
        : undefined;
  return new AuditRelayError({
    code: 'NETWORK_ERROR',
    message: `Network error talking to ${url}${netCode ? ` (${netCode})` : ''}.`,
    isRetryable: true,
    cause: error,
  });
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid url)';
  }
}

/** The default transport: an undici keep-alive pool with timeouts, abort and a body size bound. */
export function createUndiciTransport(options: UndiciTransportOptions = {}): HttpTransport {
  const maxBytes = options.maxResponseBytes ?? 64 * 1024 * 1024;
  const ownsDispatcher = !options.dispatcher;
  const dispatcher =
    options.dispatcher ??
    new Agent({
      connect: { timeout: options.connectTimeoutMs ?? 10_000 },
      headersTimeout: options.headersTimeoutMs ?? 30_000,
      bodyTimeout: options.bodyTimeoutMs ?? 30_000,
      connections: options.connections ?? 8,
      keepAliveTimeout: 10_000,
    });

  return {
    async request(request: TransportRequest): Promise<TransportResponse> {
      const origin = originOf(request.url);
      let response: Dispatcher.ResponseData;
      try {
        response = await dispatcher.request({
          method: request.method,
          origin,
          path: request.url.slice(origin.length) || '/',
          headers: request.headers,
          body: request.body,
          signal: request.signal,
        });
      } catch (error) {
        throw toTransportError(error, origin, request.signal);
      }
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      const body = response.body;
      return {
        status: response.statusCode,
        headers,
        async text() {
          const declared = Number(headers['content-length']);
          if (Number.isFinite(declared) && declared > maxBytes) {
            body.on('error', () => undefined);
            body.destroy();
            throw new AuditRelayError({
              code: 'RESPONSE_TOO_LARGE',
              message: `Response from ${origin} declares ${declared} bytes, over the ${maxBytes}-byte limit.`,
            });
          }
          const chunks: Buffer[] = [];
          let size = 0;
          try {
            for await (const chunk of body) {
              const buffer = chunk as Buffer;
              size += buffer.length;
              if (size > maxBytes) {
                // Leaving the loop by throwing closes the body; nothing more is read.
                throw new AuditRelayError({
                  code: 'RESPONSE_TOO_LARGE',
                  message: `Response from ${origin} exceeded the ${maxBytes}-byte limit.`,
                });
              }
              chunks.push(buffer);
            }
          } catch (error) {
            throw toTransportError(error, origin, request.signal);
          }
          return Buffer.concat(chunks).toString('utf8');
        },
        async *body() {
          try {
            for await (const chunk of body) yield chunk as Uint8Array;
          } catch (error) {
            throw toTransportError(error, origin, request.signal);
          }
        },
        async dump() {
          await body.dump().catch(() => undefined);
        },
      };
    },
    async close() {
      if (ownsDispatcher) await dispatcher.close();
    },
  };
}
