import type { AuditSource } from '@auditrelay/core';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { describe, expect, it } from 'vitest';
import { createSqliteDatabase } from '../__testing__/databases.js';
import { auditLogsPlugin } from '../plugin.js';
import { readAuditLogsConfig, retentionDaysOf } from './read-config.js';

const kore = {
  id: 'kore',
  type: 'kore-xo-admin-console',
  baseUrl: 'https://platform.kore.ai',
  credentials: { clientId: 'cs-1', clientSecret: 'top-secret-value-123' },
};

function read(sources: unknown, extra: Record<string, unknown> = {}) {
  return readAuditLogsConfig(new ConfigReader({ auditLogs: { sources, ...extra } } as never));
}

describe('readAuditLogsConfig', () => {
  it('builds built-in sources with the schedule from config, always global', () => {
    const { sources, retention } = read(
      [kore, { ...kore, id: 'kore-2', schedule: { frequency: { minutes: 1 }, timeout: 'PT2M' } }],
      {
        schedule: { frequency: { cron: '*/5 * * * *' }, timeout: { minutes: 3 } },
        retentionDays: 30,
      },
    );
    expect(retention).toEqual({ days: 30, sources: {} });
    expect(sources.map((s) => [s.id, s.schedule])).toEqual([
      [
        'kore',
        {
          frequency: { cron: '*/5 * * * *' },
          timeout: { minutes: 3 },
          initialDelay: { seconds: 5 },
          scope: 'global',
        },
      ],
      [
        'kore-2',
        {
          frequency: { minutes: 1 },
          timeout: { minutes: 2 },
          initialDelay: { seconds: 5 },
          scope: 'global',
        },
      ],
    ]);
    expect(sources[0]!.secrets).toContain('top-secret-value-123');
  });

  it('reads retention per source, and the deprecated retentionDays with a warning', () => {
    const current = read([kore, { ...kore, id: 'kore-2' }], {
      retention: { days: 30, sources: { 'kore-2': 0 } },
    });
    expect(current.retention).toEqual({ days: 30, sources: { 'kore-2': 0 } });
    expect(retentionDaysOf(current.retention, 'kore')).toBe(30);
    expect(retentionDaysOf(current.retention, 'kore-2')).toBeUndefined();
    expect(current.deprecations).toEqual([]);
    const legacy = read([kore], { retentionDays: 7 });
    expect(legacy.retention).toEqual({ days: 7, sources: {} });
    expect(legacy.deprecations[0]).toMatch(
      /retentionDays is deprecated: use auditLogs.retention.days/,
    );
    expect(read([kore]).retention.days).toBe(90);
    expect(() => read([kore], { retentionDays: 7, retention: { days: 8 } })).toThrow(
      'auditLogs.retentionDays: deprecated, and auditLogs.retention.days is set too',
    );
    expect(() => read([kore], { retention: { days: -1 } })).toThrow('auditLogs.retention.days');
    expect(() => read([kore], { retention: { sources: { korr: 5 } } })).toThrow(
      'auditLogs.retention.sources.korr: no configured source has the id "korr"',
    );
  });

  it('names every bad key and never echoes a secret', () => {
    let message = '';
    try {
      read([
        {
          ...kore,
          credentials: { clientId: 'cs-1', clientSecret: { env: 'AUDIT_LOGS_TEST_MISSING' } },
        },
        { ...kore, id: 'kore', baseUrl: 'http://kore.example.com' },
        { ...kore, id: 'x', type: 'acme-audit' },
        { ...kore, id: 'y', options: { pageSize: 1000 } },
      ]);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(
      'auditLogs.sources[0].credentials.clientSecret: environment variable AUDIT_LOGS_TEST_MISSING is not set',
    );
    expect(message).toContain(
      'auditLogs.sources[1].baseUrl: plain http:// is only allowed for loopback hosts',
    );
    expect(message).toContain('auditLogs.sources[2].type: unknown source type "acme-audit"');
    expect(message).toContain('auditLogs.sources[3].options.pageSize');
    expect(message).not.toContain('top-secret-value-123');
  });

  it('reports duplicate ids and bad schedules', () => {
    expect(() => read([kore, kore])).toThrow('auditLogs.sources[1].id: duplicate source id "kore"');
    expect(() => read([{ ...kore, schedule: { frequency: 'often' } }])).toThrow(
      'auditLogs.sources[0].schedule',
    );
  });

  it('builds module source types through their create()', () => {
    const fake = {
      id: 'acme',
      type: 'acme-audit',
      name: 'Acme',
      close: async () => {},
    } as AuditSource;
    const { sources } = readAuditLogsConfig(
      new ConfigReader({
        auditLogs: {
          sources: [{ id: 'acme', type: 'acme-audit', credentials: { token: 'tok-123456' } }],
        },
      }),
      new Map([
        [
          'acme-audit',
          { type: 'acme-audit', create: () => ({ source: fake, sync: { lagSeconds: 5 } }) },
        ],
      ]),
    );
    expect(sources[0]).toMatchObject({ id: 'acme', type: 'acme-audit', secrets: ['tok-123456'] });
  });

  it('stops the backend at startup on a bad entry', async () => {
    const db = createSqliteDatabase();
    await expect(
      startTestBackend({
        features: [
          auditLogsPlugin,
          mockServices.database.factory({ knex: db.knex }),
          mockServices.rootConfig.factory({
            data: { auditLogs: { sources: [{ ...kore, credentials: { clientId: 'cs-1' } }] } },
          }),
        ],
      }),
    ).rejects.toThrow(/auditLogs\.sources\[0\]\.credentials\.clientSecret/);
    await db.destroy();
  });
});
