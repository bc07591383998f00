import { describe, expect, it } from 'vitest';
import aiForWorkSample from '../../__fixtures__/kore-ai-for-work-seed-response.json' with { type: 'json' };
import { auditEventSchema } from '../../models/audit-event.js';
import { aiForWorkResponseSchema } from './response-schema.js';
import { normalizeAiForWorkRecord } from './normalize.js';
import { loadHtmlToText } from '../../normalize/html-text.js';

// The AI for Work source loads html-to-text when it starts reading; these call the normalizer directly.
await loadHtmlToText();

describe('Kore AI for Work seed sample', () => {
  const [event] = aiForWorkResponseSchema
    .parse(aiForWorkSample)
    .logs.map((r) => normalizeAiForWorkRecord(r, { type: 'kore-ai-for-work', id: 'ai' }));

  it('turns htmlText into plain text and delta into changes', () => {
    expect(event).toMatchObject({
      id: '67584fc8a16721a7bb876d3b',
      dedupeKey: 'kore-ai-for-work:ai:67584fc8a16721a7bb876d3b',
      description: 'Update business rule Answer rule - 67',
      actor: {
        id: 'u-6fd26567-2b99-5265-9b69-54fba448d26f',
        name: 'John jackob',
        email: 'john.jackob@kore.com',
      },
      action: 'update',
      activity: 'update',
      category: 'nlprules',
      target: { type: 'nlprules', id: '66a389b40e9b336c5e6edb19', name: 'Answer rule - 67' },
      changes: [{ field: 'name', to: 'Answer rule - 67' }],
    });
    expect(auditEventSchema.safeParse(event).success).toBe(true);
  });
});
