import { Readable } from 'node:stream';
import type { HttpTransport, TransportRequest, TransportResponse } from '../http/transport.js';

/** One request as a connector sent it: the URL split into path and query, headers as given. */
export interface RecordedRequest {
  method: TransportRequest['method'];
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
}

export type Reply = { status?: number; headers?: Record<string, string>; json: unknown };

/**
 * A transport that records every request and answers from `reply` (JSON bodies), for unit tests
 * that assert exactly what a connector sends. No network is touched.
 */
export function recordingTransport(reply: (request: RecordedRequest) => Reply): HttpTransport & {
  requests: RecordedRequest[];
} {
  const requests: RecordedRequest[] = [];
  return {
    requests,
    request(request: TransportRequest): Promise<TransportResponse> {
      const url = new URL(request.url);
      const recorded: RecordedRequest = {
        method: request.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: { ...request.headers },
        ...(request.body === undefined ? {} : { body: request.body }),
      };
      requests.push(recorded);
      const answer = reply(recorded);
      const text = JSON.stringify(answer.json);
      return Promise.resolve({
        status: answer.status ?? 200,
        headers: { 'content-type': 'application/json', ...answer.headers },
        text: () => Promise.resolve(text),
        body: () => Readable.from([Buffer.from(text)]),
        dump: () => Promise.resolve(),
      });
    },
  };
}
