import { defineBuiltInSource } from '../builtin-definition.js';
import { koreAiForWorkConfigSchema, type KoreAiForWorkConfig } from './config.js';
import { AI_FOR_WORK_FILTER_DEFINITIONS } from './filters.js';
import { normalizeAiForWorkRecord } from './normalize.js';
import { createKoreAiForWorkSource } from './source.js';

/** Kore.ai AI for Work: the workspace audit logs. */
export const koreAiForWorkDefinition = defineBuiltInSource({
  type: 'kore-ai-for-work',
  vendor: 'Kore.ai',
  product: 'AI for Work',
  description: 'Kore.ai AI for Work audit logs (personal API key)',
  configSchema: koreAiForWorkConfigSchema,
  credentialKind: 'kore-api-key',
  filters: AI_FOR_WORK_FILTER_DEFINITIONS,
  example: {
    id: 'ai4w',
    baseUrl: 'https://platform.kore.ai',
    credentials: { apiKey: 'env:KORE_AI4W_KEY' },
  },
  recordFields: { category: 'entity', action: 'action' },
  capabilities: { download: false, timeSlicing: true, persistentCursor: false },
  create: (config: KoreAiForWorkConfig, dependencies) =>
    createKoreAiForWorkSource(config, dependencies),
  normalize: normalizeAiForWorkRecord,
});
