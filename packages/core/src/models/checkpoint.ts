import { z } from 'zod/v4';
import { ValidationError } from '../errors/validation-error.js';
import { AuditRelayError } from '../errors/auditrelay-error.js';

export const CHECKPOINT_VERSION = 1;

const cursorSchema = z.record(z.string(), z.union([z.string(), z.number()]));

export const checkpointSchema = z.object({
  version: z.literal(CHECKPOINT_VERSION),
  source: z.object({ type: z.string(), id: z.string() }),
  /** Every event that occurred before this instant (UTC ISO) has been delivered. */
  watermark: z.string().optional(),
  /** A vendor keyset cursor (e.g. the last Orchestrator `Id`), when the source has one. */
  cursor: cursorSchema.optional(),
  /** Dedupe keys already delivered near the watermark, so re-reading the overlap adds nothing. */
  recentKeys: z.array(z.string()),
  /** The window a run was reading when it stopped; the next run finishes it first. */
  window: z.object({ start: z.string().optional(), end: z.string() }).optional(),
  updatedAt: z.string(),
});

/** JSON-serializable sync state. Commit it only after the batch it came with is safely stored. */
export type Checkpoint = z.infer<typeof checkpointSchema>;
export type SourceCursor = z.infer<typeof cursorSchema>;

/** Reads a stored checkpoint (an object or its JSON text), with a clear error when it is not one. */
export function parseCheckpoint(value: unknown): Checkpoint {
  let data = value;
  if (typeof value === 'string') {
    try {
      data = JSON.parse(value) as unknown;
    } catch (cause) {
      throw new AuditRelayError({
        code: 'CHECKPOINT_INVALID',
        message: 'The checkpoint is not valid JSON.',
        cause,
      });
    }
  }
  const result = checkpointSchema.safeParse(data);
  if (!result.success) {
    const error = ValidationError.fromZod(result.error, {
      prefix: 'checkpoint',
      context: 'Invalid checkpoint',
    });
    throw new AuditRelayError({ code: 'CHECKPOINT_INVALID', message: error.message, cause: error });
  }
  return result.data;
}
