import { z } from 'zod/v4';

// Lenient: the documented sample is truncated and fields are undocumented beyond it. Unknown
// fields are kept so `raw` stays complete.
export const aiForWorkRecordSchema = z.looseObject({
  _id: z.string().min(1),
  entity: z.string().nullish(),
  action: z.string().nullish(),
  userId: z.string().nullish(),
  accountId: z.string().nullish(),
  entityId: z.string().nullish(),
  delta: z
    .looseObject({
      from: z.record(z.string(), z.unknown()).nullish(),
      to: z.record(z.string(), z.unknown()).nullish(),
    })
    .nullish(),
  htmlText: z.string().nullish(),
  userName: z.string().nullish(),
  emailId: z.string().nullish(),
  cOn: z.string(),
});

export const aiForWorkResponseSchema = z.looseObject({ logs: z.array(aiForWorkRecordSchema) });

export type AiForWorkRecord = z.infer<typeof aiForWorkRecordSchema>;
