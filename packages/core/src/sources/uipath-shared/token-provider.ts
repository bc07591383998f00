import type { SourceContext } from '../source-context.js';
import { z } from 'zod/v4';
import { AuditRelayError } from '../../errors/auditrelay-error.js';
import { HttpError } from '../../errors/http-error.js';
import type { HttpClient } from '../../http/http-client.js';
import type { Redactor } from '../../http/redactor.js';

const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().nullish(),
  token_type: z.string().nullish(),
  scope: z.string().nullish(),
});

export interface UipathTokenProviderOptions {
  http: HttpClient;
  redactor: Redactor;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  now: () => number;
}

const REFRESH_MARGIN_MS = 60_000;

/**
 * Client-credentials tokens from UiPath Identity Server: cached until a minute before expiry,
 * fetched once by concurrent callers, dropped on 401 so the next request gets a fresh one.
 */
export class UipathTokenProvider {
  readonly #options: UipathTokenProviderOptions;
  #token: { value: string; expiresAt: number } | undefined;
  #pending: Promise<string> | undefined;

  constructor(options: UipathTokenProviderOptions) {
    this.#options = options;
  }

  async token(signal?: AbortSignal): Promise<string> {
    if (this.#token && this.#token.expiresAt - REFRESH_MARGIN_MS > this.#options.now())
      return this.#token.value;
    this.#pending ??= this.#fetch(signal).finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  invalidate(): void {
    this.#token = undefined;
  }

  async #fetch(signal?: AbortSignal): Promise<string> {
    const { http, tokenUrl, clientId, clientSecret, scope, now, redactor } = this.#options;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope,
    });
    let response: z.output<typeof tokenResponseSchema>;
    try {
      response = await http.json(tokenUrl, tokenResponseSchema, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
        signal,
        rateLimited: false,
      });
    } catch (error) {
      // Identity Server answers 400 invalid_client / invalid_scope for bad credentials.
      if (error instanceof HttpError && (error.status === 400 || error.status === 401)) {
        throw new AuditRelayError({
          code: 'AUTH_FAILED',
          message: `${error.message} The token request was refused: check clientId, clientSecret and that the External Application has the ${scope} scope.`,
          cause: error,
        });
      }
      throw error;
    }
    redactor.addToken(response.access_token);
    this.#token = {
      value: response.access_token,
      expiresAt: now() + (response.expires_in ?? 3600) * 1000,
    };
    return response.access_token;
  }
}

/** `{baseUrl}/identity_/connect/token` on Automation Cloud and Suite, `/identity/…` standalone. */
export function deriveTokenUrl(
  baseUrl: string,
  deployment: 'cloud' | 'suite' | 'standalone',
  explicit?: string,
): string {
  if (explicit) return explicit;
  return `${baseUrl}/${deployment === 'standalone' ? 'identity' : 'identity_'}/connect/token`;
}

/** The token provider of one UiPath source, from its config (both UiPath sources share this). */
export function uipathTokensFor(
  context: SourceContext,
  config: {
    baseUrl: string;
    credentials: { clientId: string; clientSecret: string };
    options: { deployment: 'cloud' | 'suite' | 'standalone'; tokenUrl?: string; scope: string };
  },
): UipathTokenProvider {
  return new UipathTokenProvider({
    http: context.http,
    redactor: context.redactor,
    tokenUrl: deriveTokenUrl(config.baseUrl, config.options.deployment, config.options.tokenUrl),
    clientId: config.credentials.clientId,
    clientSecret: config.credentials.clientSecret,
    scope: config.options.scope,
    now: context.now,
  });
}
