import { z } from 'zod/v4';
import { SYNC_DEFAULTS } from '../sync/sync-defaults.js';

/** Options every source accepts, all with defaults. */
export const commonOptionsShape = {
  /** Sync reads up to `now − lagSeconds`, giving the vendor time to make late writes visible. Default 60. */
  lagSeconds: z.number().int().min(0).max(86_400).default(SYNC_DEFAULTS.lagSeconds),
  /** Each sync re-reads this much before the last watermark and drops what it already delivered. Default 300. */
  overlapSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .default(SYNC_DEFAULTS.overlapSeconds),
  /** Where the first sync starts, as an ISO instant. Default: `initialLookbackHours` before now. */
  startAt: z.iso.datetime({ offset: true }).optional(),
  /** How far back the first sync reaches when `startAt` is not set. Default 24. */
  initialLookbackHours: z
    .number()
    .positive()
    .max(24 * 366 * 5)
    .default(SYNC_DEFAULTS.initialLookbackHours),
  /**
   * Vendor filters for every sync of this source (the Backstage ingestion, `auditrelay tail`), by
   * filter name, e.g. `{ eventSource: 'Orchestrator' }`. Changing them later does not re-read what
   * a checkpoint already covers.
   */
  filters: z.record(z.string(), z.string()).optional(),
  /** Safety bound on pages per read; reaching it is an error, not a silent stop. Default 100 000. */
  maxPages: z.number().int().positive().max(10_000_000).default(100_000),
  /** Plain HTTP is refused except on loopback unless this is true. */
  allowInsecureHttp: z.boolean().default(false),
  /** Per-request timeout for headers and body, in seconds. Default 30. */
  timeoutSeconds: z.number().positive().max(600).default(30),
  /** Attempts per request, the first included. Default 6. */
  maxAttempts: z.number().int().min(1).max(20).default(6),
  /**
   * Overall time for one attempt of one request (connect, headers and the whole body, downloads
   * included), in seconds: a server sending a byte now and then cannot hold a request forever.
   * Default 300.
   */
  deadlineSeconds: z.number().positive().max(86_400).default(300),
  /** Largest file the UiPath Platform Management download may deliver, in MiB. Default 1024. */
  maxDownloadMegabytes: z.number().positive().max(1_048_576).default(1024),
  /**
   * HTTP(S) proxy for this source, e.g. `http://user:password@proxy.example.com:3128`; overrides
   * HTTPS_PROXY/HTTP_PROXY (NO_PROXY still applies). Its credentials are secrets: they are only
   * sent to the proxy (in the CONNECT request) and redacted everywhere else. Node entry only.
   */
  proxy: z
    .string()
    .refine(isProxyUrl, {
      // Never echo the value: it may carry credentials.
      message: 'expected an http:// or https:// proxy URL, e.g. http://proxy.example.com:3128',
    })
    .optional(),
  /**
   * A PEM file of extra CA certificates to trust (a TLS-inspecting proxy's, a private PKI's), on
   * top of Node's bundled roots. Node entry only (the portable entry reads no files).
   */
  caFile: z.string().min(1, 'expected the path of a PEM file').optional(),
};

function isProxyUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
