import type { RequestOptions } from '../../http/http-client.js';
import type { UipathTokenProvider } from './token-provider.js';

/** Request options that send the bearer token and refresh it once on 401. */
export function bearerAuth(
  tokens: UipathTokenProvider,
  signal?: AbortSignal,
  extraHeaders: Record<string, string> = {},
): RequestOptions {
  return {
    signal,
    headers: { 'content-type': 'application/json', ...extraHeaders },
    auth: async () => ({ authorization: `Bearer ${await tokens.token(signal)}` }),
    onUnauthorized: () => {
      tokens.invalidate();
      return Promise.resolve(true);
    },
  };
}
