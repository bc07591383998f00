/**
 * The one seam between auditrelay and the network. Hosts that own HTTP (n8n's
 * `httpRequestWithAuthentication`, a proxy-aware agent) implement it; the default is undici.
 * A transport only moves bytes: retries, rate limits, auth and parsing live above it.
 */
export interface HttpTransport {
  request(request: TransportRequest): Promise<TransportResponse>;
  /** Releases pooled connections. */
  close?(): Promise<void>;
}

export interface TransportRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface TransportResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  /** The whole body as text (bounded by the transport's size limit). */
  text(): Promise<string>;
  /** The body as a byte stream, for large downloads. */
  body(): AsyncIterable<Uint8Array>;
  /** Discards the body without reading it. */
  dump(): Promise<void>;
}
