import type { AuditEvent, Checkpoint } from '@auditrelay/core';

const BASE = Date.parse('2026-10-01T00:00:00.000Z');

/** A deterministic normalized event: `n` orders them in time (one per minute). */
export function fakeEvent(n: number, overrides: Partial<AuditEvent> = {}): AuditEvent {
  const sourceId = overrides.source?.id ?? 'kore';
  return {
    schemaVersion: 1,
    id: `evt-${n}`,
    dedupeKey: `${sourceId}:evt-${n}`,
    source: { type: 'kore-ai-for-work', id: sourceId },
    occurredAt: new Date(BASE + n * 60_000).toISOString(),
    originalTime: new Date(BASE + n * 60_000).toISOString(),
    actor: {
      id: `u${n % 7}`,
      name: `User ${n % 7}`,
      email: `user${n % 7}@example.com`,
      type: 'user',
    },
    action: n % 2 === 0 ? 'BOT_PUBLISHED' : 'USER_LOGIN',
    activity: n % 2 === 0 ? 'update' : 'login',
    category: n % 3 === 0 ? 'Bots' : 'Users',
    target: { type: 'bot', id: `bot-${n % 5}`, name: `Bot ${n % 5}` },
    description: `Event number ${n} with 100% "quotes", commas and\nnew lines`,
    sourceIp: '10.0.0.1',
    outcome: 'success',
    changes: [{ field: 'name', from: `old ${n}`, to: `new ${n}` }],
    raw: { n, nested: { ok: true } },
    ...overrides,
  };
}

export function fakeCheckpoint(sourceId: string, watermark?: string): Checkpoint {
  return {
    version: 1,
    source: { type: 'kore-ai-for-work', id: sourceId },
    ...(watermark ? { watermark } : {}),
    recentKeys: [],
    updatedAt: new Date().toISOString(),
  };
}
