// Internal request/response model shared by the vendor handlers and the server pipeline.

import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { RouteKind, SimulatedVendorId } from './types.js';

export interface SimRequest {
  method: string;
  /** Full path, as received (not decoded). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  vendor: SimulatedVendorId;
  route: RouteKind;
  /** Decoded path parameters (org, tenant, partitionGlobalId, auditLogId). */
  params: Record<string, string | undefined>;
}

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  /** A complete body, or a stream of chunks (sent chunked). */
  body: string | Buffer | AsyncIterable<string>;
}

export const JSON_TYPE = 'application/json; charset=utf-8';

export function json(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): SimResponse {
  return {
    status,
    headers: { 'content-type': JSON_TYPE, ...headers },
    body: JSON.stringify(value),
  };
}

export function html(status: number, page: string): SimResponse {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: page };
}

/** W3C-style trace id as UiPath services print them. */
export function traceId(): string {
  return randomUUID().replace(/-/g, '');
}

/** Query parameter lookup, ASP.NET style: case-insensitive names, first value wins. */
export function queryParam(query: URLSearchParams, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of query) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Strict non-negative integer (decimal digits only). */
export function parseNonNegativeInt(text: string): number | undefined {
  if (!/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

/** Buffers any body (stream bodies included). */
export async function bodyBuffer(response: SimResponse): Promise<Buffer> {
  const { body } = response;
  if (typeof body === 'string') return Buffer.from(body);
  if (Buffer.isBuffer(body)) return body;
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

export const HTML_ERROR_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>UiPath</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
</head>
<body>
<div class="error-page">
<h1>Something went wrong</h1>
<p>We're sorry, but something went wrong. Please try again later or contact your administrator.</p>
<p class="error-code">Error code: 500</p>
</div>
</body>
</html>
`;

/** What the identity server answers a JSON (not form) token request with: its sign-in page. */
export const HTML_SIGN_IN_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>UiPath - Sign in</title>
<base href="/identity_/">
</head>
<body>
<app-root></app-root>
<noscript>Please enable JavaScript to continue using this application.</noscript>
<script src="runtime.js" defer></script><script src="main.js" defer></script>
</body>
</html>
`;
