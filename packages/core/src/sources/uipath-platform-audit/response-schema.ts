import { z } from 'zod/v4';

// Lenient: fields are nullable in practice, unknown ones are kept for `raw`. There is no id.
export const uipathPlatformRecordSchema = z.looseObject({
  createdOn: z.string(),
  category: z.string().nullish(),
  action: z.string().nullish(),
  auditLogDetails: z.string().nullish(),
  userName: z.string().nullish(),
  email: z.string().nullish(),
  message: z.string().nullish(),
  detailsVersion: z.union([z.string(), z.number()]).nullish(),
  source: z.string().nullish(),
});

export const uipathPlatformResponseSchema = z.looseObject({
  totalCount: z.number().nullish(),
  results: z.array(uipathPlatformRecordSchema),
});

export type UipathPlatformRecord = z.infer<typeof uipathPlatformRecordSchema>;
