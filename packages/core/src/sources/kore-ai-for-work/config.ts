import { z } from 'zod/v4';
import { defineSourceConfig, type ResolvedConfig } from '../../config/base-config.js';
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
     * The largest answer your tenant's API has been seen to return, as measured by
     * `auditlogs probe` (which writes it here). The API documents no paging and cuts answers short
     * silently, so an answer is trusted as complete only when it is smaller than the largest one
     * seen; this seeds that knowledge. Unset: learnt while reading (a few more requests at first).
     * Never set it by guess: a value above the real cap lets cut-short answers through.
     */
    responseCap: z.number().int().min(1).max(1_000_000).optional(),
    /** Smallest window the splitter will create before giving up with an error. Default 1 ms. */
    minWindowMs: z.number().int().min(1).default(1),
  },
);

/** A validated kore-ai-for-work config: defaults applied, secrets resolved. */
export type KoreAiForWorkConfig = ResolvedConfig<z.output<typeof koreAiForWorkConfigSchema>>;
