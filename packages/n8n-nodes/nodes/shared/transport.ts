import type {
  IAdditionalCredentialOptions,
  ICredentialDataDecryptedObject,
  IExecuteFunctions,
  IHttpRequestOptions,
  ILoadOptionsFunctions,
  INode,
  IPollFunctions,
} from 'n8n-workflow';
import { sleep as n8nSleep } from 'n8n-workflow';
import {
  AuditRelayError,
  type HttpTransport,
  type Sleep,
  type TransportRequest,
  type TransportResponse,
} from '@auditrelay/core/portable';

export type RequestContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

/**
 * The core authenticates by itself; in n8n the credential does it (a JWT signed per request,
 * an API-key header, n8n's OAuth2 client-credentials token). The core is therefore given
 * placeholder secrets and a placeholder token URL, and the transport drops what the core adds.
 */
export const CREDENTIAL_PLACEHOLDER = 'n8n-credential-placeholder';
export const PLACEHOLDER_TOKEN_URL = 'https://n8n-credential-placeholder.invalid/connect/token';
const PLACEHOLDER_ACCESS = 'n8n-credential-placeholder-token';
const CORE_AUTH_HEADERS = new Set(['auth', 'authorization']);
/** The largest answer read (as the core's own transport): n8n's HTTP helper has no such bound. */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export interface N8nTransportOptions {
  credentialType: string;
  /** Per-request timeout. */
  timeoutMs: number;
  /** The credential is an OAuth2 one: answer the core's token requests, refresh on re-request. */
  oauth2?: { scope: string };
  /** When set, no request or wait may start past this instant (a poll's budget). */
  deadline?: number;
  /** What the deadline is, for its errors. Default `the poll budget`. */
  deadlineName?: string;
  /** Largest answer read. Default `MAX_RESPONSE_BYTES`. */
  maxResponseBytes?: number;
  /**
   * The credential as `getCredentials` returned it when the source was opened. Given, n8n does not
   * read it again for every request: an API-key or JWT credential is handed to
   * `httpRequestWithAuthentication` decrypted, and an OAuth2 credential's stored access token signs
   * the requests (see `createN8nTransport`).
   */
  credentials?: ICredentialDataDecryptedObject;
  /** Told every access token the transport signs with from then on (to redact it). */
  onToken?: (token: string) => void;
}

interface FullResponse {
  statusCode?: number;
  status?: number;
  headers?: Record<string, unknown>;
  body?: unknown;
}

function tooLarge(url: string, max: number): AuditRelayError {
  return new AuditRelayError({
    code: 'RESPONSE_TOO_LARGE',
    message: `the response from ${pathOf(url)} exceeded the ${max}-byte limit.`,
  });
}

/**
 * The body as text, read (n8n hands it over as a stream) up to `max` bytes: past that the stream
 * is destroyed and nothing more is read.
 */
async function readBounded(body: unknown, url: string, max: number): Promise<string> {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') {
    if (body.length > max) throw tooLarge(url, max);
    return body;
  }
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    if (body.byteLength > max) throw tooLarge(url, max);
    return new TextDecoder().decode(body);
  }
  const stream = body as AsyncIterable<Uint8Array | string> & { destroy?: () => void };
  if (typeof stream[Symbol.asyncIterator] !== 'function') return JSON.stringify(body);
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  try {
    for await (const chunk of stream) {
      const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
      size += bytes.byteLength;
      if (size > max) throw tooLarge(url, max);
      text += decoder.decode(bytes, { stream: true });
    }
  } finally {
    stream.destroy?.();
  }
  return text + decoder.decode();
}

function lowerCaseHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined || value === null) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

function bufferedResponse(status: number, headers: Record<string, string>, text: string) {
  const response: TransportResponse = {
    status,
    headers,
    text: () => Promise.resolve(text),
    body: async function* () {
      yield new TextEncoder().encode(text);
    },
    dump: () => Promise.resolve(),
  };
  return response;
}

/** Walks an error and its causes for a network error code such as ECONNREFUSED. */
function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function messages(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string') parts.push(message);
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join(' | ');
}

function firstMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n')[0] ?? '';
  return line.length > 160 ? `${line.slice(0, 160)}…` : line;
}

function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'the API';
  }
}

const DEADLINE_NAME = 'the poll budget';

/** Waits with n8n's `sleep`; refuses to wait past the deadline (the poll returns what it has). */
export function createSleep(deadline?: number, deadlineName = DEADLINE_NAME): Sleep {
  return async (ms, signal) => {
    if (signal?.aborted) throw new AuditRelayError({ code: 'ABORTED', message: 'aborted' });
    if (deadline !== undefined && Date.now() + ms > deadline) {
      throw new AuditRelayError({
        code: 'ABORTED',
        message: `${deadlineName} does not allow waiting any longer`,
      });
    }
    if (ms > 0) await n8nSleep(ms);
    if (signal?.aborted) throw new AuditRelayError({ code: 'ABORTED', message: 'aborted' });
  };
}

/**
 * The access token n8n's OAuth2 helper would sign a request with, from a credential's stored
 * token data (as its `buildSigningToken`: `accessToken` before `access_token`, `tokenType` before
 * `token_type`), when that signing is a plain `Authorization: Bearer` header. Undefined otherwise
 * (no token stored yet, another token type, token data encrypted with JWE): n8n signs then.
 */
export function bearerTokenOf(tokenData: unknown, jweEnabled?: unknown): string | undefined {
  if (jweEnabled === true || typeof tokenData !== 'object' || tokenData === null) return undefined;
  const data = tokenData as Record<string, unknown>;
  const token = data.accessToken || data.access_token;
  const type = typeof data.tokenType === 'string' ? data.tokenType : data.token_type;
  if (typeof token !== 'string' || token === '') return undefined;
  if (type !== undefined && (typeof type !== 'string' || type.toLowerCase() !== 'bearer')) {
    return undefined;
  }
  return token;
}

/**
 * The core's `HttpTransport` over n8n's request helpers: n8n applies the credential, proxies and
 * its SSRF guard. Non-2xx answers come back as responses (never thrown), so the core's retry
 * policy and error messages apply. Redirects are never followed (n8n would carry the credential's
 * `auth` header or bearer token to wherever a 3xx points): the core reports the 3xx.
 *
 * With `options.credentials` n8n does not resolve the credential again for every request (a
 * database read, decryption, and for OAuth2 its expression defaults evaluated in the isolate:
 * most of n8n's per-request cost). An API-key or JWT credential goes to
 * `httpRequestWithAuthentication` as `credentialsDecrypted` (n8n still signs each request). An
 * OAuth2 credential's stored bearer token signs the request as n8n's OAuth2 helper does, and the
 * request goes through `helpers.httpRequest`, the helper n8n's OAuth2 path ends in. Without a
 * stored token the first request goes through `httpRequestWithAuthentication` (n8n fetches and
 * stores the token) and the credential is read once more for it; after a 401 the core asks for a
 * token again, and n8n's `refreshOAuth2Token` gives the new one.
 */
export function createN8nTransport(
  context: RequestContext,
  options: N8nTransportOptions,
): HttpTransport {
  let tokenRequests = 0;
  const { credentials } = options;
  const useToken = (token: string | undefined) => {
    if (token !== undefined) options.onToken?.(token);
    return token;
  };
  let bearer =
    options.oauth2 && credentials
      ? useToken(bearerTokenOf(credentials.oauthTokenData, credentials.jweEnabled))
      : undefined;
  let tokenReadAgain = false;
  const additional: IAdditionalCredentialOptions | undefined =
    credentials && !options.oauth2
      ? { credentialsDecrypted: decrypted(context, options.credentialType, credentials) }
      : undefined;

  async function answerTokenRequest(): Promise<TransportResponse> {
    tokenRequests++;
    // The core asks again only after a 401: make n8n fetch a fresh token before the retry.
    if (tokenRequests > 1) {
      let data: unknown;
      try {
        data = await context.helpers.refreshOAuth2Token.call(context, options.credentialType);
      } catch (error) {
        throw tokenError(error, options.oauth2?.scope);
      }
      // The refreshed token signs from now on; without one, n8n signs (and stores it) again.
      bearer = credentials ? useToken(bearerTokenOf(data, credentials.jweEnabled)) : undefined;
      tokenReadAgain = false;
    }
    return bufferedResponse(
      200,
      { 'content-type': 'application/json' },
      JSON.stringify({ access_token: PLACEHOLDER_ACCESS, expires_in: 3600, token_type: 'Bearer' }),
    );
  }

  async function send(httpOptions: IHttpRequestOptions): Promise<unknown> {
    if (bearer !== undefined) {
      // As n8n's OAuth2 helper: the bearer header, the execution's cancel signal, httpRequest.
      const signals = [httpOptions.abortSignal, cancelSignalOf(context)].filter(
        (signal): signal is AbortSignal => signal !== undefined,
      );
      return await context.helpers.httpRequest({
        ...httpOptions,
        headers: { ...httpOptions.headers, Authorization: `Bearer ${bearer}` },
        ...(signals.length > 0
          ? { abortSignal: signals.length === 1 ? signals[0] : AbortSignal.any(signals) }
          : {}),
      });
    }
    const response: unknown = await context.helpers.httpRequestWithAuthentication.call(
      context,
      options.credentialType,
      httpOptions,
      additional,
    );
    if (options.oauth2 && credentials && !tokenReadAgain) {
      // n8n has fetched and stored a token for this request: sign the next ones with it.
      tokenReadAgain = true;
      try {
        const stored = await context.getCredentials(options.credentialType);
        bearer = useToken(bearerTokenOf(stored.oauthTokenData, stored.jweEnabled));
      } catch {
        // n8n keeps signing each request
      }
    }
    return response;
  }

  return {
    async request(request: TransportRequest): Promise<TransportResponse> {
      if (options.oauth2 && request.url.startsWith(PLACEHOLDER_TOKEN_URL)) {
        return answerTokenRequest();
      }
      const remaining =
        options.deadline === undefined ? Number.POSITIVE_INFINITY : options.deadline - Date.now();
      if (remaining <= 0) {
        throw new AuditRelayError({
          code: 'ABORTED',
          message: `${options.deadlineName ?? DEADLINE_NAME} does not allow another request`,
        });
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (!CORE_AUTH_HEADERS.has(name.toLowerCase())) headers[name] = value;
      }
      const httpOptions: IHttpRequestOptions = {
        method: request.method,
        url: request.url,
        headers,
        // A stream, so the size bound applies while reading, not after n8n buffered it all.
        encoding: 'stream',
        json: false,
        returnFullResponse: true,
        ignoreHttpStatusErrors: true,
        disableFollowRedirect: true,
        timeout: Math.max(1, Math.min(options.timeoutMs, remaining)),
      };
      if (request.signal) httpOptions.abortSignal = request.signal;
      if (request.body !== undefined) httpOptions.body = request.body;
      let response: FullResponse;
      try {
        response = (await send(httpOptions)) as FullResponse;
      } catch (error) {
        throw transportError(error, request.url, options.oauth2?.scope);
      }
      const status = response.statusCode ?? response.status ?? 0;
      let text: string;
      try {
        text = await readBounded(
          response.body,
          request.url,
          options.maxResponseBytes ?? MAX_RESPONSE_BYTES,
        );
      } catch (error) {
        throw AuditRelayError.isInstance(error)
          ? error
          : transportError(error, request.url, options.oauth2?.scope);
      }
      return bufferedResponse(status, lowerCaseHeaders(response.headers), text);
    },
  };
}

/** The execution's cancel signal, which n8n's `httpRequestWithAuthentication` sets on a request. */
function cancelSignalOf(context: RequestContext): AbortSignal | undefined {
  return 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined;
}

/** A credential as `credentialsDecrypted` (n8n reads only its data; id and name as the node has them). */
function decrypted(
  context: RequestContext,
  credentialType: string,
  data: ICredentialDataDecryptedObject,
): NonNullable<IAdditionalCredentialOptions['credentialsDecrypted']> {
  const node: INode | undefined = context.getNode?.();
  const selected = node?.credentials?.[credentialType];
  return { id: selected?.id ?? '', name: selected?.name ?? '', type: credentialType, data };
}

function tokenError(error: unknown, scope = 'audit'): AuditRelayError {
  const detail = messages(error).replace(/^.*Failed to acquire OAuth2 access token:\s*/i, '');
  return new AuditRelayError({
    code: 'AUTH_FAILED',
    message: `the token request was refused (${detail || 'no details'}). Check the credential's Client ID and Client Secret, and that the External Application has the ${scope} scope.`,
  });
}

function transportError(error: unknown, url: string, scope?: string): AuditRelayError {
  const text = messages(error);
  if (/Failed to acquire OAuth2 access token|OAuth credentials not connected/i.test(text)) {
    return tokenError(error, scope);
  }
  const code = networkCode(error);
  const timedOut = code === 'ETIMEDOUT' || code === 'ECONNABORTED' || /timeout/i.test(text);
  return new AuditRelayError({
    code: timedOut ? 'TIMEOUT' : 'NETWORK_ERROR',
    message: `request to ${pathOf(url)} failed (${code ?? (timedOut ? 'timeout' : 'no response')}): ${firstMessage(error)}`,
    isRetryable: true,
  });
}
