import { z } from 'zod/v4';

// Lenient on purpose: the vendor's own sample repeats ids and uses 23-character ones; unknown
// fields are kept (loose) so `raw` stays complete.
export const koreXoRecordSchema = z.looseObject({
  timestampValue: z.number().nullish(),
  'Date/Time': z.string().nullish(),
  Description: z.string().nullish(),
  Name: z.string().nullish(),
  Category: z.string().nullish(),
  AuditLogId: z.string().min(1),
});

export const koreXoResponseSchema = z.looseObject({
  total: z.number().nullish(),
  auditlogs: z.array(koreXoRecordSchema),
  moreAvailable: z.boolean().nullish(),
});

export type KoreXoRecord = z.infer<typeof koreXoRecordSchema>;
