import { mockServices } from '@backstage/backend-test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteDatabase } from '../__testing__/databases.js';
import { fakeCheckpoint, fakeEvent } from '../__testing__/events.js';
import type { ConfiguredSource } from '../config/read-config.js';
import { AuditLogStore } from '../store/audit-log-store.js';
import { migrate } from '../store/migrate.js';
import { Ingester } from './ingester.js';

const SECRET = 'the-source-secret-0123456789';

describe('Ingester', () => {
  const db = createSqliteDatabase();
  afterAll(() => db.destroy());

  it('goes on past a quarantined record and logs why, redacted', async () => {
    await migrate(db.knex);
    const store = new AuditLogStore(db.knex);
    const logger = mockServices.logger.mock();
    const bad = fakeEvent(2, { id: `leaked ${SECRET}`, occurredAt: 'not a time' });
    const source = {
      id: 'kore',
      type: 'kore-ai-for-work',
      secrets: [SECRET],
      // Two batches: the bad record in the first must not stop the second.
      sync() {
        async function* batches() {
          await Promise.resolve();
          yield {
            events: [fakeEvent(1), bad],
            checkpoint: fakeCheckpoint('kore', fakeEvent(1).occurredAt),
          };
          yield {
            events: [fakeEvent(3)],
            checkpoint: fakeCheckpoint('kore', fakeEvent(3).occurredAt),
          };
        }
        return Object.assign(batches(), {
          report: {
            source: { id: 'kore', type: 'kore-ai-for-work' },
            status: 'complete',
            delivered: 3,
            duplicatesDropped: 0,
            windows: [
              {
                window: { end: fakeEvent(3).occurredAt },
                delivered: 3,
                method: 'split-below-cap',
                detail: 'one window',
                behaviours: [],
              },
            ],
            behaviours: [],
          },
        });
      },
    } as unknown as ConfiguredSource;
    const result = await new Ingester(store, logger).run(source, new AbortController().signal);
    expect(result).toMatchObject({ batches: 2, quarantined: 1 });
    const state = (await store.sourceStates()).get('kore');
    expect(state).toMatchObject({
      storedCount: 2,
      quarantinedCount: 1,
      watermark: fakeEvent(3).occurredAt,
      // The run's completeness report is kept with the source, for /sources and the page.
      lastCompleteness: {
        status: 'complete',
        delivered: 3,
        windows: [{ method: 'split-below-cap' }],
      },
    });
    const { calls } = (logger.warn as unknown as { mock: { calls: unknown[][] } }).mock;
    const warnings = calls.map(([message]) => String(message));
    expect(
      warnings.some((line) => line.includes('Quarantined event') && line.includes('INVALID_TIME')),
    ).toBe(true);
    expect(warnings.join('\n')).not.toContain(SECRET);
  });
});
