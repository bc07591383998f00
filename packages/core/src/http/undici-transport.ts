import { rootCertificates } from 'node:tls';
import { Agent, EnvHttpProxyAgent, errors as undiciErrors, type Dispatcher } from 'undici';
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
  /**
   * A proxy for every request (http:// or https://, credentials in its userinfo); overrides the
   * proxy variables. NO_PROXY still applies.
   */
  proxy?: string;
  /** Extra CA certificates (PEM) trusted on top of Node's bundled roots. */
  ca?: string;
  /**
   * Where HTTPS_PROXY, HTTP_PROXY and NO_PROXY (or their lower-case forms) are read. Default
   * `process.env`.
   */
  env?: Record<string, string | undefined>;
}

/** Certificate checks that fail when a private CA or a TLS-inspecting proxy signs the server's. */
const TLS_TRUST_CODES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

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
  const tlsCode = [code, causeCode].find((c) => c !== undefined && TLS_TRUST_CODES.has(c));
  if (tlsCode) {
    // Retrying cannot help: the trust decision is the same every time.
    return new AuditRelayError({
      code: 'NETWORK_ERROR',
      message: `The TLS certificate of ${url} is not trusted (${tlsCode}). If a private CA or a TLS-inspecting proxy signs it, set options.caFile to that CA's PEM file.`,
      cause: error,
    });
  }
  const proxyStatus = /^Proxy response \((\d{3})\)/.exec(
    (error as { message?: unknown } | null)?.message?.toString() ?? '',
  )?.[1];
  if (proxyStatus) {
    return new AuditRelayError({
      code: 'NETWORK_ERROR',
      message: `The proxy refused the tunnel to ${url} (status ${proxyStatus})${proxyStatus === '407' ? ': check the proxy credentials' : ''}.`,
      isRetryable: proxyStatus !== '407' && proxyStatus !== '403',
      cause: error,
    });
  }
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

/**
 * A keep-alive pool, through a proxy when one is configured or named by the environment
 * (undici's EnvHttpProxyAgent: HTTPS_PROXY, HTTP_PROXY, NO_PROXY). Every proxied request goes
 * through a CONNECT tunnel, https targets and plain-http ones alike: the proxy sees the target's
 * host and port and its own Proxy-Authorization, never a request header of the vendor's API.
 */
function createDispatcher(options: UndiciTransportOptions): Dispatcher {
  const tls = options.ca ? { ca: [...rootCertificates, options.ca] } : {};
  const connectTimeout = options.connectTimeoutMs ?? 10_000;
  const agentOptions = {
    connect: { timeout: connectTimeout, ...tls },
    headersTimeout: options.headersTimeoutMs ?? 30_000,
    bodyTimeout: options.bodyTimeoutMs ?? 30_000,
    connections: options.connections ?? 8,
    keepAliveTimeout: 10_000,
  };
  const env = options.env ?? process.env;
  const httpsProxy = options.proxy ?? (env.https_proxy || env.HTTPS_PROXY);
  const httpProxy = options.proxy ?? (env.http_proxy || env.HTTP_PROXY);
  if (!httpsProxy && !httpProxy) return new Agent(agentOptions);
  return new EnvHttpProxyAgent({
    ...agentOptions,
    // Empty strings, not undefined: undici would read process.env instead of `env`.
    httpProxy: httpProxy ?? '',
    httpsProxy: httpsProxy ?? '',
    noProxy: env.no_proxy ?? env.NO_PROXY ?? '',
    proxyTunnel: true,
    connectTimeout,
    requestTls: tls,
    proxyTls: tls,
  });
}

/** The default transport: an undici keep-alive pool with timeouts, abort and a body size bound. */
export function createUndiciTransport(options: UndiciTransportOptions = {}): HttpTransport {
  const maxBytes = options.maxResponseBytes ?? 64 * 1024 * 1024;
  const ownsDispatcher = !options.dispatcher;
  const dispatcher = options.dispatcher ?? createDispatcher(options);

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
