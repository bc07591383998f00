import { z } from 'zod/v4';

/** Options every source accepts, all with defaults. */
export const commonOptionsShape = {
  /** Sync reads up to `now − lagSeconds`, giving the vendor time to make late writes visible. Default 60. */
  lagSeconds: z.number().int().min(0).max(86_400).default(60),
  /** Each sync re-reads this much before the last watermark and drops what it already delivered. Default 300. */
  overlapSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .default(300),
  /** Where the first sync starts, as an ISO instant. Default: `initialLookbackHours` before now. */
  startAt: z.iso.datetime({ offset: true }).optional(),
  /** How far back the first sync reaches when `startAt` is not set. Default 24. */
  initialLookbackHours: z
    .number()
    .positive()
    .max(24 * 366 * 5)
    .default(24),
  /** Safety bound on pages per read; reaching it is an error, not a silent stop. Default 100 000. */
  maxPages: z.number().int().positive().max(10_000_000).default(100_000),
  /** Plain HTTP is refused except on loopback unless this is true. */
  allowInsecureHttp: z.boolean().default(false),
  /** Per-request timeout for headers and body, in seconds. Default 30. */
  timeoutSeconds: z.number().positive().max(600).default(30),
  /** Attempts per request, the first included. Default 6. */
  maxAttempts: z.number().int().min(1).max(20).default(6),
};
