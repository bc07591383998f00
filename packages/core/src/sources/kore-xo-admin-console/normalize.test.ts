import { describe, expect, it } from 'vitest';
import koreXoSample from '../../__fixtures__/kore-xo-seed-response.json' with { type: 'json' };
import { auditEventSchema } from '../../models/audit-event.js';
import { koreXoResponseSchema } from './response-schema.js';
import { normalizeKoreXoRecord } from './normalize.js';

const xo = { type: 'kore-xo-admin-console', id: 'xo' };

describe('Kore XO seed sample', () => {
  const events = koreXoResponseSchema
    .parse(koreXoSample)
    .auditlogs.map((r) => normalizeKoreXoRecord(r, xo));

  it('parses three records sharing one 23-character id into three distinct events', () => {
    expect(events).toHaveLength(3);
    expect(new Set(events.map((e) => e.id))).toEqual(new Set(['5e10c62ce0e2f05f0548048']));
    expect(new Set(events.map((e) => e.dedupeKey)).size).toBe(3);
  });

  it('normalizes time, activity, source IP and keeps the raw record', () => {
    const [logout, , created] = events;
    expect(logout).toMatchObject({
      occurredAt: '2020-01-04T17:06:52.745Z',
      originalTime: '2020-01-04T17:06:52.745Z',
      action: 'Logout',
      activity: 'logout',
      category: 'Login/Logout',
      sourceIp: '127.0.0.1',
      outcome: 'success',
    });
    expect(created).toMatchObject({ activity: 'create', sourceIp: undefined });
    expect(logout!.raw).toEqual(koreXoSample.auditlogs[0]);
    for (const event of events) expect(auditEventSchema.safeParse(event).success).toBe(true);
  });

  it('gives a re-read of the same record the same dedupe key', () => {
    const again = normalizeKoreXoRecord(koreXoResponseSchema.parse(koreXoSample).auditlogs[0]!, xo);
    expect(again.dedupeKey).toBe(events[0]!.dedupeKey);
  });
});
