import { z } from 'zod/v4';
import { defineSourceConfig } from '../../config/base-config.js';
import { secretSchema } from '../../config/secret.js';

export const koreAiForWorkConfigSchema = defineSourceConfig(
  'kore-ai-for-work',
  {
    /** An admin's Personal API Key, sent as the `auth` header. */
    apiKey: secretSchema,
  },
  {
    /** Reads are cut into windows of at most this many minutes. Default 1440 (one day). */
    windowMinutes: z
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 31)
      .default(1440),
    /**
     * The API documents no paging. A response with at least this many logs is taken as capped and
     * its window is split in two. Default 1000.
     */
    responseCap: z.number().int().min(2).max(1_000_000).default(1000),
    /** Smallest window the splitter will create before giving up with an error. Default 1 ms. */
    minWindowMs: z.number().int().min(1).default(1),
  },
);
